package dev.serverlesscd.local.build;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Puts the source into a fresh directory. The top of a git repository at a commit: a {@code git clone} checked out
 * at the commit (detached), as CodeBuild's GitHub source is: the history and {@code origin}'s branches are there, so
 * a build can check out another commit beside it (the benchmark's base). A directory inside a repository at a
 * commit: {@code git archive <commit>:<path>} (the directory as it is at that commit, no history). Either way
 * nothing of the working copy. Otherwise, or without a commit, a copy of the working tree without {@code .git},
 * {@code target} and {@code reports}, and the log says so.
 */
final class SourceCheckout {
    private static final Set<String> NOT_COPIED = Set.of(".git", "target", "reports");

    /** The checkout, and the commit it is at (null for a working copy). */
    record Checkout(Path directory, String resolvedCommit) {
    }

    private SourceCheckout() {
    }

    static Checkout prepare(Path source, String commit, Path into, BuildLog log) throws CheckoutException, IOException {
        if (!Files.isDirectory(source)) {
            throw new CheckoutException("source " + source + " is not a directory");
        }
        Files.createDirectories(into);
        boolean inGit = git(source, "rev-parse", "--is-inside-work-tree").ok();
        if (commit == null || commit.isBlank() || !inGit) {
            log.container((inGit ? "No commit given: building the working copy of " : source + " is not a git repository: building the working copy of ")
                    + source + ", not a commit (" + String.join(", ", NOT_COPIED) + " not copied)");
            copyTree(source, into);
            return new Checkout(into, null);
        }
        Result resolved = git(source, "rev-parse", "--verify", "--quiet", commit + "^{commit}");
        if (!resolved.ok()) {
            throw new CheckoutException("commit " + commit + " is not in the repository of " + source);
        }
        String sha = resolved.out().strip();
        String prefix = git(source, "rev-parse", "--show-prefix").out().strip();
        if (prefix.isEmpty()) {
            // the repository itself: a clone at the commit, as CodeBuild's, so the build has the history (a
            // benchmark measures the base commit beside it) and an origin whose branches it can name
            Result clone = run(List.of("git", "clone", "--quiet", "--no-checkout", source.toString(), into.toString()), source);
            Result checkout = clone.ok() ? git(into, "-c", "advice.detachedHead=false", "checkout", "--quiet", "--detach", sha)
                    : clone;
            if (checkout.ok()) {
                log.container("Source: commit " + sha + " (git clone of " + source + ")");
                return new Checkout(into, sha);
            }
            log.container("git clone of " + source + " failed (" + checkout.err().strip() + "): archiving the commit instead");
            deleteContents(into);
        }
        String treeish = prefix.isEmpty() ? sha : sha + ":" + prefix.substring(0, prefix.length() - 1);
        Path tar = into.resolveSibling("source.tar");
        // from the top: in a subdirectory, git archive would look for the path under that subdirectory
        Path top = Path.of(git(source, "rev-parse", "--show-toplevel").out().strip());
        Result archive = run(List.of("git", "-C", top.toString(), "archive", "--format=tar", "-o", tar.toString(), treeish), top);
        if (!archive.ok()) {
            throw new CheckoutException((prefix.isEmpty() ? "" : prefix + " at ") + "commit " + sha + " cannot be archived: " + archive.err().strip());
        }
        Result extract = run(List.of("tar", "-xf", tar.toString(), "-C", into.toString()), source);
        Files.deleteIfExists(tar);
        if (!extract.ok()) {
            throw new CheckoutException("the archive of " + sha + " cannot be extracted: " + extract.err().strip());
        }
        log.container("Source: " + (prefix.isEmpty() ? "" : prefix + " of ") + "commit " + sha + " (git archive)");
        return new Checkout(into, sha);
    }

    private static void deleteContents(Path directory) throws IOException {
        try (java.util.stream.Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                if (!path.equals(directory)) {
                    Files.delete(path);
                }
            }
        }
    }

    private static void copyTree(Path source, Path into) throws IOException {
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(source) && NOT_COPIED.contains(dir.getFileName().toString())) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(into.resolve(source.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, into.resolve(source.relativize(file).toString()),
                        StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static Result git(Path directory, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("git", "-C", directory.toString()));
        command.addAll(List.of(args));
        return run(command, directory);
    }

    private static Result run(List<String> command, Path directory) throws IOException {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).start();
        process.getOutputStream().close();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread errReader = new Thread(() -> copy(process.getErrorStream(), err));
        errReader.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            int code = process.waitFor();
            errReader.join();
            return new Result(code, out, err.toString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted running " + command.get(0), e);
        }
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try (in) {
            in.transferTo(out);
        } catch (IOException ignored) {
            // the process ended
        }
    }

    private record Result(int code, String out, String err) {
        boolean ok() {
            return code == 0;
        }
    }

    /** The source cannot be put in place: CodeBuild's DOWNLOAD_SOURCE failure. */
    static final class CheckoutException extends Exception {
        CheckoutException(String message) {
            super(message);
        }
    }
}
