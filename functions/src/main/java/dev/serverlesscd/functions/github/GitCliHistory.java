package dev.serverlesscd.functions.github;

import dev.serverlesscd.functions.github.GitHubClient.CommitInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * {@link GitHistory} from a local clone through the {@code git} command: {@code git tag --sort=-creatordate} and
 * {@code git log --reverse base..head}. {@code clones} answers the clone of a repository ({@code owner/name}); a
 * repository without one fails with {@link GitHubApiException} naming it.
 */
public final class GitCliHistory implements GitHistory {
    private static final String RECORD = "\u001e";
    private static final String FIELD = "\u001f";

    private final Function<String, Optional<Path>> clones;

    public GitCliHistory(Function<String, Optional<Path>> clones) {
        this.clones = clones;
    }

    @Override
    public List<String> tags(String repository) {
        return git(repository, "tag", "--list", "--sort=-creatordate").lines().map(String::strip)
                .filter(line -> !line.isEmpty()).toList();
    }

    @Override
    public List<CommitInfo> compare(String repository, String base, String head) {
        String out = git(repository, "log", "--reverse", "--format=%H" + FIELD + "%B" + RECORD,
                base + ".." + head, "--");
        List<CommitInfo> commits = new ArrayList<>();
        for (String record : out.split(RECORD)) {
            String r = record.strip();
            int field = r.indexOf(FIELD);
            if (field > 0) {
                commits.add(new CommitInfo(r.substring(0, field).strip(), r.substring(field + 1).strip()));
            }
        }
        return commits;
    }

    private String git(String repository, String... args) {
        Path clone = clones.apply(repository).orElseThrow(() -> new GitHubApiException("no local clone of "
                + repository + " to read its history from", 404));
        List<String> command = new ArrayList<>(List.of("git", "-C", clone.toString()));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new GitHubApiException("git " + String.join(" ", args) + " in " + clone + " failed: "
                        + new String(out, StandardCharsets.UTF_8).strip(), 422);
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new GitHubApiException("git could not run in " + clone + ": " + e.getMessage(), 0, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GitHubApiException("interrupted reading the history of " + repository, 0, e);
        }
    }
}
