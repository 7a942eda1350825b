package dev.serverlesscd.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.serverlesscd.functions.common.Json;
import dev.serverlesscd.functions.common.Printable;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pipeline run --repository R --ref REF [--commit SHA] [--tier T]}: a manual run, asked of the running
 * {@code pipeline local serve} through its {@code POST /runs} (the route that is IAM-authorized on AWS), so it is
 * routed, recorded once and started as a push of the ref would be.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        header = "Starts a manual run of a ref on the running `pipeline local serve`.",
        description = "Asks the running `pipeline local serve` for a run of REF of the repository (POST /runs, as on AWS): "
                + "routed by the ref's rule of the pipeline configuration, recorded and started once, superseding the "
                + "branch's older runs as a push does. Without --commit it runs the ref's head as the server last "
                + "received it; with one it may run an older commit.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {
                "0:the run started (202) or the same --idempotency-key's run exists (200)",
                "1:the server refused or could not start it (its answer is printed)",
                "2:no server is running"})
public final class RunCommand implements Callable<Integer> {

    @Option(names = "--repository", required = true, paramLabel = "OWNER/NAME", description = "The repository, e.g. acme/orders-service.")
    String repository;

    @Option(names = "--ref", required = true, paramLabel = "REF",
            description = "A branch (NAME or refs/heads/NAME) or a tag (refs/tags/NAME).")
    String ref;

    @Option(names = "--commit", paramLabel = "SHA", description = "The full commit sha to run (default: the ref's head as last pushed).")
    String commit;

    @Option(names = "--tier", paramLabel = "TIER", description = "The tier whose thresholds judge it (default: the ref's rule's).")
    String tier;

    @Option(names = "--idempotency-key", paramLabel = "KEY",
            description = "The same key is the same run: repeat the command with it safely (default: a new one).")
    String idempotencyKey;

    @Option(names = "--requested-by", paramLabel = "WHO", description = "Who asks (default: the user name); cannot approve the run.")
    String requestedBy = System.getProperty("user.name");

    @Option(names = "--workspace", description = "The local state (default: .pipeline/ in the repository).")
    Path workspace;

    @Override
    public Integer call() {
        LocalState state = LocalState.at(workspace);
        Optional<LocalState.Served> served = state.servedOrSay(LocalState.START_IT);
        if (served.isEmpty()) {
            return 2;
        }
        ObjectNode body = Json.MAPPER.createObjectNode()
                .put("repository", repository)
                .put("ref", ref)
                .put("commit", commit)
                .put("tier", tier)
                .put("idempotencyKey", idempotencyKey != null ? idempotencyKey : UUID.randomUUID().toString());
        HttpResponse<String> answer;
        try {
            answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(served.get().http() + "/runs"))
                            .timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/json")
                            .header("X-Requested-By", requestedBy == null ? "unknown" : requestedBy)
                            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            System.err.println("the server at " + served.get().http() + " did not answer: " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 2;
        }
        JsonNode answered = readOrNull(answer.body());
        String message = answered == null ? answer.body() : answered.path("message").asText();
        if (answer.statusCode() == 202 || answer.statusCode() == 200) {
            String runId = answered.path("runId").asText();
            System.out.println(Printable.of(message) + " (tier " + answered.path("tier").asText() + ", environments "
                    + answered.path("environments") + ")");
            System.out.println("./pipeline runs show " + runId);
            return 0;
        }
        System.err.println("run refused (" + answer.statusCode() + "): " + Printable.of(message));
        return 1;
    }

    private static JsonNode readOrNull(String text) {
        try {
            JsonNode node = Json.MAPPER.readTree(text);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }
}
