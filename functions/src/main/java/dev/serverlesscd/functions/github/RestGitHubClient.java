package dev.serverlesscd.functions.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.serverlesscd.functions.common.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

/**
 * {@link GitHubClient} on GitHub's REST API through {@link GitHubRest} (retries, rate limits, Enterprise base URLs):
 * <ul>
 *   <li>statuses: {@code POST /repos/{o}/{r}/statuses/{sha}} ({@link GitHubCommitStatuses});</li>
 *   <li>comments: {@code GET /repos/{o}/{r}/issues/{n}/comments?per_page=100&page=…} (every page),
 *       {@code POST /repos/{o}/{r}/issues/{n}/comments}, {@code PATCH /repos/{o}/{r}/issues/comments/{id}};</li>
 *   <li>releases: {@code GET /repos/{o}/{r}/releases/tags/{tag}} (404: none), {@code POST /repos/{o}/{r}/releases},
 *       {@code PATCH /repos/{o}/{r}/releases/{id}}; assets {@code POST} to the release's {@code upload_url}
 *       ({@code ?name=}), an asset of the same name deleted first ({@code DELETE /repos/{o}/{r}/releases/assets/{id}});</li>
 *   <li>{@code GET /repos/{o}/{r}/tags?per_page=100}, {@code GET /repos/{o}/{r}/compare/{base}...{head}};</li>
 *   <li>{@code POST /repos/{o}/{r}/code-scanning/sarifs} with {@code commit_sha}, {@code ref} and {@code sarif}
 *       (gzip, then base64).</li>
 * </ul>
 */
public final class RestGitHubClient implements GitHubClient {
    static final int PAGE = 100;
    /** Pages of comments read at most (10,000 comments). */
    private static final int MAX_PAGES = 100;

    private final GitHubRest rest;
    private final GitHubCommitStatuses statuses;

    public RestGitHubClient(GitHubRest rest) {
        this.rest = Objects.requireNonNull(rest, "GitHub REST API");
        this.statuses = new GitHubCommitStatuses(rest);
    }

    @Override
    public void post(CommitStatus status) {
        statuses.post(status);
    }

    @Override
    public List<IssueComment> comments(String repository, int number) {
        List<IssueComment> comments = new ArrayList<>();
        for (int page = 1; page <= MAX_PAGES; page++) {
            URI uri = rest.repoUri(repository, "/issues/" + number + "/comments?per_page=" + PAGE + "&page=" + page);
            JsonNode answer = rest.send(GitHubRest.Call.get("list the comments of " + repository + "#" + number, uri))
                    .json();
            answer.forEach(comment -> comments.add(comment(comment)));
            if (answer.size() < PAGE) {
                break;
            }
        }
        return comments;
    }

    @Override
    public IssueComment createComment(String repository, int number, String body) {
        URI uri = rest.repoUri(repository, "/issues/" + number + "/comments");
        return comment(rest.send(GitHubRest.Call.json("comment on " + repository + "#" + number, "POST", uri,
                bodyOf(body))).json());
    }

    @Override
    public IssueComment updateComment(String repository, long commentId, String body) {
        URI uri = rest.repoUri(repository, "/issues/comments/" + commentId);
        return comment(rest.send(GitHubRest.Call.json("edit comment " + commentId + " of " + repository, "PATCH", uri,
                bodyOf(body))).json());
    }

    @Override
    public Optional<Release> releaseByTag(String repository, String tag) {
        URI uri = rest.repoUri(repository, "/releases/tags/" + GitHubRest.segment(tag));
        GitHubRest.Answer answer = rest.send(GitHubRest.Call.get("the release of " + repository + " " + tag, uri)
                .accepting(404));
        return answer.status() == 404 ? Optional.empty() : Optional.of(release(answer.json()));
    }

    @Override
    public Release createRelease(String repository, ReleaseSpec release) {
        URI uri = rest.repoUri(repository, "/releases");
        return release(rest.send(GitHubRest.Call.json("create the release " + release.tag() + " of " + repository,
                "POST", uri, releaseBody(release))).json());
    }

    @Override
    public Release updateRelease(String repository, long releaseId, ReleaseSpec release) {
        URI uri = rest.repoUri(repository, "/releases/" + releaseId);
        return release(rest.send(GitHubRest.Call.json("update the release " + release.tag() + " of " + repository,
                "PATCH", uri, releaseBody(release))).json());
    }

