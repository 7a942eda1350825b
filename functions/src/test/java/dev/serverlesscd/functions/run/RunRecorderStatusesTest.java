package dev.serverlesscd.functions.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.serverlesscd.functions.common.Json;
import dev.serverlesscd.functions.github.CommitState;
import dev.serverlesscd.functions.github.CommitStatus;
import dev.serverlesscd.functions.github.RecordingStatuses;
import dev.serverlesscd.functions.github.RunLinks;
import dev.serverlesscd.functions.testing.DynamoDbLocal;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The run recorder posts the pipeline's commit status: pending at the start, the final state at the end. */
@Tag("dynamodb")
class RunRecorderStatusesTest {
    static final DynamoDbLocal DB = DynamoDbLocal.start();
    static final Instant STARTED = Runs.T0.plusSeconds(5);
    static final Instant ENDED = Runs.T0.plusSeconds(312);
    static final String SHA = "6113728f27ae82c7b1a177c8d03f9e96e0adf246";

    final DynamoDbRunStore store = new DynamoDbRunStore(DB.client(), DB.tableName());
    final RecordingStatuses github = new RecordingStatuses();
    final StageStatuses statuses = new StageStatuses(github, RunLinks.of("https://approvals.example.com/runs/"));
    final String runId = "run-" + UUID.randomUUID();

    /** A gate result's stages when it judged every run's checks. */
    static final String JUDGED = "\"stages\": [{\"stage\": \"test\"}, {\"stage\": \"scan\"}, {\"stage\": \"lint\"}]";

    @AfterAll
    static void stop() {
        DB.close();
    }

    @Test
    void startAndFinish_shouldPostPendingThenTheFinalState() throws IOException {
        // GIVEN the webhook recorded the run
        Run run = Runs.received(runId, Runs.T0);
        store.create(run);
        JsonNode summary = Json.MAPPER.readTree("{\"gate\": {\"verdict\": \"PASS\", \"reasons\": [], \"warnings\": [], "
                + JUDGED + "}}");

        // WHEN
        RunRecorder.builder()
                .store(store)
                .clock(Clock.fixed(STARTED, ZoneOffset.UTC))
                .statuses(statuses)
                .build()
                .start(run, "arn:execution");
        RunRecorder.builder().store(store).clock(Clock.fixed(ENDED, ZoneOffset.UTC)).statuses(statuses).build()
                .finish(runId, "SUCCEEDED", null, null, summary);

        // THEN
        String link = "https://approvals.example.com/runs/" + runId;
        assertThat(github.posted()).containsExactly(
                new CommitStatus("acme/orders-service", SHA, CommitState.PENDING, "serverless-cd/pipeline",
                        "Running (tier full): checks, then deploy to staging, production", link),
                new CommitStatus("acme/orders-service", SHA, CommitState.PENDING, "serverless-cd/test",
                        "Waiting for the test build and the gate", link),
                new CommitStatus("acme/orders-service", SHA, CommitState.PENDING, "serverless-cd/scan",
                        "Waiting for the scan build and the gate", link),
                new CommitStatus("acme/orders-service", SHA, CommitState.PENDING, "serverless-cd/lint",
                        "Waiting for the lint build and the gate", link),
                new CommitStatus("acme/orders-service", SHA, CommitState.SUCCESS, "serverless-cd/pipeline",
                        "Succeeded in 5m 12s: gate PASS; deployed main-6113728 to staging, production", link));
    }

    @Test
    void finish_shouldPostNothing_whenTheRunWasAlreadyFinal() throws IOException {
        // GIVEN a run that failed at the gate
        store.create(Runs.received(runId, Runs.T0));
        RunRecorder recorder = RunRecorder.builder()
                .store(store)
                .clock(Clock.fixed(ENDED, ZoneOffset.UTC))
                .statuses(statuses)
                .build();
        recorder.finish(runId, "FAILED", "Gates.FAIL", "test: 1 of 16 tests failed: PriceCalculatorTest.roundsHalfUpToCents",
                Json.MAPPER.readTree("{\"gate\": {\"verdict\": \"FAIL\", " + JUDGED + "}}"));

        // WHEN a late outcome arrives
        RunRecorderResult late = recorder.finish(runId, "SUCCEEDED", null, null, null);

        // THEN the first outcome is the one GitHub shows
        assertThat(late.status()).isEqualTo(RunStatus.FAILED);
        assertThat(github.posted()).singleElement().satisfies(status -> {
            assertThat(status.state()).isEqualTo(CommitState.FAILURE);
            assertThat(status.description())
                    .isEqualTo("Failed after 5m 12s: test: 1 of 16 tests failed: PriceCalculatorTest.roundsHalfUpToCents");
        });
    }

    @Test
    void start_shouldRecordTheRun_whenPostingTheStatusFails() {
        // GIVEN statuses that always fail
        Run run = Runs.received(runId, Runs.T0);
        store.create(run);
        StageStatuses failing = new StageStatuses(status -> {
            throw new IllegalStateException("GitHub is down");
        }, RunLinks.none());

        // WHEN
        RunRecorderResult result = RunRecorder.builder()
                .store(store)
                .clock(Clock.fixed(STARTED, ZoneOffset.UTC))
                .statuses(failing)
                .build()
                .start(run, null);

        // THEN
        assertThat(result.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(store.find(runId).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
    }
}
