package dev.serverlesscd.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo shows what its run told GitHub and chat: the files, and the comment and release notes in full. */
@Tag("unit")
class DemoPublishedTest {

    @Test
    void printPublished_shouldListWhatTheRunWrote_andShowTheCommentAndTheReleaseNotes(@TempDir Path workspace) throws Exception {
        // GIVEN an old comment, and what this run wrote
        Instant since = Instant.parse("2026-12-05T10:00:00Z");
        Path old = write(workspace.resolve("github/acme/orders-service/pulls/1/comment-1.md"), "old", since.minusSeconds(60));
        write(workspace.resolve("github/acme/orders-service/pulls/42/comment-1.md"), "<!-- serverless-cd:pull-request -->\n### ✅ passed", since);
        write(workspace.resolve("github/acme/orders-service/releases/v1.2.0.md"), "## v1.2.0\n\n### ⚠️ Breaking changes", since);
        write(workspace.resolve("chat/team/1-001-deployed.json"), "{}", since.plusSeconds(1));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        // WHEN
        DemoCommand.printPublished(new PrintStream(bytes, true, StandardCharsets.UTF_8), workspace, since);

        // THEN
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("Told GitHub and chat", "chat/team/1-001-deployed.json",
                "The pull request's comment (github/acme/orders-service/pulls/42/comment-1.md):\n  | <!-- serverless-cd:pull-request -->\n  | ### ✅ passed",
                "The release notes (github/acme/orders-service/releases/v1.2.0.md):\n  | ## v1.2.0")
                .doesNotContain(workspace.relativize(old).toString());
    }

    private static Path write(Path file, String text, Instant modified) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }
}
