package dev.serverlesscd.functions.run;

import static dev.serverlesscd.functions.run.Runs.T0;
import static dev.serverlesscd.functions.run.Runs.received;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.serverlesscd.functions.common.Json;
import dev.serverlesscd.functions.common.PipelineTable;
import dev.serverlesscd.functions.config.EnvironmentTarget;
import dev.serverlesscd.functions.testing.DynamoDbLocal;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

@Tag("dynamodb")
class DynamoDbRunStoreTest {
    static final DynamoDbLocal DB = DynamoDbLocal.start();

    final DynamoDbRunStore store = new DynamoDbRunStore(DB.client(), DB.tableName());

    @AfterAll
    static void stop() {
        DB.close();
    }

    static String newRunId() {
        return "run-" + UUID.randomUUID();
    }

    @Test
    void create_shouldStoreTheRunAsReceived_whenRunIdIsNew() {
        // GIVEN
        String runId = newRunId();

        // WHEN
        store.create(received(runId, T0));

        // THEN
        Run stored = store.find(runId).orElseThrow();
        assertThat(stored).usingRecursiveComparison().isEqualTo(received(runId, T0));
        assertThat(stored.status()).isEqualTo(RunStatus.RECEIVED);
        assertThat(stored.defaultBranch()).isEqualTo("main");
        assertThat(stored.environments()).extracting(EnvironmentTarget::name).containsExactly("staging", "production");
        assertThat(stored.environments().get(1).approvers()).containsExactly("lead@example.com");
    }

