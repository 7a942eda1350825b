package dev.serverlesscd.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every socket the local runtime listens on (DynamoDB Local, which holds task tokens and approvals; the webhook and
 * approval pages; the Step Functions API; the simulated Kubernetes API) is bound to 127.0.0.1, never to every
 * interface. Read from the kernel's socket tables (/proc/net/tcp, tcp6) for this process's own sockets.
 */
@Tag("e2e")
class LoopbackBindingTest {
    @TempDir
    Path workspace;

    @Test
    void everyListeningSocketOfTheRuntime_isBoundToTheLoopbackAddress() throws IOException {
        // GIVEN what this JVM listens on before the runtime starts
        Set<String> before = listening();

        // WHEN the runtime starts, with a database on disk as `local serve` has
        try (LocalPipeline pipeline = LocalPipeline.builder(PipelineEndToEndTest.repositoryRoot(), workspace,
                PipelineEndToEndTest.configWithoutBenchmarks(), "secret").persistent(true).start()) {
            Set<String> opened = listening();
            opened.removeAll(before);

            // THEN each of its listening sockets (database, pages, Step Functions, Kubernetes) is on 127.0.0.1
            assertThat(opened).hasSizeGreaterThanOrEqualTo(4);
            assertThat(opened).allSatisfy(address -> assertThat(address).startsWith("127.0.0.1:"));
            for (java.net.URI endpoint : List.of(pipeline.dynamo().endpoint(), pipeline.httpEndpoint(),
                    pipeline.stepFunctionsEndpoint(), java.net.URI.create(pipeline.kubernetes().getMasterUrl().toString()))) {
                assertThat(opened).contains("127.0.0.1:" + endpoint.getPort());
            }
        }
    }

    /** "address:port" of each TCP socket in LISTEN state that this process holds. */
    static Set<String> listening() throws IOException {
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // the descriptor closed while we listed them
                }
            }
        }
        Set<String> addresses = new HashSet<>();
        for (String table : List.of("/proc/self/net/tcp", "/proc/self/net/tcp6")) {
            List<String> lines = Files.readAllLines(Path.of(table));
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.trim().split("\\s+");
                if (fields[3].equals("0A") && inodes.contains(fields[9])) {
                    addresses.add(address(fields[1]));
                }
            }
        }
        return addresses;
    }

    /** The kernel's hex "0100007F:1F90" (IPv4, little-endian words) as "127.0.0.1:8080"; IPv6 as given unless loopback. */
    static String address(String hex) {
        String[] parts = hex.split(":");
        int port = Integer.parseInt(parts[1], 16);
        String ip = parts[0];
        if (ip.length() == 8) {
            return Integer.parseInt(ip.substring(6, 8), 16) + "." + Integer.parseInt(ip.substring(4, 6), 16) + "."
                    + Integer.parseInt(ip.substring(2, 4), 16) + "." + Integer.parseInt(ip.substring(0, 2), 16) + ":" + port;
        }
        if (ip.equals("0000000000000000FFFF00000100007F")) {
            return "127.0.0.1:" + port; // IPv4-mapped loopback
        }
        return "[" + ip + "]:" + port;
    }
}
