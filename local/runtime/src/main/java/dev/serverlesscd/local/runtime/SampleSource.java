package dev.serverlesscd.local.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The sample service as a git repository of its own, the way GitHub would hold it: samples/orders-service is
 * copied into the workspace (without build output), given a release note naming the commit's message, and
 * committed, so a run builds a real commit with an image of its own.
 */
public final class SampleSource {
    public static final String AUTHOR_NAME = "Octo Cat";
    public static final String AUTHOR_EMAIL = "octocat@example.com";

    private SampleSource() {
    }

    /** A fresh repository at {@code target} holding {@code sample}; returns the commit's sha. */
    public static String commit(Path sample, Path target, String message) {
        try {
            deleteRecursively(target);
            copy(sample, target);
            // Each demo commit changes the service a little, as a real commit would, so its image has a digest of its own.
            Path release = target.resolve("src/main/resources/release.txt");
            Files.createDirectories(release.getParent());
            Files.writeString(release, message + System.lineSeparator());
            git(target, "init", "-q", "-b", "main");
            git(target, "add", "-A");
            git(target, "-c", "user.name=" + AUTHOR_NAME, "-c", "user.email=" + AUTHOR_EMAIL,
                    "-c", "commit.gpgsign=false", "commit", "-q", "-m", message);
            return git(target, "rev-parse", "HEAD").strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the sample repository in " + target + ": " + e.getMessage(), e);
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                String name = dir.getFileName().toString();
                if (!dir.equals(from) && (name.equals("target") || name.equals(".git") || name.equals("reports"))) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static String git(Path dir, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("git " + String.join(" ", args) + " failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running git", e);
        }
        return output;
    }
}
