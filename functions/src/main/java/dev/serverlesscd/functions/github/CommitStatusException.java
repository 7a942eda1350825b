package dev.serverlesscd.functions.github;

/** A commit status could not be posted; the message says why (GitHub's answer, the wait it asked for, the I/O error). */
public class CommitStatusException extends RuntimeException {

    public CommitStatusException(String message) {
        super(message);
    }

    public CommitStatusException(String message, Throwable cause) {
        super(message, cause);
    }
}
