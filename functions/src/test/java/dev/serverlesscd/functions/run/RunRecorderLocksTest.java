package dev.serverlesscd.functions.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesscd.functions.gate.Baselines;
import dev.serverlesscd.functions.testing.DynamoDbLocal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The run's end as the safety net of the environment locks: whatever the run still holds is released. */
@Tag("dynamodb")
class RunRecorderLocksTest {
    static final DynamoDbLocal DB = DynamoDbLocal.start();
    static final Instant NOW = Instant.parse("2024-05-01T12:00:30Z");

    final DynamoDbRunStore store = new DynamoDbRunStore(DB.client(), DB.tableName());
    final List<String> released = new ArrayList<>();
    final RunRecorder recorder = RunRecorder.builder()
            .store(store)
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .statuses(StageStatuses.off("not in this test"))
            .onSuccess((run, at) -> Baselines.NONE.promote(run.repository(), run.runId(), at))
            .locks(owner -> {
                released.add(owner);
                return 1;
            }).build();

    @AfterAll
    static void stop() {
        DB.close();
    }

    @Test
    void finish_shouldReleaseTheLocksTheRunStillHolds_whenItEndsWithoutRecordingItsDeploy() {
        // GIVEN a run whose deploy failed and was rolled back (nothing recorded the deploy's end)
        String runId = "run-" + UUID.randomUUID();
        store.create(Runs.received(runId, Runs.T0));
        store.markStarted(runId, "arn:exec", Runs.T0);

        // WHEN the run's outcome is recorded
        RunRecorderResult result = recorder.finish(runId, "ROLLED_BACK", "Deploy.RolledBack", "rollout failed", null);

        // THEN its locks are released
        assertThat(result.status()).isEqualTo(RunStatus.ROLLED_BACK);
        assertThat(released).containsExactly(runId);
    }

    @Test
    void finish_shouldStillRecordTheOutcome_whenReleasingTheLocksFails() {
        // GIVEN a run, and a lock store that fails
        String runId = "run-" + UUID.randomUUID();
        store.create(Runs.received(runId, Runs.T0));
        store.markStarted(runId, "arn:exec", Runs.T0);
        RunRecorder failing = RunRecorder.builder()
                .store(store)
                .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .statuses(StageStatuses.off("not in this test"))
                .onSuccess((run, at) -> Baselines.NONE.promote(run.repository(), run.runId(), at))
                .locks(owner -> {
                    throw new IllegalStateException("throttled");
                }).build();

        // WHEN
        RunRecorderResult result = failing.finish(runId, "FAILED", "Deploy.ClusterError", "boom", null);

        // THEN the outcome is recorded (the lock expires on its own)
        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(store.find(runId).orElseThrow().status()).isEqualTo(RunStatus.FAILED);
    }
}
