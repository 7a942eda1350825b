package dev.serverlesscd.asl;

/**
 * SendTaskSuccess/Failure/Heartbeat refused; {@link #errorCode()} is the AWS error code:
 * {@code TaskDoesNotExist}, {@code InvalidToken} or {@code TaskTimedOut}.
 */
public class TaskTokenException extends Exception {
    private final String errorCode;

    public TaskTokenException(String errorCode, String message) {
        super(errorCode + ": " + message);
        this.errorCode = errorCode;
    }

    public String errorCode() {
        return errorCode;
    }
}
