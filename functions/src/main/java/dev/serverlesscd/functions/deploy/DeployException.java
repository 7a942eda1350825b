package dev.serverlesscd.functions.deploy;

/**
 * A deploy, rollback, rollout check or health check that could not be done. {@link #error()} is the error's name
 * in the contract ({@code Deploy.NoRollbackTarget}, {@code Deploy.DeploymentNotFound}, ...); the message starts
 * with it and says what was asked and why it failed. Lambda reports the exception's class name as the error type,
 * so the state machine can catch each subclass by name; the message is the cause it sees.
 */
public class DeployException extends RuntimeException {
    private final String error;

    public DeployException(String error, String message) {
        this(error, message, null);
    }

    public DeployException(String error, String message, Throwable cause) {
        super(error + ": " + message, cause);
        this.error = error;
    }

    public String error() {
        return error;
    }
}
