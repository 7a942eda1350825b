package dev.serverlesscd.functions.github;

/**
 * The port for commit statuses on GitHub (docs/architecture.md, "Commit statuses"). Adapters:
 * {@link GitHubCommitStatuses} (the REST API; throws {@link CommitStatusException} when a status could not be posted),
 * {@link SafeCommitStatuses} (logs that failure and never throws: what the pipeline uses), and
 * {@link LoggingCommitStatuses} (statuses are off: logs what it would post).
 */
public interface CommitStatuses {

    void post(CommitStatus status);
}
