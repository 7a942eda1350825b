package dev.serverlesscd.local.build;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for Trivy's GitHub release downloads on the JDK's HTTP server, on 127.0.0.1: serves
 * {@code /v<version>/trivy_<version>_Linux-64bit.tar.gz} and {@code /v<version>/trivy_<version>_checksums.txt}
 * laid out as Trivy's releases are, and 404 for anything else. The tarball is built here with {@code tar}; its
 * {@code trivy} is a shell script given by the test, not Trivy (which cannot be downloaded on this machine): it only
 * stands in for the binary so that what is tested is the download, the checksum check and the extraction.
 */
final class TrivyReleaseServer implements AutoCloseable {
    static final String VERSION = "0.58.1";
    static final String TARBALL = "trivy_" + VERSION + "_Linux-64bit.tar.gz";
    static final String CHECKSUMS = "trivy_" + VERSION + "_checksums.txt";

    /** A trivy that only says its version, as {@code trivy --version} does. */
    static final String VERSION_ONLY_TRIVY = """
            #!/bin/sh
            # stands in for the trivy binary in a test: says its version, nothing else
            echo "Version: %s"
            """.formatted(VERSION);

    private final HttpServer server;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final List<String> requested = new CopyOnWriteArrayList<>();
    private byte[] tarball;

    TrivyReleaseServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    /** The download base, as TRIVY_DOWNLOAD_BASE takes it: {@code http://127.0.0.1:<port>}. */
    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * Serves a release whose tarball holds {@code trivy} (executable, with {@code trivyScript} as its content), a
     * LICENSE and a README.md at its top, as Trivy's do, and a checksums file with the tarball's real SHA-256
     * (and one line for another platform's tarball).
     */
    TrivyReleaseServer release(String trivyScript, Path scratch) throws IOException, InterruptedException {
        Path content = Files.createDirectories(scratch.resolve("release-content"));
        Path trivy = content.resolve("trivy");
        Files.writeString(trivy, trivyScript);
        Files.setPosixFilePermissions(trivy, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(content.resolve("LICENSE"), "Apache License 2.0 (stand-in)\n");
        Files.writeString(content.resolve("README.md"), "# trivy (stand-in)\n");
        Path archive = scratch.resolve(TARBALL);
        Process tar = new ProcessBuilder("tar", "-czf", archive.toString(), "-C", content.toString(), "trivy", "LICENSE", "README.md")
                .redirectErrorStream(true).start();
        String output = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (tar.waitFor() != 0) {
            throw new IOException("tar could not build the stand-in release: " + output);
        }
        tarball = Files.readAllBytes(archive);
        files.put("/v" + VERSION + "/" + TARBALL, tarball);
        return checksums(sha256(new byte[] {1, 2, 3}) + "  trivy_" + VERSION + "_Linux-ARM64.tar.gz\n"
                + sha256(tarball) + "  " + TARBALL + "\n");
    }

    /** Replaces the checksums file's content. */
    TrivyReleaseServer checksums(String content) {
        files.put("/v" + VERSION + "/" + CHECKSUMS, content.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** The SHA-256 of the served tarball, in hex. */
    String tarballSha256() {
        return sha256(tarball);
    }

    /** The paths requested so far, in order. */
    List<String> requested() {
        return new ArrayList<>(requested);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A base URL on 127.0.0.1 at a port where nothing listens (it was free a moment ago): connection refused. */
    static String nothingListens() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        requested.add(path);
        byte[] body = files.get(path);
        int status = body == null ? 404 : 200;
        if (body == null) {
            body = "Not Found".getBytes(StandardCharsets.UTF_8);
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
