package dev.serverlesscd.functions.notify;

/** The {@code Notify} task's request (docs/architecture.md). {@code author} is a login or an address. */
public record NotifyRequest(
        String runId, String status, String error, String cause, String repository, String commit, String author) {
}
