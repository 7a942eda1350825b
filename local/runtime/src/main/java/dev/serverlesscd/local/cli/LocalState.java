package dev.serverlesscd.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.serverlesscd.functions.common.Json;
import dev.serverlesscd.local.runtime.RepositoryRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where the local runtime keeps its state: {@code .pipeline/} at the repository root, with DynamoDB Local's data,
 * builds, reports, logs, the mail outbox, the link-signing key, and, while {@code pipeline local serve} runs, the
 * addresses it serves on (so {@code pipeline runs} and {@code pipeline approve} reach it).
 */
final class LocalState {
    private final Path repositoryRoot;
    private final Path directory;

    private LocalState(Path repositoryRoot, Path directory) {
        this.repositoryRoot = repositoryRoot;
        this.directory = directory;
    }

    static LocalState at(Path workspace) {
        Path root = RepositoryRoot.find();
        return new LocalState(root, workspace == null ? root.resolve(".pipeline") : workspace);
    }

    Path repositoryRoot() {
        return repositoryRoot;
    }

    Path directory() {
        return directory;
    }

    Path database() {
        return directory.resolve("dynamodb");
    }

    Path serveFile() {
        return directory.resolve("serve.json");
    }

    /** The key approval links are signed with, made once and kept readable by this user only. */
    byte[] linkSigningKey() {
        Path file = directory.resolve("link-signing.key");
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(directory);
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                Files.write(file, key);
                try {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException notPosix) {
                    // not a POSIX file system: the file keeps the default permissions
                }
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the link-signing key " + file, e);
        }
    }

    /**
     * The sample's clone that {@code pipeline local serve} builds from unless told otherwise, and that
     * {@code pipeline push} commits into: a repository of the runtime's own, never the project's working tree.
     */
    Path sampleClone() {
        return dev.serverlesscd.local.demo.DemoSession.sampleClone(directory);
    }

    /**
     * What a running {@code pipeline local serve} wrote about itself; {@code sources} maps each clone URL to the
     * directory its builds check commits out of.
     */
    record Served(URI http, URI stepFunctions, URI dynamoDb, String stateMachineArn, String rollbackStateMachineArn,
                  long pid, Map<String, Path> sources) {
        Served {
            sources = sources == null ? Map.of() : Map.copyOf(sources);
        }

        Served(URI http, URI stepFunctions, URI dynamoDb, String stateMachineArn, String rollbackStateMachineArn, long pid) {
            this(http, stepFunctions, dynamoDb, stateMachineArn, rollbackStateMachineArn, pid, Map.of());
        }
    }

    void writeServed(Served served) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("http", served.http().toString());
        node.put("stepFunctions", served.stepFunctions().toString());
        node.put("dynamoDb", served.dynamoDb().toString());
        node.put("stateMachineArn", served.stateMachineArn());
        node.put("rollbackStateMachineArn", served.rollbackStateMachineArn());
        node.put("pid", served.pid());
        ObjectNode sources = node.putObject("sources");
        served.sources().forEach((url, dir) -> sources.put(url, dir.toAbsolutePath().toString()));
        try {
            Files.createDirectories(directory);
            Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(serveFile().toFile(), node);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + serveFile(), e);
        }
    }

    /** The hint of a command that needs the server running: how to start it. */
    static final String START_IT = "start it first (GITHUB_WEBHOOK_SECRET=... ./pipeline local serve)";

    /**
     * The running server; if there is none, says so on standard error with {@code hint} (what to do, or where what
     * the command needs is found) and answers empty: the command then exits 2.
     */
    Optional<Served> servedOrSay(String hint) {
        Optional<Served> served = served();
        if (served.isEmpty()) {
            System.err.println("no `pipeline local serve` is running for " + directory() + ": " + hint);
        }
        return served;
    }

    /** The running server, if its file is there and its process is alive. */
    Optional<Served> served() {
        if (!Files.exists(serveFile())) {
            return Optional.empty();
        }
        try {
            JsonNode node = Json.MAPPER.readTree(serveFile().toFile());
            long pid = node.path("pid").asLong();
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                return Optional.of(new Served(URI.create(node.path("http").asText()),
                        URI.create(node.path("stepFunctions").asText()), URI.create(node.path("dynamoDb").asText()),
                        node.path("stateMachineArn").asText(), node.path("rollbackStateMachineArn").asText(null), pid,
                        sources(node.path("sources"))));
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Map<String, Path> sources(JsonNode node) {
        Map<String, Path> sources = new LinkedHashMap<>();
        node.fields().forEachRemaining(field -> sources.put(field.getKey(), Path.of(field.getValue().asText())));
        return sources;
    }

    void clearServed() {
        try {
            Files.deleteIfExists(serveFile());
        } catch (IOException e) {
            // a stale file is recognised by its dead process
        }
    }
}
