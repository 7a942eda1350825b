package dev.serverlesscd.asl.jsonpath;

/**
 * A run-time failure of a JSONPath-mode function, named as Step Functions names it ({@code States.Runtime},
 * {@code States.ResultPathMatchFailure}, {@code States.IntrinsicFailure}) with a cause text. The executor turns it into
 * the state's error; this package does not depend on the executor.
 */
public class StatesError extends RuntimeException {
    private final String error;
    private final String cause;

    public StatesError(String error, String cause) {
        super(error + ": " + cause, null, false, false);
        this.error = error;
        this.cause = cause;
    }

    /** The error name, e.g. {@code States.Runtime}. */
    public String error() {
        return error;
    }

    /** The human-readable cause. */
    public String cause() {
        return cause;
    }
}
