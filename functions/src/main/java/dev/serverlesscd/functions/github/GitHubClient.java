package dev.serverlesscd.functions.github;

import java.util.List;
import java.util.Optional;

/**
 * The port for everything the pipeline tells GitHub (docs/architecture.md, "GitHub"): commit statuses, the pull
 * request's comment, releases and their assets, code scanning, and what it reads back to write a changelog (tags,
 * the commits between two refs). Adapters: {@link RestGitHubClient} (the REST API, or a GitHub Enterprise Server's)
 * and the local runtime's, which writes under {@code .pipeline/github/} and reads the git clone. Calls throw
 * {@link GitHubApiException} when GitHub refused or could not be reached; callers decide whether that matters
 * (it never fails a run).
 */
public interface GitHubClient extends CommitStatuses {

    /** The comments of issue or pull request {@code number}, oldest first. */
    List<IssueComment> comments(String repository, int number);

    IssueComment createComment(String repository, int number, String body);

    IssueComment updateComment(String repository, long commentId, String body);

    /**
     * The one comment of {@code number} whose body holds {@code marker} (a hidden {@code <!-- … -->}) is edited to
     * {@code body}; none: it is created. {@code body} must hold the marker, so the next call finds it again.
     */
    default IssueComment upsertComment(String repository, int number, String marker, String body) {
        if (marker == null || marker.isBlank() || body == null || !body.contains(marker)) {
            throw new IllegalArgumentException("a kept comment's body must hold its marker '" + marker + "'");
        }
        Optional<IssueComment> existing = comments(repository, number).stream()
                .filter(comment -> comment.body() != null && comment.body().contains(marker))
                .findFirst();
        return existing.isPresent()
                ? updateComment(repository, existing.get().id(), body)
                : createComment(repository, number, body);
    }

    Optional<Release> releaseByTag(String repository, String tag);

    Release createRelease(String repository, ReleaseSpec release);

    Release updateRelease(String repository, long releaseId, ReleaseSpec release);

    /** Attaches {@code content} as asset {@code name}, replacing an asset of that name (a re-run uploads it again). */
    void uploadAsset(String repository, Release release, String name, String contentType, byte[] content);

    /** The repository's tags, newest first as GitHub lists them (at most the first 100). */
    List<String> tags(String repository);

    /** The commits reachable from {@code head} and not from {@code base}, oldest first. */
    List<CommitInfo> compare(String repository, String base, String head);

    /**
     * Uploads a SARIF report for {@code commit} on {@code ref} to code scanning ({@code gzip} and base64 here).
     *
     * @return GitHub's id of the upload
     */
    String uploadSarif(String repository, String commit, String ref, byte[] sarif);

    /** A comment on an issue or pull request. */
    record IssueComment(long id, String body, String htmlUrl) {
    }

    /** A commit: its sha and full message. */
    record CommitInfo(String sha, String message) {
    }

    /** What a release is to be. */
    record ReleaseSpec(String tag, String name, String body, boolean draft, boolean prerelease) {
        public ReleaseSpec {
            if (tag == null || tag.isBlank()) {
                throw new IllegalArgumentException("a release needs a tag");
            }
        }
    }

    /** A release as GitHub holds it; {@code uploadUrl} without its {@code {?name,label}} template. */
    record Release(long id, String tag, String name, String body, boolean draft, boolean prerelease, String htmlUrl,
                   String uploadUrl, List<Asset> assets) {
        public Release {
            assets = assets == null ? List.of() : List.copyOf(assets);
        }
    }

    /** A release's asset. */
    record Asset(long id, String name) {
    }
}
