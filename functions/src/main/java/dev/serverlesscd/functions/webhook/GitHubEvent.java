package dev.serverlesscd.functions.webhook;

import dev.serverlesscd.functions.run.Contributor;
import java.util.List;

/** A delivery's payload, read for what the pipeline needs (see {@link GitHubEventParser}). */
public sealed interface GitHubEvent {

    /** The hook was created or tested: answered with its id, nothing else happens. */
    record Ping(long hookId, String zen) implements GitHubEvent {
    }

    /**
     * A push of a branch ({@code branch} set) or a tag ({@code tag} set); deleted refs are not pushes we run.
     * {@code defaultBranch}: the repository's default branch ({@code repository.default_branch}), null when the
     * payload does not say. {@code before}: the ref's commit before the push (all zeros for a new ref);
     * {@code contributors}: the pusher and the authors of the head commit and of the commits listed;
     * {@code firstCommitAt}: the oldest of the pushed commits' timestamps, null when none.
     */
    /**
     * A push; {@code changedPaths}: every path its listed commits added, modified or removed, or null when that is
     * not known (no commits listed, as for a new tag or a force-push to an older commit, or as many as GitHub lists at
     * most, {@link GitHubEventParser#MAX_LISTED_COMMITS}, so some may be missing).
     */
    record Push(String repository, String cloneUrl, String ref, String branch, String defaultBranch, String tag,
                String before, String commit, String author, List<Contributor> contributors,
                java.time.Instant firstCommitAt, List<String> changedPaths) implements GitHubEvent {
        public Push {
            contributors = contributors == null ? List.of() : List.copyOf(contributors);
            changedPaths = changedPaths == null ? null : List.copyOf(changedPaths);
        }

        /** The commit the change is measured against: {@code before}, or null for a new ref. */
        public String baseCommit() {
            return GitHubEventParser.isZero(before) ? null : before;
        }
    }

    /** A push that deleted a branch or tag ({@code deleted: true}): it runs nothing, but ends the ref's history. */
    record DeletedRef(String repository, String ref, String before) implements GitHubEvent {
    }

    /**
     * A pull request opened, synchronized or reopened; {@code fork}: its head lives in another repository.
     * {@code defaultBranch}: the default branch of the repository it targets (the base repository's
     * {@code default_branch}), null when the payload does not say. {@code before}: the head before a
     * {@code synchronize} (null for the other actions); {@code baseCommit}: {@code pull_request.base.sha}, null when
     * the payload does not say; {@code contributors}: the pull request's author and the sender. What the
     * repository's pull request filter reads: {@code baseBranch} ({@code pull_request.base.ref}), {@code labels}
     * ({@code pull_request.labels[].name}) and {@code addedLabel} (the label a {@code labeled} delivery added; null
     * for the other actions).
     */
    record PullRequest(String repository, String cloneUrl, int number, String headBranch, String defaultBranch,
                       String before, String commit, String baseCommit, String author, List<Contributor> contributors,
                       boolean fork, String baseBranch, List<String> labels, String addedLabel) implements GitHubEvent {
        public PullRequest {
            contributors = contributors == null ? List.of() : List.copyOf(contributors);
            labels = labels == null ? List.of() : List.copyOf(labels);
        }

        /** A pull request whose base branch and labels are not known. */
        public PullRequest(String repository, String cloneUrl, int number, String headBranch, String defaultBranch,
                           String before, String commit, String baseCommit, String author,
                           List<Contributor> contributors, boolean fork) {
            this(repository, cloneUrl, number, headBranch, defaultBranch, before, commit, baseCommit, author,
                    contributors, fork, null, List.of(), null);
        }

        /** This pull request with what its repository's filter reads. */
        public PullRequest withFilterFacts(String base, List<String> carried, String added) {
            return new PullRequest(repository, cloneUrl, number, headBranch, defaultBranch, before, commit, baseCommit,
                    author, contributors, fork, base, carried, added);
        }
    }

    /** Not something the pipeline runs: {@code reason} says why ("create", "pull_request.closed", …). */
    record Ignored(String reason) implements GitHubEvent {
    }
}
