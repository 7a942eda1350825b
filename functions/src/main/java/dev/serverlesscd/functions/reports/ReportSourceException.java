package dev.serverlesscd.functions.reports;

/** The report source could not be read: the message says where and why. */
public class ReportSourceException extends RuntimeException {
    public ReportSourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
