package dev.serverlesscd.functions.github;

import java.util.List;
import java.util.Optional;

/**
 * GitHub is off (no token and no GitHub App configured): commit statuses are logged ({@link LoggingCommitStatuses});
 * every other call throws {@link GitHubApiException} saying why, which the pipeline logs as a warning.
 */
public final class OffGitHubClient implements GitHubClient {
    private final String why;
    private final LoggingCommitStatuses statuses;

    public OffGitHubClient(String why) {
        this.why = why;
        this.statuses = new LoggingCommitStatuses(why);
    }

    @Override
    public void post(CommitStatus status) {
        statuses.post(status);
    }

    private GitHubApiException off(String what) {
        return new GitHubApiException("GitHub is off (" + why + "): not " + what, 0);
    }

    @Override
    public List<IssueComment> comments(String repository, int number) {
        throw off("reading the comments of " + repository + "#" + number);
    }

    @Override
    public IssueComment createComment(String repository, int number, String body) {
        throw off("commenting on " + repository + "#" + number);
    }

    @Override
    public IssueComment updateComment(String repository, long commentId, String body) {
        throw off("editing a comment of " + repository);
    }

    @Override
    public Optional<Release> releaseByTag(String repository, String tag) {
        throw off("reading the release " + tag + " of " + repository);
    }

    @Override
    public Release createRelease(String repository, ReleaseSpec release) {
        throw off("creating the release " + release.tag() + " of " + repository);
    }

    @Override
    public Release updateRelease(String repository, long releaseId, ReleaseSpec release) {
        throw off("updating the release " + release.tag() + " of " + repository);
    }

    @Override
    public void uploadAsset(String repository, Release release, String name, String contentType, byte[] content) {
        throw off("uploading " + name + " to " + repository + " " + release.tag());
    }

    @Override
    public List<String> tags(String repository) {
        throw off("reading the tags of " + repository);
    }

    @Override
    public List<CommitInfo> compare(String repository, String base, String head) {
        throw off("comparing " + base + "..." + head + " of " + repository);
    }

    @Override
    public String uploadSarif(String repository, String commit, String ref, byte[] sarif) {
        throw off("uploading SARIF for " + repository + "@" + commit);
    }
}