    @Override
    public void uploadAsset(String repository, Release release, String name, String contentType, byte[] content) {
        for (Asset asset : release.assets()) {
            if (asset.name().equals(name)) {
                rest.send(new GitHubRest.Call("delete asset " + name + " of " + repository + " " + release.tag(),
                        "DELETE", rest.repoUri(repository, "/releases/assets/" + asset.id()), null, null,
                        java.util.Set.of(404), null));
            }
        }
        if (release.uploadUrl() == null) {
            throw new GitHubApiException("release " + release.tag() + " of " + repository + " has no upload_url", 0);
        }
        URI uri = URI.create(release.uploadUrl() + "?name=" + GitHubRest.segment(name));
        rest.send(new GitHubRest.Call("upload asset " + name + " to " + repository + " " + release.tag(), "POST", uri,
                content, contentType, java.util.Set.of(), null));
    }

    @Override
    public List<String> tags(String repository) {
        URI uri = rest.repoUri(repository, "/tags?per_page=" + PAGE);
        List<String> tags = new ArrayList<>();
        rest.send(GitHubRest.Call.get("the tags of " + repository, uri)).json()
                .forEach(tag -> tags.add(tag.path("name").asText()));
        return tags;
    }

    @Override
    public List<CommitInfo> compare(String repository, String base, String head) {
        URI uri = rest.repoUri(repository, "/compare/" + GitHubRest.segment(base) + "..." + GitHubRest.segment(head));
        List<CommitInfo> commits = new ArrayList<>();
        rest.send(GitHubRest.Call.get("compare " + base + "..." + head + " of " + repository, uri)).json()
                .path("commits")
                .forEach(c -> commits.add(new CommitInfo(c.path("sha").asText(), c.path("commit").path("message").asText())));
        return commits;
    }

    @Override
    public String uploadSarif(String repository, String commit, String ref, byte[] sarif) {
        ObjectNode body = Json.MAPPER.createObjectNode()
                .put("commit_sha", commit)
                .put("ref", ref)
                .put("sarif", gzipBase64(sarif));
        URI uri = rest.repoUri(repository, "/code-scanning/sarifs");
        return rest.send(GitHubRest.Call.json("upload SARIF for " + repository + "@" + commit, "POST", uri,
                body.toString()).withHint(RestGitHubClient::codeScanningHint)).json().path("id").asText();
    }

    /** SARIF as the API takes it: gzip, then base64. */
    static String gzipBase64(byte[] content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    private static String codeScanningHint(int code) {
        return switch (code) {
            case 403 -> ": code scanning is off for this repository (GitHub Advanced Security), or the token lacks "
                    + "Code scanning alerts: read and write (security_events)";
            case 404 -> ": the repository does not exist, or the token cannot see it";
            case 413 -> ": the SARIF report is too large";
            default -> GitHubRest.hint(code);
        };
    }

    private static String bodyOf(String text) {
        return Json.MAPPER.createObjectNode().put("body", text).toString();
    }

    private static String releaseBody(ReleaseSpec release) {
        ObjectNode body = Json.MAPPER.createObjectNode()
                .put("tag_name", release.tag())
                .put("name", release.name() == null ? release.tag() : release.name())
                .put("body", release.body() == null ? "" : release.body())
                .put("draft", release.draft())
                .put("prerelease", release.prerelease());
        return body.toString();
    }

    private static IssueComment comment(JsonNode json) {
        return new IssueComment(json.path("id").asLong(), json.path("body").asText(null), json.path("html_url").asText(null));
    }

    private static Release release(JsonNode json) {
        List<Asset> assets = new ArrayList<>();
        json.path("assets").forEach(a -> assets.add(new Asset(a.path("id").asLong(), a.path("name").asText())));
        String upload = json.path("upload_url").asText(null);
        if (upload != null && upload.contains("{")) {
            upload = upload.substring(0, upload.indexOf('{'));
        }
        return new Release(json.path("id").asLong(), json.path("tag_name").asText(), json.path("name").asText(null),
                json.path("body").asText(null), json.path("draft").asBoolean(), json.path("prerelease").asBoolean(),
                json.path("html_url").asText(null), upload, assets);
    }
}
