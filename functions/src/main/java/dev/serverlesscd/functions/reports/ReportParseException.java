package dev.serverlesscd.functions.reports;

/** A report is not what its format says it should be; the message names the file and the problem. */
public class ReportParseException extends Exception {
    public ReportParseException(String message) {
        super(message);
    }

    public ReportParseException(String message, Throwable cause) {
        super(message, cause);
    }
}
