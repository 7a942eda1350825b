package dev.serverlesscd.local.demo;

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
 * copied into the workspace (without build output), given a release note naming the commit's message, changed as
 * a scenario asks ({@link Change}: what a developer's commit would change, so the stages measure it for real),
 * and committed on the branch the push names, so a run builds a real commit with an image of its own.
 */
public final class SampleSource {
    public static final String AUTHOR_NAME = "Octo Cat";
    public static final String AUTHOR_EMAIL = "octocat@example.com";

    private SampleSource() {
    }

    /**
     * What a scenario's commit changes in the sample, as a developer's commit would; the stages then measure it
     * (no flag tells a stage what to report).
     */
    public enum Change {
        /** Adds {@code ShippingRates}, about sixty lines of code with no test (samples/changes/untested-code): line coverage falls to about 64%. */
        UNTESTED_CODE("Add shipping rates by zone and weight") {
            @Override
            void applyTo(Path checkout, Path sample) throws IOException {
                copy(sample.resolveSibling("changes/untested-code"), checkout);
            }
        },
        /** Commits a freshly generated RSA private key (PKCS#8 PEM) as {@code deploy-key.pem}: a secret scan finding rated CRITICAL. */
        PRIVATE_KEY("Add the deploy key for the release job") {
            @Override
            void applyTo(Path checkout, Path sample) throws IOException {
                Files.writeString(checkout.resolve("deploy-key.pem"), generatedPrivateKeyPem());
            }
        },
        /** Commits a database password in plain text in {@code src/main/resources/database.yml}: a finding rated HIGH. */
        PLAIN_TEXT_PASSWORD("Configure the orders database") {
            @Override
            void applyTo(Path checkout, Path sample) throws IOException {
                Path config = checkout.resolve("src/main/resources/database.yml");
                Files.createDirectories(config.getParent());
                Files.writeString(config, """
                        # The orders database (demo: a password committed in plain text)
                        url: jdbc:postgresql://orders-db:5432/orders
                        user: orders
                        password: "Orders-Pa55word-2024"
                        """);
            }
        },
        /**
         * Makes {@code PriceCalculator.quote} several times slower, as real regressions are made: a debug line
         * formatted eagerly for every order line ({@code LOG.fine(String.format(…))}) even though FINE is never logged.
         */
        SLOWER_PRICING("Trace each priced line") {
            @Override
            void applyTo(Path checkout, Path sample) throws IOException {
                Path calculator = checkout.resolve("src/main/java/com/example/orders/PriceCalculator.java");
                String source = Files.readString(calculator);
                source = replaceOnce(calculator, source, "import java.util.Map;\n",
                        "import java.util.Map;\nimport java.util.logging.Logger;\n");
                source = replaceOnce(calculator, source, "    private final BigDecimal taxRate;\n",
                        "    private static final Logger LOG = Logger.getLogger(PriceCalculator.class.getName());\n\n"
                                + "    private final BigDecimal taxRate;\n");
                source = replaceOnce(calculator, source, "            subtotal = subtotal.add(line.amount());\n",
                        "            subtotal = subtotal.add(line.amount());\n"
                                + "            LOG.fine(String.format(java.util.Locale.ROOT, \"line %s: %d x %s = %s, subtotal %s\",\n"
                                + "                    line.sku(), line.quantity(), line.unitPrice(), line.amount(), subtotal));\n");
                Files.writeString(calculator, source);
            }
        };

        private final String message;

        Change(String message) {
            this.message = message;
        }

        /** The commit message's subject for this change. */
        public String message() {
            return message;
        }

        abstract void applyTo(Path checkout, Path sample) throws IOException;
    }

    /** {@code sample} committed on main in the repository at {@code target}; returns the commit's sha. */
    public static String commit(Path sample, Path target, String message) {
        return commit(sample, target, message, "main", List.of());
    }

    /**
     * {@code sample} with {@code changes} applied, committed on {@code branch} in the repository at {@code target}
     * (made when there is none; the working tree replaced, the history kept); returns the commit's sha.
     */
    public static String commit(Path sample, Path target, String message, String branch, List<Change> changes) {
        try {
            // The repository keeps its history, as GitHub's does: each commit's parent is its branch's last commit
            // (a new branch starts from the last commit), so a build can measure the base commit beside the change.
            boolean existing = Files.isDirectory(target.resolve(".git"));
            deleteRecursively(target, existing ? target.resolve(".git") : null);
            copy(sample, target);
            // Each demo commit changes the service a little, as a real commit would, so its image has a digest of its own.
            Path release = target.resolve("src/main/resources/release.txt");
            Files.createDirectories(release.getParent());
            Files.writeString(release, message + System.lineSeparator());
            for (Change change : changes) {
                change.applyTo(target, sample);
            }
            if (!existing) {
                git(target, "init", "-q", "-b", branch);
            } else {
                if (!ok(target, "rev-parse", "--verify", "--quiet", "refs/heads/" + branch)) {
                    git(target, "branch", branch);
                }
                git(target, "symbolic-ref", "HEAD", "refs/heads/" + branch);
            }
            git(target, "add", "-A");
            git(target, "-c", "user.name=" + AUTHOR_NAME, "-c", "user.email=" + AUTHOR_EMAIL,
                    "-c", "commit.gpgsign=false", "commit", "-q", "-m", message);
            return git(target, "rev-parse", "HEAD").strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the sample repository in " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * The commit's first parent in the repository at {@code target}, as a push's {@code before}: all zeros when it has
     * none (the first commit of a new branch).
     */
    public static String parent(Path target, String commit) {
        try {
            return ok(target, "rev-parse", "--verify", "--quiet", commit + "^1")
                    ? git(target, "rev-parse", commit + "^1").strip()
                    : "0".repeat(40);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the parent of " + commit + " in " + target + ": " + e.getMessage(), e);
        }
    }

    /** The head of {@code branch} in the repository at {@code target}; empty when there is no such repository or branch. */
    public static java.util.Optional<String> head(Path target, String branch) {
        try {
            return Files.isDirectory(target.resolve(".git")) && ok(target, "rev-parse", "--verify", "--quiet", "refs/heads/" + branch)
                    ? java.util.Optional.of(git(target, "rev-parse", "refs/heads/" + branch).strip())
                    : java.util.Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the branch " + branch + " in " + target + ": " + e.getMessage(), e);
        }
    }

    /** Makes {@code branch} at {@code from}'s head in the repository at {@code target} (it must not exist yet). */
    public static void branch(Path target, String branch, String from) {
        try {
            git(target, "branch", branch, "refs/heads/" + from);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the branch " + branch + " in " + target + ": " + e.getMessage(), e);
        }
    }

    /** The tags of the repository at {@code target} (none when there is no repository yet). */
    public static List<String> tags(Path target) {
        try {
            return Files.isDirectory(target.resolve(".git"))
                    ? git(target, "tag", "--list").lines().map(String::strip).filter(t -> !t.isEmpty()).toList()
                    : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the tags in " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * Tags {@code commit} as {@code tag} in the repository at {@code target}: a lightweight tag, so the tag's push names
     * the commit itself as {@code after} (an annotated tag's push names the tag object).
     */
    public static void tag(Path target, String tag, String commit) {
        try {
            git(target, "tag", tag, commit);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot tag " + commit + " as " + tag + " in " + target + ": " + e.getMessage(), e);
        }
    }

    /** How many commits the repository at {@code target} holds on all its branches (0 when there is none yet). */
    public static int commitCount(Path target) {
        try {
            return Files.isDirectory(target.resolve(".git")) && ok(target, "rev-parse", "--verify", "--quiet", "HEAD")
                    ? Integer.parseInt(git(target, "rev-list", "--count", "--all").strip())
                    : 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot count the commits in " + target + ": " + e.getMessage(), e);
        }
    }

    private static String replaceOnce(Path file, String source, String anchor, String replacement) {
        int at = source.indexOf(anchor);
        if (at < 0 || source.indexOf(anchor, at + 1) >= 0) {
            throw new IllegalStateException("cannot apply the change to " + file + ": expected the line '"
                    + anchor.strip() + "' exactly once (has the sample changed?)");
        }
        return source.replace(anchor, replacement);
    }

    /** A new 2048-bit RSA private key as PKCS#8 PEM: generated per commit, never stored in this repository. */
    private static String generatedPrivateKeyPem() {
        try {
            java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            byte[] pkcs8 = generator.generateKeyPair().getPrivate().getEncoded();
            return "-----BEGIN PRIVATE KEY-----\n"
                    + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pkcs8)
                    + "\n-----END PRIVATE KEY-----\n";
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("RSA is not available: " + e.getMessage(), e);
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
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES,
                        StandardCopyOption.REPLACE_EXISTING);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Deletes {@code dir} but what is under {@code kept} (null: all of it). */
    private static void deleteRecursively(Path dir, Path kept) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                if (kept == null || (!path.startsWith(kept) && !kept.startsWith(path))) {
                    Files.delete(path);
                }
            }
        }
    }

    private static boolean ok(Path dir, String... args) throws IOException {
        try {
            git(dir, args);
            return true;
        } catch (IOException e) {
            return false;
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
