package dev.serverlesscd.asl;

/**
 * A Step Functions error as a state reports it: an error name such as {@code States.Runtime} or a task's own
 * error, and a human-readable cause. This is what Retry and Catch match on, and what ends up as
 * {@code {"Error": ..., "Cause": ...}} in error output.
 */
public class AslError extends RuntimeException {
    private final String error;
    private final String cause;

    public AslError(String error, String cause) {
        super(error + ": " + cause);
        this.error = error;
        this.cause = cause;
    }

    public String error() {
        return error;
    }

    public String cause() {
        return cause;
    }
}
