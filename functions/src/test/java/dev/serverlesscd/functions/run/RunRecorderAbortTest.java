package dev.serverlesscd.functions.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesscd.functions.config.EnvironmentTarget;
import dev.serverlesscd.functions.deploy.DeploymentRef;
import dev.serverlesscd.functions.deploy.DynamoDbEnvironmentLocks;
import dev.serverlesscd.functions.github.CommitState;
import dev.serverlesscd.functions.github.RecordingStatuses;
import dev.serverlesscd.functions.github.RunLinks;
import dev.serverlesscd.functions.testing.DynamoDbLocal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A run whose execution was lost or stopped from outside the state machine (the local runtime restarted or stopped):
 * {@link RunRecorder#abort} ends it as ABORTED with the reason, releases its environment locks and posts its commit
 * status, as any other end does.
 */
@Tag("dynamodb")
class RunRecorderAbortTest {
    static final DynamoDbLocal DB = DynamoDbLocal.start();
    static final Instant ENDED = Runs.T0.plusSeconds(95);
    static final String REASON = "the local runtime restarted at 2024-05-01T12:01:35Z; its execution "
            + "arn:aws:states:us-east-1:123456789012:execution:pipeline:run-1 was lost";

    final DynamoDbRunStore store = new DynamoDbRunStore(DB.client(), DB.tableName());
    final DynamoDbEnvironmentLocks locks = new DynamoDbEnvironmentLocks(DB.client(), DB.tableName());
    final RecordingStatuses github = new RecordingStatuses();
    final RunRecorder recorder = RunRecorder.builder()
            .store(store)
            .clock(Clock.fixed(ENDED, ZoneOffset.UTC))
            .statuses(new StageStatuses(github, RunLinks.none()))
            .locks(locks)
            .build();
    final String runId = "run-" + UUID.randomUUID();

    @AfterAll
    static void stop() {
        DB.close();
    }

    @Test
    void abort_shouldEndTheRunAsAborted_releaseItsLocks_andPostAnError_whenTheRunIsRunning() {
        // GIVEN a running run deploying to staging (it holds the environment's lock)
        Run run = Runs.received(runId, Runs.T0);
        store.create(run);
        store.markStarted(runId, "arn:execution:" + runId, Runs.T0);
        EnvironmentTarget staging = run.environments().get(0);
        DeploymentRef ref = new DeploymentRef(staging.namespace(), staging.deployment());
        locks.acquire(ref, runId, Runs.T0.plusSeconds(60));

        // WHEN its execution is found lost
        RunRecorderResult result = recorder.abort(runId, REASON);

        // THEN
        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        Run stored = store.find(runId).orElseThrow();
        assertThat(stored.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(stored.error()).isEqualTo(RunRecorder.ABORTED_ERROR);
        assertThat(stored.cause()).isEqualTo(REASON);
        assertThat(store.unfinished()).extracting(Run::runId).doesNotContain(runId);
        locks.acquire(ref, "run-next", ENDED); // the lock is free: another owner takes it at once
        assertThat(github.posted()).filteredOn(status -> status.context().equals(StageStatuses.PIPELINE_CONTEXT))
                .singleElement().satisfies(status -> {
                    assertThat(status.state()).isEqualTo(CommitState.ERROR);
                    assertThat(status.description()).startsWith("Aborted after 1m 35s: ").contains("the local runtime restarted");
                });
        locks.release(ref, "run-next");
    }

    @Test
    void abort_shouldKeepTheOutcome_andPostNothing_whenTheRunEndedFirst() {
        // GIVEN a run that ended before the abort reached it
        store.create(Runs.received(runId, Runs.T0));
        store.finish(runId, RunStatus.SUCCEEDED, null, null, null, Runs.T0.plusSeconds(30));

        // WHEN
        RunRecorderResult result = recorder.abort(runId, REASON);

        // THEN
        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(store.find(runId).orElseThrow().status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(github.posted()).isEmpty();
    }

    @Test
    void abort_shouldRefuse_whenNoReasonIsGiven() {
        store.create(Runs.received(runId, Runs.T0));

        assertThatThrownBy(() -> recorder.abort(runId, " "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("abort needs the reason the run is aborted");
        assertThat(store.find(runId).orElseThrow().status()).isEqualTo(RunStatus.RECEIVED);
    }

    @Test
    void unfinished_shouldListTheReceivedAndRunningRuns_only() {
        // GIVEN one run of each kind
        String received = "run-" + UUID.randomUUID();
        String running = "run-" + UUID.randomUUID();
        String ended = "run-" + UUID.randomUUID();
        store.create(Runs.received(received, Runs.T0));
        store.create(Runs.received(running, Runs.T0.plusSeconds(1)));
        store.markStarted(running, "arn:execution:" + running, Runs.T0.plusSeconds(2));
        store.create(Runs.received(ended, Runs.T0.plusSeconds(3)));
        store.finish(ended, RunStatus.FAILED, "Gates.FAIL", "test failed", null, Runs.T0.plusSeconds(4));

        // WHEN / THEN
        assertThat(store.unfinished()).extracting(Run::runId).contains(received, running).doesNotContain(ended);
        assertThat(store.unfinished()).filteredOn(run -> run.runId().equals(running)).singleElement()
                .extracting(Run::executionArn).isEqualTo("arn:execution:" + running);
    }
}
