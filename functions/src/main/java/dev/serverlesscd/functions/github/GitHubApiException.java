package dev.serverlesscd.functions.github;

/**
 * A call to GitHub's REST API failed; the message says which call and why (GitHub's answer, the wait it asked for,
 * the I/O error). {@link #status()} is GitHub's HTTP status, 0 when there was no answer (I/O error, budget spent).
 */
public class GitHubApiException extends RuntimeException {
    private final int status;

    public GitHubApiException(String message, int status) {
        super(message);
        this.status = status;
    }

    public GitHubApiException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
