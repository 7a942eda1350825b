package dev.serverlesscd.functions.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.serverlesscd.functions.common.Json;
import dev.serverlesscd.functions.common.PipelineTable;
import dev.serverlesscd.functions.lambda.WebhookHandler;
import dev.serverlesscd.functions.testing.DynamoDbLocal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * Warm acceptance latency of a push, beside its floor. Not part of the default build (tag {@code benchmark});
 * run it with
 * <pre>./mvnw -q -B -pl functions test -Dtest=WebhookAcceptanceBenchmark -DexcludedTestGroups=none -Dsurefire.failIfNoSpecifiedTests=false</pre>
 *
 * <ul>
 *   <li>webhook: {@link WebhookService#handle} with a signed push to a new branch, on DynamoDB Local embedded, with
 *       the in-memory starter (Step Functions' own latency is in neither figure);</li>
 *   <li>floor: the same request's bare work: verify the HMAC, parse the JSON, one conditional put keyed by the
 *       delivery to the same DynamoDB Local.</li>
 * </ul>
 * Each side: 1,000 warm-up requests, then 3,000 measured, one thread.
 */
@Tag("benchmark")
class WebhookAcceptanceBenchmark {
    private static final int WARMUP = 1_000;
    private static final int MEASURED = 3_000;

    @Test
    void warmAcceptanceLatency_besideTheFloor() {
        try (DynamoDbLocal db = DynamoDbLocal.start()) {
            WebhookFixture fixture = new WebhookFixture(db);
            List<APIGatewayV2HTTPEvent> pushes = pushes(WARMUP + MEASURED);
            long[] webhook = measure(pushes, event -> {
                int status = WebhookHandler.handle(fixture.service, event).getStatusCode();
                if (status != 202) {
                    throw new IllegalStateException("answered " + status);
                }
            });

            String floorTable = "floor-" + java.util.UUID.randomUUID();
            PipelineTable.create(db.client(), floorTable);
            byte[] secret = Deliveries.SECRET.getBytes(StandardCharsets.UTF_8);
            long[] floor = measure(pushes(WARMUP + MEASURED), event -> {
                byte[] body = event.getBody().getBytes(StandardCharsets.UTF_8);
                if (SignatureVerifier.verify(secret, body, event.getHeaders().get("x-hub-signature-256"))
                        != SignatureVerifier.Verdict.VALID) {
                    throw new IllegalStateException("signature");
                }
                JsonNode payload;
                try {
                    payload = Json.MAPPER.readTree(body);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                db.client().putItem(PutItemRequest.builder()
                        .tableName(floorTable)
                        .item(Map.of(
                                PipelineTable.PK, AttributeValue.fromS("DELIVERY#" + event.getHeaders().get("x-github-delivery")),
                                PipelineTable.SK, AttributeValue.fromS("DELIVERY"),
                                "ref", AttributeValue.fromS(payload.path("ref").asText())))
                        .conditionExpression("attribute_not_exists(pk)")
                        .build());
            });

            double webhookP50 = percentile(webhook, 50);
            double webhookP99 = percentile(webhook, 99);
            double floorP50 = percentile(floor, 50);
            double floorP99 = percentile(floor, 99);
            System.out.printf("%nwebhook acceptance (warm, %d requests): p50 %.2f ms, p99 %.2f ms%n", MEASURED, webhookP50, webhookP99);
            System.out.printf("floor (HMAC + parse + 1 conditional put): p50 %.2f ms, p99 %.2f ms%n", floorP50, floorP99);
            System.out.printf("ratio webhook/floor: p50 %.1fx, p99 %.1fx%n%n", webhookP50 / floorP50, webhookP99 / floorP99);
            assertThat(webhookP99).as("p99 well inside GitHub's 10 s").isLessThan(1_000);
        }
    }

    private static List<APIGatewayV2HTTPEvent> pushes(int count) {
        List<APIGatewayV2HTTPEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            events.add(Deliveries.of("push", WebhookFixture.delivery(),
                    WebhookFixture.pushJson("refs/heads/feature/bench-" + i)).event());
        }
        return events;
    }

    private static long[] measure(List<APIGatewayV2HTTPEvent> events, Consumer<APIGatewayV2HTTPEvent> work) {
        long[] nanos = new long[MEASURED];
        for (int i = 0; i < events.size(); i++) {
            long start = System.nanoTime();
            work.accept(events.get(i));
            long took = System.nanoTime() - start;
            if (i >= WARMUP) {
                nanos[i - WARMUP] = took;
            }
        }
        Arrays.sort(nanos);
        return nanos;
    }

    private static double percentile(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1_000_000.0;
    }
}
