package dev.serverlesscd.functions.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.serverlesscd.functions.common.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * GitHub's own example payloads, from the npm package {@code @octokit/webhooks-examples} the build installs at the
 * repository root ({@code node_modules/@octokit/webhooks-examples/api.github.com/index.json}: a list of
 * {@code {"name": <event>, "examples": [<payload>, …]}}).
 */
final class GitHubExamples {
    private static final Path INDEX = Path.of("node_modules", "@octokit", "webhooks-examples", "api.github.com", "index.json");
    private static JsonNode index;

    /** One example payload, named after its event and position: {@code push[4] refs/heads/master}. */
    record Example(String event, int index, JsonNode payload) {
        String name() {
            String detail = payload.path("action").isTextual() ? payload.path("action").asText()
                    : payload.path("ref").isTextual() ? payload.path("ref").asText() + (payload.path("deleted").asBoolean() ? " deleted" : "")
                    : "";
            return event + "[" + index + "] " + detail;
        }

        byte[] body() {
            try {
                return Json.MAPPER.writeValueAsBytes(payload);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String toString() {
            return name();
        }
    }

    private GitHubExamples() {
    }

    static List<Example> of(String event) {
        for (JsonNode entry : index()) {
            if (entry.path("name").asText().equals(event)) {
                List<Example> examples = new ArrayList<>();
                for (int i = 0; i < entry.path("examples").size(); i++) {
                    examples.add(new Example(event, i, entry.path("examples").get(i)));
                }
                return examples;
            }
        }
        throw new IllegalStateException("@octokit/webhooks-examples has no examples of " + event);
    }

    static Example get(String event, int i) {
        return of(event).get(i);
    }

    private static synchronized JsonNode index() {
        if (index == null) {
            Path file = locate();
            try {
                index = Json.MAPPER.readTree(file.toFile());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + file, e);
            }
        }
        return index;
    }

    private static Path locate() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(INDEX))) {
                return dir.resolve(INDEX);
            }
        }
        throw new IllegalStateException("GitHub's webhook examples are not installed: no " + INDEX + " above " + start
                + ". Run `npm ci` at the repository root (or ./mvnw validate -N).");
    }
}
