package dev.serverlesscd.functions.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.serverlesscd.functions.approval.PendingApprovals;
import dev.serverlesscd.functions.config.PipelineConfigLoader;
import dev.serverlesscd.functions.lambda.WebhookHandler;
import dev.serverlesscd.functions.testing.DynamoDbLocal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** samples/: the signed deliveries of samples/events go through the webhook configured by samples/pipeline-config.yml. */
@Tag("dynamodb")
public class SamplesTest {
    static final DynamoDbLocal DB = DynamoDbLocal.start();

    @AfterAll
    static void stop() {
        DB.close();
    }

    @Test
    void samplePush_shouldBeSignedWithTheDemoSecret_andStartAFullRunToStagingThenProduction() throws IOException {
        // GIVEN the sample event's body and headers, and a webhook with the demo secret and the sample configuration
        Path events = repositoryRoot().resolve("samples/events");
        byte[] body = Files.readAllBytes(events.resolve("push-main.json"));
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : Files.readAllLines(events.resolve("push-main.headers"), StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                headers.put(line.substring(0, line.indexOf(':')).trim(), line.substring(line.indexOf(':') + 1).trim());
            }
        }
        WebhookFixture fixture = new WebhookFixture(DB);
        WebhookService service = WebhookFixture.onTable(DB.client(), fixture.table, fixture.starter, PendingApprovals.NONE,
                new StaticWebhookSecret("local-demo-secret"),
                PipelineConfigLoader.load(repositoryRoot().resolve("samples/pipeline-config.yml")), fixture.clock);

        // WHEN it is posted as curl --data-binary would
        WebhookAnswer answer = service.accept(WebhookRequest.of(headers, body));

        // THEN the run of the README
        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.body()).containsEntry("runId", "run-72d3162e-cc78-11e3-81ab-4c9367dc0958")
                .containsEntry("tier", "full")
                .containsEntry("environments", java.util.List.of("staging", "production"));
        APIGatewayV2HTTPResponse unused = WebhookHandler.response(answer);
        assertThat(unused.getHeaders()).containsEntry("Content-Type", "application/json");
    }

    @Test
    void samplePullRequest_shouldBeSignedWithTheDemoSecret_andStartAChecksOnlyRunOfThePullRequestTier() throws IOException {
        // GIVEN the sample pull request's body and headers, and the webhook as above
        Path events = repositoryRoot().resolve("samples/events");
        byte[] body = Files.readAllBytes(events.resolve("pull-request-opened.json"));
        Map<String, String> headers = headers(events.resolve("pull-request-opened.headers"));
        WebhookFixture fixture = new WebhookFixture(DB);
        WebhookService service = WebhookFixture.onTable(DB.client(), fixture.table, fixture.starter, PendingApprovals.NONE,
                new StaticWebhookSecret("local-demo-secret"),
                PipelineConfigLoader.load(repositoryRoot().resolve("samples/pipeline-config.yml")), fixture.clock);

        // WHEN it is posted as samples/events/README.md shows
        WebhookAnswer answer = service.accept(WebhookRequest.of(headers, body));

        // THEN the run of the README: the pull request tier, nothing deployed
        assertThat(headers).containsEntry("X-GitHub-Event", "pull_request");
        assertThat(answer.status()).as(String.valueOf(answer.body())).isEqualTo(202);
        assertThat(answer.body()).containsEntry("runId", "run-5f0c3a2e-d2b1-11e3-9c1a-4c9367dc0958")
                .containsEntry("tier", "standard")
                .containsEntry("environments", java.util.List.of());
    }

    private static Map<String, String> headers(Path file) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                headers.put(line.substring(0, line.indexOf(':')).trim(), line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return headers;
    }

    /** The repository's root: the first directory above the working directory holding samples/ and mvnw. */
    public static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("samples")) && Files.exists(dir.resolve("mvnw"))) {
                return dir;
            }
        }
        throw new IllegalStateException("No repository root (samples/ and mvnw) above " + Path.of("").toAbsolutePath());
    }
}
