package dev.serverlesscd.functions.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.serverlesscd.functions.common.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The local runtime's GitHub: what would go to GitHub is written under {@code dir} (the workspace's
 * {@code github/}), per repository {@code <owner>/<name>/}, and said on the console:
 * <ul>
 *   <li>{@code statuses.log}: one line per commit status;</li>
 *   <li>{@code pulls/<n>/comments.json} (every comment, with its id) and {@code pulls/<n>/comment-<id>.md}: the
 *       comment as GitHub would show it, edited in place;</li>
 *   <li>{@code releases/<tag>.json} and {@code releases/<tag>.md} (the notes), assets under
 *       {@code releases/<tag>/};</li>
 *   <li>{@code code-scanning/<n>-<commit>.sarif}: each SARIF upload.</li>
 * </ul>
 * Tags and the commits between two refs come from the repository's history ({@link GitHistory}), as GitHub's would.
 */
public final class FileGitHubClient implements GitHubClient {
    private final Path dir;
    private final GitHistory history;
    private final Consumer<String> console;

    public FileGitHubClient(Path dir, GitHistory history, Consumer<String> console) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.history = Objects.requireNonNull(history, "history");
        this.console = Objects.requireNonNull(console, "console");
    }

    public Path dir() {
        return dir;
    }

    /** Where {@code repository}'s files are: {@code <dir>/<owner>/<name>}. */
    public Path repository(String repository) {
        String[] ownerAndName = GitHubRest.ownerAndName(repository);
        return dir.resolve(ownerAndName[0]).resolve(ownerAndName[1]);
    }

    @Override
    public synchronized void post(CommitStatus status) {
        append(repository(status.repository()).resolve("statuses.log"), status.sha() + " " + status.context() + " "
                + status.state().apiValue() + " " + (status.description() == null ? "" : status.description())
                + (status.targetUrl() == null ? "" : " <" + status.targetUrl() + ">") + "\n");
    }

    @Override
    public synchronized List<IssueComment> comments(String repository, int number) {
        List<IssueComment> comments = new ArrayList<>();
        read(commentsFile(repository, number)).ifPresent(json -> json.forEach(c ->
                comments.add(new IssueComment(c.path("id").asLong(), c.path("body").asText(), c.path("html_url").asText(null)))));
        return comments;
    }

    @Override
    public synchronized IssueComment createComment(String repository, int number, String body) {
        List<IssueComment> comments = new ArrayList<>(comments(repository, number));
        long id = comments.stream().mapToLong(IssueComment::id).max().orElse(0) + 1;
        IssueComment comment = new IssueComment(id, body, commentFile(repository, number, id).toUri().toString());
        comments.add(comment);
        writeComments(repository, number, comments);
        console.accept("GitHub: commented on " + repository + "#" + number + " -> " + commentFile(repository, number, id));
        return comment;
    }

    @Override
    public synchronized IssueComment updateComment(String repository, long commentId, String body) {
        Path pulls = repository(repository).resolve("pulls");
        try (var numbers = Files.isDirectory(pulls) ? Files.list(pulls) : java.util.stream.Stream.<Path>empty()) {
            for (Path pull : numbers.toList()) {
                int number = Integer.parseInt(pull.getFileName().toString());
                List<IssueComment> comments = new ArrayList<>(comments(repository, number));
                for (int i = 0; i < comments.size(); i++) {
                    if (comments.get(i).id() == commentId) {
                        IssueComment edited = new IssueComment(commentId, body, comments.get(i).htmlUrl());
                        comments.set(i, edited);
                        writeComments(repository, number, comments);
                        console.accept("GitHub: edited the comment on " + repository + "#" + number + " -> "
                                + commentFile(repository, number, commentId));
                        return edited;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new GitHubApiException("edit comment " + commentId + " of " + repository + ": GitHub answered 404 Not Found", 404);
    }

    @Override
    public synchronized Optional<Release> releaseByTag(String repository, String tag) {
        return read(releaseFile(repository, tag)).map(FileGitHubClient::release);
    }

    @Override
    public synchronized Release createRelease(String repository, ReleaseSpec spec) {
        if (releaseByTag(repository, spec.tag()).isPresent()) {
            throw new GitHubApiException("create the release " + spec.tag() + " of " + repository
                    + ": GitHub answered 422 Validation Failed; already_exists", 422);
        }
        long id = 1;
        Path releases = repository(repository).resolve("releases");
        try (var files = Files.isDirectory(releases) ? Files.list(releases) : java.util.stream.Stream.<Path>empty()) {
            id += files.filter(f -> f.toString().endsWith(".json")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return writeRelease(repository, id, spec, List.of(), "created");
    }

    @Override
    public synchronized Release updateRelease(String repository, long releaseId, ReleaseSpec spec) {
        Release existing = releaseByTag(repository, spec.tag()).orElseThrow(() -> new GitHubApiException(
                "update the release " + spec.tag() + " of " + repository + ": GitHub answered 404 Not Found", 404));
        return writeRelease(repository, existing.id(), spec, existing.assets(), "updated");
    }

    @Override
    public synchronized void uploadAsset(String repository, Release release, String name, String contentType, byte[] content) {
        Path file = releaseFile(repository, release.tag()).resolveSibling(safe(release.tag())).resolve(name);
        write(file, content);
        Release current = releaseByTag(repository, release.tag()).orElse(release);
        List<Asset> assets = new ArrayList<>(current.assets().stream().filter(a -> !a.name().equals(name)).toList());
        assets.add(new Asset(assets.size() + 1L, name));
        writeRelease(repository, current.id(), new ReleaseSpec(current.tag(), current.name(), current.body(),
                current.draft(), current.prerelease()), assets, null);
    }

    @Override
    public List<String> tags(String repository) {
        return history.tags(repository);
    }

    @Override
    public List<CommitInfo> compare(String repository, String base, String head) {
        return history.compare(repository, base, head);
    }

    @Override
    public synchronized String uploadSarif(String repository, String commit, String ref, byte[] sarif) {
        Path scanning = repository(repository).resolve("code-scanning");
        long n;
        try (var files = Files.isDirectory(scanning) ? Files.list(scanning) : java.util.stream.Stream.<Path>empty()) {
            n = files.count() + 1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path file = scanning.resolve(n + "-" + commit + ".sarif");
        write(file, sarif);
        console.accept("GitHub: code scanning upload for " + repository + "@" + commit + " (" + ref + ") -> " + file);
        return "local-" + n;
    }

    private Release writeRelease(String repository, long id, ReleaseSpec spec, List<Asset> assets, String verb) {
        Path file = releaseFile(repository, spec.tag());
        ObjectNode json = Json.MAPPER.createObjectNode()
                .put("id", id)
                .put("tag_name", spec.tag())
                .put("name", spec.name())
                .put("body", spec.body())
                .put("draft", spec.draft())
                .put("prerelease", spec.prerelease())
                .put("html_url", file.resolveSibling(safe(spec.tag()) + ".md").toUri().toString());
        ArrayNode array = json.putArray("assets");
        assets.forEach(a -> array.addObject().put("id", a.id()).put("name", a.name()));
        write(file, json.toPrettyString().getBytes(StandardCharsets.UTF_8));
        write(file.resolveSibling(safe(spec.tag()) + ".md"), (spec.body() == null ? "" : spec.body()).getBytes(StandardCharsets.UTF_8));
        if (verb != null) {
            console.accept("GitHub: " + verb + " the " + (spec.draft() ? "draft " : "") + (spec.prerelease() ? "pre-release " : "release ")
                    + spec.tag() + " of " + repository + " -> " + file.resolveSibling(safe(spec.tag()) + ".md"));
        }
        return release(json);
    }

    private static Release release(JsonNode json) {
        List<Asset> assets = new ArrayList<>();
        json.path("assets").forEach(a -> assets.add(new Asset(a.path("id").asLong(), a.path("name").asText())));
        return new Release(json.path("id").asLong(), json.path("tag_name").asText(), json.path("name").asText(null),
                json.path("body").asText(null), json.path("draft").asBoolean(), json.path("prerelease").asBoolean(),
                json.path("html_url").asText(null), null, assets);
    }

    private void writeComments(String repository, int number, List<IssueComment> comments) {
        ArrayNode json = Json.MAPPER.createArrayNode();
        for (IssueComment c : comments) {
            json.addObject().put("id", c.id()).put("body", c.body()).put("html_url", c.htmlUrl());
            write(commentFile(repository, number, c.id()), c.body().getBytes(StandardCharsets.UTF_8));
        }
        write(commentsFile(repository, number), json.toPrettyString().getBytes(StandardCharsets.UTF_8));
    }

    private Path commentsFile(String repository, int number) {
        return repository(repository).resolve("pulls").resolve(String.valueOf(number)).resolve("comments.json");
    }

    private Path commentFile(String repository, int number, long id) {
        return commentsFile(repository, number).resolveSibling("comment-" + id + ".md");
    }

    private Path releaseFile(String repository, String tag) {
        return repository(repository).resolve("releases").resolve(safe(tag) + ".json");
    }

    /** A tag as a file name: {@code release/1.0} → {@code release_1.0}. */
    private static String safe(String tag) {
        return tag.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static Optional<JsonNode> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.MAPPER.readTree(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static void write(Path file, byte[] content) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void append(Path file, String line) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, line, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
