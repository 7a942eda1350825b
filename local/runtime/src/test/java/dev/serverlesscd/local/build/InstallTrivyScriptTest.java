package dev.serverlesscd.local.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample's {@code buildspecs/scripts/install-trivy.sh}, run with {@code /bin/sh} against a
 * {@link TrivyReleaseServer} on 127.0.0.1. The tarball it serves is built by the test and its {@code trivy} is a
 * shell script that prints a version line: it stands in for Trivy's binary (which cannot be downloaded on this
 * machine), so these tests check the installer's download, checksum verification and extraction, not Trivy.
 */
@Tag("unit")
class InstallTrivyScriptTest {
    @TempDir
    Path temp;

    private final TrivyReleaseServer server = new TrivyReleaseServer();

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void install_shouldPutTheVerifiedTrivyInTheDirectory_whenTheChecksumMatches() throws Exception {
        // GIVEN a release whose checksums file has the tarball's SHA-256
        server.release(TrivyReleaseServer.VERSION_ONLY_TRIVY, temp);
        Path bin = temp.resolve("tools/bin");

        // WHEN
        Run run = install(server.base(), bin);

        // THEN trivy alone is installed, and it runs
        assertThat(run.exit()).as(run.stderr()).isZero();
        assertThat(run.stderr()).isEmpty();
        assertThat(run.stdout().strip()).isEqualTo("installed trivy 0.58.1 in " + bin + " (" + TrivyReleaseServer.TARBALL
                + ", sha256 " + server.tarballSha256() + "): Version: 0.58.1");
        try (Stream<Path> installed = Files.list(bin)) {
            assertThat(installed.map(p -> p.getFileName().toString())).containsExactly("trivy");
        }
        assertThat(Files.isExecutable(bin.resolve("trivy"))).isTrue();
        Run version = run(List.of(bin.resolve("trivy").toString(), "--version"), Map.of());
        assertThat(version.exit()).isZero();
        assertThat(version.stdout()).isEqualTo("Version: 0.58.1\n");
        assertThat(server.requested()).containsExactly("/v0.58.1/" + TrivyReleaseServer.CHECKSUMS,
                "/v0.58.1/" + TrivyReleaseServer.TARBALL);
    }

    @Test
    void install_shouldRefuseTheTarball_whenItsChecksumDoesNotMatch() throws Exception {
        // GIVEN a checksums file whose line for the tarball has another SHA-256
        server.release(TrivyReleaseServer.VERSION_ONLY_TRIVY, temp);
        String other = TrivyReleaseServer.sha256("not the tarball".getBytes(StandardCharsets.UTF_8));
        server.checksums(other + "  " + TrivyReleaseServer.TARBALL + "\n");
        Path bin = temp.resolve("tools/bin");

        // WHEN
        Run run = install(server.base(), bin);

        // THEN nothing is installed, and stderr says why in one line
        assertThat(run.exit()).isNotZero();
        assertThat(run.stderr()).isEqualTo("checksum mismatch for " + TrivyReleaseServer.TARBALL + ": "
                + TrivyReleaseServer.CHECKSUMS + " says " + other + ", the download is " + server.tarballSha256() + "\n");
        assertThat(run.stdout()).isEmpty();
        assertThat(bin).doesNotExist();
    }

    @Test
    void install_shouldRefuseTheTarball_whenTheChecksumsFileHasNoLineForIt() throws Exception {
        // GIVEN a checksums file that names only another platform's tarball
        server.release(TrivyReleaseServer.VERSION_ONLY_TRIVY, temp);
        server.checksums(server.tarballSha256() + "  trivy_0.58.1_Linux-ARM64.tar.gz\n");
        Path bin = temp.resolve("tools/bin");

        // WHEN
        Run run = install(server.base(), bin);

        // THEN nothing is installed, even though the tarball's own SHA-256 is in the file
        assertThat(run.exit()).isNotZero();
        assertThat(run.stderr()).isEqualTo("checksum missing: " + TrivyReleaseServer.CHECKSUMS + " has no line for "
                + TrivyReleaseServer.TARBALL + "\n");
        assertThat(bin).doesNotExist();
    }

    @Test
    void install_shouldFailClearly_whenTheServerAnswers404() throws Exception {
        // GIVEN a server that has no such release
        Path bin = temp.resolve("tools/bin");

        // WHEN
        Run run = install(server.base(), bin);

        // THEN one line names the URL and curl's error
        assertThat(run.exit()).isNotZero();
        assertThat(run.stderr()).startsWith("cannot download " + server.base() + "/v0.58.1/" + TrivyReleaseServer.CHECKSUMS
                + ": (22) ").contains("404").endsWith("\n");
        assertThat(run.stderr().lines()).hasSize(1);
        assertThat(bin).doesNotExist();
    }

    @Test
    void install_shouldFailClearly_whenNothingListens() throws Exception {
        // GIVEN a download base where the connection is refused
        String base = TrivyReleaseServer.nothingListens();
        Path bin = temp.resolve("tools/bin");

        // WHEN
        Run run = install(base, bin);

        // THEN one line names the URL and curl's error (7: could not connect)
        assertThat(run.exit()).isNotZero();
        assertThat(run.stderr()).startsWith("cannot download " + base + "/v0.58.1/" + TrivyReleaseServer.CHECKSUMS
                + ": (7) Failed to connect to 127.0.0.1 port ");
        assertThat(run.stderr().lines()).hasSize(1);
        assertThat(bin).doesNotExist();
    }

    @Test
    void install_shouldRefuseToGuess_whenTrivyVersionIsNotSet() throws Exception {
        // GIVEN no TRIVY_VERSION
        Map<String, String> environment = new HashMap<>(environment(server.base()));
        environment.remove("TRIVY_VERSION");

        // WHEN
        Run run = run(List.of("/bin/sh", script().toString(), temp.resolve("tools/bin").toString()), environment);

        // THEN nothing was asked of the server
        assertThat(run.exit()).isNotZero();
        assertThat(run.stderr()).isEqualTo("TRIVY_VERSION is not set: no Trivy release to install\n");
        assertThat(server.requested()).isEmpty();
    }

    private Run install(String base, Path bin) throws IOException, InterruptedException {
        return run(List.of("/bin/sh", script().toString(), bin.toString()), environment(base));
    }

    private Map<String, String> environment(String base) {
        // HOME in the test's directory: the script's default directory is never the real ~/.local/bin
        return Map.of("PATH", System.getenv("PATH"), "HOME", temp.resolve("home").toString(),
                "TRIVY_VERSION", TrivyReleaseServer.VERSION, "TRIVY_DOWNLOAD_BASE", base, "TRIVY_DOWNLOAD_TIMEOUT", "30");
    }

    private static Path script() {
        return SampleService.directory().resolve("buildspecs/scripts/install-trivy.sh");
    }

    private Run run(List<String> command, Map<String, String> environment) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(temp.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread outReader = new Thread(() -> copy(process.getInputStream(), out));
        Thread errReader = new Thread(() -> copy(process.getErrorStream(), err));
        outReader.start();
        errReader.start();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError(command + " did not end within 90 s");
        }
        outReader.join();
        errReader.join();
        return new Run(process.exitValue(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try (in) {
            in.transferTo(out);
        } catch (IOException ignored) {
            // the process ended
        }
    }

    private record Run(int exit, String stdout, String stderr) {
    }
}
