package dev.serverlesscd.functions.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesscd.functions.testing.DynamoDbLocal;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;

/** The baselines adapter on DynamoDB Local, the pipeline's one table. */
@Tag("dynamodb")
class DynamoDbBaselinesTest {
    static final DynamoDbLocal DB = DynamoDbLocal.start();
    static final Instant T1 = Instant.parse("2024-05-01T12:00:00Z");
    static final Instant T2 = Instant.parse("2024-05-02T12:00:00Z");

    final DynamoDbBaselines baselines = new DynamoDbBaselines(DB.client(), DB.tableName());
    final String repository = "acme/service-" + UUID.randomUUID();

    @AfterAll
    static void stop() {
        DB.close();
    }

    @Test
    void find_shouldAnswerNothing_beforeAnyRunSucceeded() {
        // GIVEN a candidate that was never promoted
        baselines.propose(repository, "run-1", coverage("run-1", T1, 85.0));

        // WHEN / THEN
        assertThat(baselines.find(repository, Baseline.Kind.COVERAGE)).isEmpty();
    }

    @Test
    void promote_shouldMakeTheRunsCandidatesTheBaselines() {
        // GIVEN a run's coverage, benchmark and image candidates
        baselines.propose(repository, "run-1", coverage("run-1", T1, 85.5));
        baselines.propose(repository, "run-1", new Baseline(Baseline.Kind.BENCHMARK, "run-1", "main", T1,
                Map.of("o.B.m [thrpt]", 1685.4), Map.of("o.B.m [thrpt]", "ops/ms"), null));
        baselines.propose(repository, "run-1", new Baseline(Baseline.Kind.IMAGE, "run-1", "main", T1,
                Map.of(Baseline.SIZE_BYTES, 123456789.0), Map.of(), "sha256:abc"));

        // WHEN the run succeeds
        int promoted = baselines.promote(repository, "run-1", T1.plusSeconds(600));

        // THEN
        assertThat(promoted).isEqualTo(3);
        assertThat(baselines.find(repository, Baseline.Kind.COVERAGE)).contains(coverage("run-1", T1, 85.5));
        assertThat(baselines.find(repository, Baseline.Kind.BENCHMARK).orElseThrow().units())
                .containsEntry("o.B.m [thrpt]", "ops/ms");
        Baseline image = baselines.find(repository, Baseline.Kind.IMAGE).orElseThrow();
        assertThat(image.values()).containsEntry(Baseline.SIZE_BYTES, 123456789.0);
        assertThat(image.detail()).isEqualTo("sha256:abc");
        Map<String, AttributeValue> item = DB.client().getItem(GetItemRequest.builder().tableName(DB.tableName())
                .key(Map.of("pk", AttributeValue.fromS("BASELINE#" + repository), "sk", AttributeValue.fromS("COVERAGE")))
                .build()).item();
        assertThat(item.get("type").s()).isEqualTo("BASELINE");
        assertThat(item.get("runId").s()).isEqualTo("run-1");
        assertThat(item.get("promotedAt").s()).isEqualTo("2024-05-01T12:10:00Z");
        assertThat(item).doesNotContainKey("expiresAt");
    }

    @Test
    void promote_shouldNeverReplaceANewerBaselineWithAnOlderRun() {
        // GIVEN run-2 (measured later) already promoted, and run-1 finishing late
        baselines.propose(repository, "run-1", coverage("run-1", T1, 70.0));
        baselines.propose(repository, "run-2", coverage("run-2", T2, 90.0));
        baselines.promote(repository, "run-2", T2.plusSeconds(60));

        // WHEN
        int promoted = baselines.promote(repository, "run-1", T2.plusSeconds(120));

        // THEN
        assertThat(promoted).isZero();
        assertThat(baselines.find(repository, Baseline.Kind.COVERAGE).orElseThrow().runId()).isEqualTo("run-2");
    }

    @Test
    void promote_shouldDoNothing_forARunWithoutCandidates() {
        // GIVEN / WHEN / THEN (a run of another branch: the gate proposed nothing)
        assertThat(baselines.promote(repository, "run-9", T1)).isZero();
    }

    @Test
    void propose_shouldKeepCandidatesForThirtyDaysOnly() {
        // GIVEN / WHEN
        baselines.propose(repository, "run-1", coverage("run-1", T1, 85.0));

        // THEN
        Map<String, AttributeValue> item = DB.client().getItem(GetItemRequest.builder().tableName(DB.tableName())
                .key(Map.of("pk", AttributeValue.fromS("BASELINE#" + repository),
                        "sk", AttributeValue.fromS("CANDIDATE#run-1#COVERAGE"))).build()).item();
        assertThat(item.get("expiresAt").n()).isEqualTo(Long.toString(T1.plusSeconds(30L * 24 * 3600).getEpochSecond()));
        assertThat(item.get("measuredAt").s()).isEqualTo("2024-05-01T12:00:00.000000000Z");
    }

    private static Baseline coverage(String runId, Instant at, double percent) {
        return new Baseline(Baseline.Kind.COVERAGE, runId, "main", at, Map.of(Baseline.LINE_COVERAGE, percent), Map.of(), null);
    }
}
