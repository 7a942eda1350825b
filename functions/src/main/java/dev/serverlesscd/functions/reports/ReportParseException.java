package dev.serverlesscd.functions.reports;

/** A report is not what its format says it should be; the message names the file and the problem. */
public class ReportParseException extends Exception {
    public ReportParseException(String message) {
        super(message);
    }

    public ReportParseException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A problem on one line of a line-oriented report: {@code <path>:<line>: <message>}. */
    static ReportParseException at(ReportFile file, int line, String message) {
        return new ReportParseException(file.path() + ":" + line + ": " + message);
    }

    /** A line of a report as a message quotes it: at most 60 characters. */
    static String quote(String line) {
        return line.length() > 60 ? line.substring(0, 60) + "…" : line;
    }
}
