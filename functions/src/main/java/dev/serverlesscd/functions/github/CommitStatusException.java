package dev.serverlesscd.functions.github;

/** A commit status could not be posted; the message says why (GitHub's answer, the wait it asked for, the I/O error). */
public class CommitStatusException extends GitHubApiException {

    public CommitStatusException(String message) {
        super(message, 0);
    }

    public CommitStatusException(String message, Throwable cause) {
        super(message, cause instanceof GitHubApiException api ? api.status() : 0, cause);
    }
}
