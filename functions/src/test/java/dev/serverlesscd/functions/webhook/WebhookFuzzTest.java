package dev.serverlesscd.functions.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import dev.serverlesscd.functions.run.Run;
import dev.serverlesscd.functions.run.RunStatus;
import dev.serverlesscd.functions.testing.DynamoDbLocal;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;

/**
 * The webhook under Jazzer, over headers and body, on DynamoDB Local with the real stores: every answer is 2xx or 4xx
 * with a message (no store fails here, so never 5xx), and what it stored is consistent: a 202 that started a run has
 * its run RUNNING, its delivery STARTED and its execution; any other answer left no run and no delivery for its id.
 *
 * <p>The default build runs it in Jazzer's regression mode: the empty input and the seeds under
 * {@code src/test/resources/dev/serverlesscd/functions/webhook/WebhookFuzzTestInputs/delivery/}, as plain JUnit
 * invocations. Fuzzing for real (up to {@code maxDuration}): {@code JAZZER_FUZZ=1 ./mvnw -B -pl functions test
 * -Dtest=WebhookFuzzTest -DskipNpm}; a finding is written beside the seeds and replays from then on.
 */
@Tag("dynamodb")
class WebhookFuzzTest {
    private static final DynamoDbLocal DB = DynamoDbLocal.start();
    private static final WebhookFixture FIXTURE = new WebhookFixture(DB);
    private static final String[] EVENTS = {"push", "pull_request", "ping", "create", "PUSH", "push\u0000", ""};
    private static final String[] TYPES = {"application/json", "application/x-www-form-urlencoded",
            "application/json; charset=utf-8", "text/plain", ""};
    private static final String[] REFS = {"refs/heads/main", "refs/heads/feature/x", "refs/tags/v1.2.0",
            "refs/heads/", "refs/heads/a..b", "refs/heads/\u001b[31m", "refs/pull/1/head"};

    @AfterAll
    static void stop() {
        DB.close();
    }

    @FuzzTest(maxDuration = "5m")
    void delivery(FuzzedDataProvider data) {
        String event = data.pickValue(EVENTS);
        String deliveryId = data.consumeBoolean() ? UUID.randomUUID().toString() : data.consumeString(80);
        String contentType = data.pickValue(TYPES);
        boolean signed = data.consumeBoolean() || data.remainingBytes() == 0;
        String body = data.consumeBoolean() ? payload(data) : data.consumeString(4_000);

        Deliveries delivery = Deliveries.of(event.isEmpty() ? "push" : event, deliveryId.isEmpty() ? "x" : deliveryId, body)
                .header("Content-Type", contentType.isEmpty() ? null : contentType)
                .header("X-GitHub-Event", event.isEmpty() ? null : event)
                .header("X-GitHub-Delivery", deliveryId.isEmpty() ? null : deliveryId);
        if (contentType.startsWith("application/x-www-form-urlencoded")) {
            delivery.formEncoded();
        }
        if (!signed) {
            delivery.sign("not the secret " + data.consumeString(40));
        }
        APIGatewayV2HTTPResponse response = FIXTURE.send(delivery);

        int status = response.getStatusCode();
        assertThat(status).as(response.getBody()).isBetween(200, 499);
        JsonNode answer = WebhookFixture.body(response);
        assertThat(answer.path("message").asText()).as("every answer gives its reason").isNotBlank();
        if (!deliveryId.matches("[A-Za-z0-9-]{1,64}")) {
            return; // not a key the webhook would ever write
        }
        String runId = "run-" + deliveryId;
        Optional<Run> run = FIXTURE.run(runId);
        if (status == 202 && answer.has("runId")) {
            assertThat(run).as("a started run is recorded").map(Run::status).contains(RunStatus.RECEIVED);
            assertThat(FIXTURE.ledger.find(deliveryId)).map(DeliveryLedger.Delivery::state)
                    .contains(DeliveryLedger.State.STARTED);
            assertThat(FIXTURE.starter.executions()).containsKey(runId);
        } else if (!answer.has("runId")) {
            assertThat(run).as("nothing recorded for " + status + " " + answer).isEmpty();
            assertThat(FIXTURE.ledger.find(deliveryId)).isEmpty();
        }
    }

    /** A push or pull request payload whose fields come from the fuzzer. */
    private static String payload(FuzzedDataProvider data) {
        String ref = data.consumeBoolean() ? data.pickValue(REFS) : data.consumeString(300);
        String before = data.consumeBoolean() ? WebhookFixture.randomSha() : data.consumeString(45);
        String after = data.consumeBoolean() ? WebhookFixture.randomSha() : data.consumeString(45);
        String email = data.consumeString(60);
        String json = data.consumeBoolean()
                ? """
                {"ref": %s, "before": %s, "after": %s, "deleted": %s,
                 "repository": {"full_name": "acme/orders-service"},
                 "sender": {"login": %s}, "head_commit": {"id": %s, "author": {"email": %s}},
                 "commits": [{"id": %s, "author": {"email": %s, "username": %s}}]}
                """.formatted(q(ref), q(before), q(after), data.consumeBoolean(), q(data.consumeString(40)), q(after),
                q(email), q(before), q(email), q(data.consumeString(40)))
                : """
                {"action": %s, "number": %d, "before": %s,
                 "pull_request": {"head": {"ref": %s, "sha": %s, "repo": {"full_name": "acme/orders-service"}},
                                  "base": {"sha": %s, "repo": {"full_name": "acme/orders-service"}},
                                  "user": {"login": %s}},
                 "repository": {"full_name": "acme/orders-service"}}
                """.formatted(q(data.pickValue(new String[] {"opened", "synchronize", "reopened", "closed"})),
                data.consumeInt(), q(before), q(ref), q(after), q(before), q(email));
        return data.consumeBoolean() ? json : json.substring(0, data.consumeInt(0, json.length()));
    }

    private static String q(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
