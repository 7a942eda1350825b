package dev.serverlesscd.functions.deploy;

/** The Kubernetes API refused or failed a request: the message says which request, the HTTP code and why. */
public class ClusterException extends DeployException {
    private final int code;

    public ClusterException(String error, int code, String message, Throwable cause) {
        super(error, message, cause);
        this.code = code;
    }

    /** The HTTP status code the API server answered, 0 if there was no answer. */
    public int code() {
        return code;
    }
}
