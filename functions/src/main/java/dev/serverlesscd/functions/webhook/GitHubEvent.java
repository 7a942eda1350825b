package dev.serverlesscd.functions.webhook;

/** A delivery's payload, read for what the pipeline needs (see {@link GitHubEventParser}). */
public sealed interface GitHubEvent {

    /** The hook was created or tested: answered with its id, nothing else happens. */
    record Ping(long hookId, String zen) implements GitHubEvent {
    }

    /**
     * A push of a branch ({@code branch} set) or a tag ({@code tag} set); deleted refs are not pushes we run.
     * {@code defaultBranch}: the repository's default branch ({@code repository.default_branch}), null when the
     * payload does not say. {@code firstCommitAt}: the oldest of the pushed commits' timestamps, null when none.
     */
    record Push(String repository, String cloneUrl, String ref, String branch, String defaultBranch, String tag,
                String commit, String author, java.time.Instant firstCommitAt) implements GitHubEvent {

        public Push(String repository, String cloneUrl, String ref, String branch, String defaultBranch, String tag,
                    String commit, String author) {
            this(repository, cloneUrl, ref, branch, defaultBranch, tag, commit, author, null);
        }
    }

    /**
     * A pull request opened, synchronized or reopened; {@code fork}: its head lives in another repository.
     * {@code defaultBranch}: the default branch of the repository it targets (the base repository's
     * {@code default_branch}), null when the payload does not say.
     */
    record PullRequest(String repository, String cloneUrl, int number, String headBranch, String defaultBranch,
                       String commit, String author, boolean fork) implements GitHubEvent {
    }

    /** Not something the pipeline runs: {@code reason} says why ("create", "pull_request.closed", …). */
    record Ignored(String reason) implements GitHubEvent {
    }
}