    @Test
    void create_shouldThrowRunAlreadyExists_whenRunIdIsTaken() {
        // GIVEN
        String runId = newRunId();
        store.create(received(runId, T0));
        store.markStarted(runId, "arn:exec:1", T0.plusSeconds(1));

        // WHEN / THEN
        assertThatThrownBy(() -> store.create(received(runId, T0.plusSeconds(5))))
                .isInstanceOf(RunAlreadyExistsException.class)
                .hasMessage("Run " + runId + " is already recorded");
        assertThat(store.find(runId).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
    }

    @Test
    void create_shouldRefuse_whenTheRunIsNotReceivedOrHasNoCreationTime() {
        // GIVEN
        String runId = newRunId();
        Run running = withStatus(received(runId, T0), RunStatus.RUNNING);
        Run timeless = received(runId, null);

        // WHEN / THEN
        assertThatThrownBy(() -> store.create(running))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A new run is recorded as RECEIVED, not RUNNING (run " + runId + ")");
        assertThatThrownBy(() -> store.create(timeless))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Run " + runId + " has no createdAt");
        assertThat(store.find(runId)).isEmpty();
    }

    @Test
    void find_shouldReadTheDefaultBranch_whenTheRepositorysIsNotMain() {
        // GIVEN a run of a repository whose default branch is develop
        String runId = newRunId();
        store.create(withDefaultBranch(received(runId, T0), "develop"));

        // WHEN
        Run stored = store.find(runId).orElseThrow();

        // THEN
        assertThat(stored.defaultBranch()).isEqualTo("develop");
        assertThat(stored).usingRecursiveComparison().isEqualTo(withDefaultBranch(received(runId, T0), "develop"));
    }

    @Test
    void find_shouldReadNoDefaultBranch_whenTheItemHasNone() {
        // GIVEN a run item as stored before runs had a default branch: without the attribute
        String runId = newRunId();
        store.create(received(runId, T0));
        DB.client().updateItem(UpdateItemRequest.builder()
                .tableName(DB.tableName())
                .key(Map.of(PipelineTable.PK, AttributeValue.fromS("RUN#" + runId),
                        PipelineTable.SK, AttributeValue.fromS("RUN")))
                .updateExpression("REMOVE defaultBranch")
                .build());

        // WHEN
        Run stored = store.find(runId).orElseThrow();

        // THEN null, and the rest as it was; a run created without one stores none either
        assertThat(stored.defaultBranch()).isNull();
        assertThat(stored).usingRecursiveComparison().isEqualTo(withDefaultBranch(received(runId, T0), null));
        String withoutId = newRunId();
        store.create(withDefaultBranch(received(withoutId, T0), null));
        assertThat(store.find(withoutId).orElseThrow().defaultBranch()).isNull();
    }

    @Test
    void find_shouldBeEmpty_whenTheRunIsUnknown() {
        assertThat(store.find("run-unknown")).isEmpty();
    }

    @Test
    void markStarted_shouldSetRunningAndTheExecution_whenTheRunIsReceived() {
        // GIVEN
        String runId = newRunId();
        store.create(received(runId, T0));

        // WHEN
        store.markStarted(runId, "arn:aws:states:eu-west-1:1:execution:pipeline:" + runId, T0.plusSeconds(2));

        // THEN
        Run stored = store.find(runId).orElseThrow();
        assertThat(stored.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(stored.executionArn()).isEqualTo("arn:aws:states:eu-west-1:1:execution:pipeline:" + runId);
        assertThat(stored.updatedAt()).isEqualTo(T0.plusSeconds(2));
    }

    @Test
    void markStarted_shouldBeHarmless_whenRetriedOnARunningRun() {
        // GIVEN
        String runId = newRunId();
        store.create(received(runId, T0));
        store.markStarted(runId, "arn:exec", T0.plusSeconds(2));

        // WHEN
        store.markStarted(runId, null, T0.plusSeconds(3));

        // THEN
        Run stored = store.find(runId).orElseThrow();
        assertThat(stored.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(stored.executionArn()).isEqualTo("arn:exec");
    }

    @Test
    void markStarted_shouldThrowRunNotFound_whenTheRunIsUnknown() {
        // GIVEN
        String runId = newRunId();

        // WHEN / THEN
        assertThatThrownBy(() -> store.markStarted(runId, "arn:exec", T0))
                .isInstanceOf(RunNotFoundException.class)
                .hasMessage("Run " + runId + " is not recorded");
        assertThat(store.find(runId)).as("no item created by the update").isEmpty();
    }

    @Test
    void markStarted_shouldThrowAlreadyFinished_andKeepTheOutcome_whenTheRunIsFinal() {
        // GIVEN
        String runId = newRunId();
        store.create(received(runId, T0));
        store.finish(runId, RunStatus.FAILED, "States.TaskFailed", "boom", null, T0.plusSeconds(9));

        // WHEN / THEN
        assertThatThrownBy(() -> store.markStarted(runId, "arn:exec", T0.plusSeconds(10)))
                .isInstanceOf(RunAlreadyFinishedException.class)
                .hasMessageContaining("already finished with status FAILED");
        assertThat(store.find(runId).orElseThrow().status()).isEqualTo(RunStatus.FAILED);
    }

    @Test
    void finish_shouldRecordStatusErrorCauseAndSummary_whenTheRunIsRunning() throws Exception {
        // GIVEN
        String runId = newRunId();
        store.create(received(runId, T0));
        store.markStarted(runId, "arn:exec", T0.plusSeconds(1));
        JsonNode summary = Json.MAPPER.readTree("{\"gate\":{\"verdict\":\"FAIL\"},\"image\":null,\"checks\":[{\"stage\":\"test\"}]}");

        // WHEN
        store.finish(runId, RunStatus.FAILED, "Gate.Failed", "test: 2 of 14 tests failed", summary, T0.plusSeconds(60));

        // THEN
        Run stored = store.find(runId).orElseThrow();
        assertThat(stored.status()).isEqualTo(RunStatus.FAILED);
        assertThat(stored.error()).isEqualTo("Gate.Failed");
        assertThat(stored.cause()).isEqualTo("test: 2 of 14 tests failed");
        assertThat(stored.summary()).isEqualTo(summary);
        assertThat(stored.updatedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(stored.executionArn()).isEqualTo("arn:exec");
    }

    @Test
    void finish_shouldThrowAlreadyFinished_andNotOverwrite_whenALateOutcomeArrives() {
        // GIVEN
        String runId = newRunId();
        store.create(received(runId, T0));
        store.finish(runId, RunStatus.SUPERSEDED, "Approval.Superseded", "run-2 superseded it", null, T0.plusSeconds(5));

        // WHEN / THEN
        assertThatThrownBy(() -> store.finish(runId, RunStatus.SUCCEEDED, null, null, null, T0.plusSeconds(6)))
                .isInstanceOfSatisfying(RunAlreadyFinishedException.class,
                        e -> assertThat(e.status()).isEqualTo(RunStatus.SUPERSEDED))
                .hasMessage("Run " + runId + " already finished with status SUPERSEDED; a final status is never overwritten");
        Run stored = store.find(runId).orElseThrow();
        assertThat(stored.status()).isEqualTo(RunStatus.SUPERSEDED);
        assertThat(stored.cause()).isEqualTo("run-2 superseded it");
        assertThat(stored.updatedAt()).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void finish_shouldRefuse_whenTheStatusIsNotFinal_orTheRunIsUnknown() {
        // GIVEN
        String runId = newRunId();
        store.create(received(runId, T0));

        // WHEN / THEN
        assertThatThrownBy(() -> store.finish(runId, RunStatus.RUNNING, null, null, null, T0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A run finishes with a final status, not RUNNING (run " + runId + ")");
        assertThatThrownBy(() -> store.finish("run-nobody", RunStatus.FAILED, null, null, null, T0))
                .isInstanceOf(RunNotFoundException.class);
        assertThat(store.find(runId).orElseThrow().status()).isEqualTo(RunStatus.RECEIVED);
        assertThat(store.find("run-nobody")).isEmpty();
    }

    @Test
    void stages_shouldReturnStagesInTimeOrder_andOverwriteARetriedStage() {
        // GIVEN
        String runId = newRunId();
        store.create(received(runId, T0));
        store.recordStage(new StageRecord(runId, "gates", "SUCCEEDED", "all passed", T0.plusSeconds(100), T0.plusSeconds(101)));
        store.recordStage(new StageRecord(runId, "test", "FAILED", "2 of 14 failed", T0.plusSeconds(10), T0.plusSeconds(50)));
        store.recordStage(new StageRecord(runId, "scan", "SUCCEEDED", "0 findings", T0.plusMillis(10_500), T0.plusSeconds(40)));

        // WHEN a retried task records the test stage again
        store.recordStage(new StageRecord(runId, "test", "FAILED", "2 of 14 tests failed", T0.plusSeconds(10), T0.plusSeconds(50)));

        // THEN
        assertThat(store.stages(runId))
                .extracting(StageRecord::stage, StageRecord::summary)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("test", "2 of 14 tests failed"),
                        org.assertj.core.groups.Tuple.tuple("scan", "0 findings"),
                        org.assertj.core.groups.Tuple.tuple("gates", "all passed"));
        assertThat(store.stages(runId).get(0))
                .isEqualTo(new StageRecord(runId, "test", "FAILED", "2 of 14 tests failed", T0.plusSeconds(10), T0.plusSeconds(50)));
    }

    @Test
    void recordStage_shouldThrowRunNotFound_andStoreNothing_whenTheRunIsUnknown() {
        // GIVEN
        String runId = newRunId();

        // WHEN / THEN
        assertThatThrownBy(() -> store.recordStage(new StageRecord(runId, "test", "SUCCEEDED", "ok", T0, T0)))
                .isInstanceOf(RunNotFoundException.class);
        assertThat(store.stages(runId)).isEmpty();
    }

    @Test
    void recordStage_shouldRefuse_whenTheStageHasNoTime() {
        // GIVEN
        String runId = newRunId();
        store.create(received(runId, T0));

        // WHEN / THEN
        assertThatThrownBy(() -> store.recordStage(new StageRecord(runId, "test", "SUCCEEDED", "ok", null, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Stage test of run " + runId + " has neither startedAt nor endedAt");
        assertThat(store.stages(runId)).isEmpty();
    }

    @Test
    void recent_shouldListRunsNewestFirst_upToTheLimit() {
        // GIVEN runs created in a far future so other tests' runs are older
        Instant base = Instant.parse("2099-01-01T00:00:00Z");
        store.create(received("run-old", base));
        store.create(received("run-newest", base.plusMillis(1500)));
        store.create(received("run-middle", base.plusSeconds(1)));

        // WHEN
        var recent = store.recent(2);

        // THEN
        assertThat(recent).extracting(Run::runId).containsExactly("run-newest", "run-middle");
        assertThatThrownBy(() -> store.recent(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("limit must be at least 1, was 0");
    }

    private static Run withDefaultBranch(Run run, String defaultBranch) {
        return new Run(run.runId(), run.deliveryId(), run.repository(), run.cloneUrl(), run.event(), run.ref(),
                run.branch(), defaultBranch, run.tag(), run.commit(), run.baseCommit(), run.author(),
                run.contributors(), run.version(), run.tier(),
                run.deploy(), run.environments(), run.status(), run.executionArn(), run.createdAt(), run.updatedAt(),
                run.error(), run.cause(), run.summary());
    }

    private static Run withStatus(Run run, RunStatus status) {
        return new Run(run.runId(), run.deliveryId(), run.repository(), run.cloneUrl(), run.event(), run.ref(),
                run.branch(), run.defaultBranch(), run.tag(), run.commit(), run.baseCommit(), run.author(),
                run.contributors(), run.version(), run.tier(),
                run.deploy(), run.environments(), status, run.executionArn(), run.createdAt(), run.updatedAt(),
                run.error(), run.cause(), run.summary());
    }
}
