package dev.serverlesscd.functions.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import dev.serverlesscd.functions.common.Json;
import dev.serverlesscd.functions.config.EnvironmentTarget;
import dev.serverlesscd.functions.gate.GateResult;
import dev.serverlesscd.functions.github.CommitState;
import dev.serverlesscd.functions.github.CommitStatus;
import dev.serverlesscd.functions.github.RecordingStatuses;
import dev.serverlesscd.functions.github.RunLinks;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class StageStatusesTest {
    static final String SHA = "6113728f27ae82c7b1a177c8d03f9e96e0adf246";
    static final String RUN_ID = "run-72d3162e";
    static final String LINK = "https://approvals.example.com/runs/run-72d3162e";
    static final Instant CREATED = Instant.parse("2024-05-01T12:00:00Z");

    final RecordingStatuses github = new RecordingStatuses();
    final StageStatuses statuses = new StageStatuses(github, RunLinks.of("https://approvals.example.com/runs"));

    @Test
    void gateJudged_shouldPostEachStagesVerdictWithItsSummary() throws IOException {
        // GIVEN the Gates task's answer: FAIL, WARN, PASS and ERROR stages
        GateResult result = Json.MAPPER.readValue(resource("gate-result-fail.json"), GateResult.class);

        // WHEN
        statuses.gateJudged(RUN_ID, "acme/orders-service", SHA, result.stageChecks());

        // THEN
        assertThat(github.posted()).containsExactly(
                status(CommitState.FAILURE, "serverless-cd/test",
                        "1 of 16 tests failed: PriceCalculatorTest.roundsHalfUpToCents; line coverage 89.9% (minimum 85.0%)"),
                status(CommitState.SUCCESS, "serverless-cd/scan", "skipped: trivy not installed; no findings"),
                status(CommitState.SUCCESS, "serverless-cd/lint", "no findings"),
                status(CommitState.ERROR, "serverless-cd/bench", "error: bench reports missing: the build FAILED "
                        + "(States.TaskFailed: Build failed in phase BUILD) and wrote none to /work/runs/run-72d3162e/bench/"));
        assertThat(github.posted()).allSatisfy(status -> assertThat(status.description()).hasSizeLessThanOrEqualTo(140));
    }

    @Test
    void runStarted_shouldPostThePipelinePending_withThePlan() {
        // WHEN
        statuses.runStarted(run(true));

        // THEN the pipeline and each check every run has are pending
        assertThat(github.posted()).containsExactly(status(CommitState.PENDING, "serverless-cd/pipeline",
                "Running (tier full): checks, then deploy to staging, production"),
                status(CommitState.PENDING, "serverless-cd/test", "Waiting for the test build and the gate"),
                status(CommitState.PENDING, "serverless-cd/scan", "Waiting for the scan build and the gate"),
                status(CommitState.PENDING, "serverless-cd/lint", "Waiting for the lint build and the gate"));
    }

    @Test
    void runFinished_shouldPostSuccess_withTheTimeTakenTheGateAndTheEnvironments() throws IOException {
        // GIVEN the finish request's summary
        JsonNode summary = Json.MAPPER.readTree("{\"gate\": {\"verdict\": \"WARN\", \"reasons\": [],"
                + " \"warnings\": [\"scan: skipped: trivy not installed\"], " + JUDGED + "}, \"image\": null, \"checks\": []}");

        // WHEN
        statuses.runFinished(run(true), RunStatus.SUCCEEDED, null, null, summary, CREATED.plusSeconds(252));

        // THEN
        assertThat(github.posted()).containsExactly(status(CommitState.SUCCESS, "serverless-cd/pipeline",
                "Succeeded in 4m 12s: gate WARN (1 warning); deployed main-6113728 to staging, production"));
    }

    @Test
    void runFinished_shouldPostFailureWithTheCause_whenTheGateFailed() throws IOException {
        // WHEN
        statuses.runFinished(run(false), RunStatus.FAILED, "Gates.FAIL",
                "test: 2 of 14 tests failed: OrderTotalTest.appliesDiscount, OrderTotalTest.roundsHalfUp",
                Json.MAPPER.readTree("{\"gate\": {\"verdict\": \"FAIL\", " + JUDGED + "}}"), CREATED.plusSeconds(75));

        // THEN
        assertThat(github.posted()).containsExactly(status(CommitState.FAILURE, "serverless-cd/pipeline",
                "Failed after 1m 15s: test: 2 of 14 tests failed: OrderTotalTest.appliesDiscount, OrderTotalTest.roundsHalfUp"));
    }

    @Test
    void runFinished_shouldMapEveryFinalStatus() {
        assertThat(StageStatuses.finalState(RunStatus.SUCCEEDED)).isEqualTo(CommitState.SUCCESS);
        assertThat(StageStatuses.finalState(RunStatus.FAILED)).isEqualTo(CommitState.FAILURE);
        assertThat(StageStatuses.finalState(RunStatus.REJECTED)).isEqualTo(CommitState.FAILURE);
        assertThat(StageStatuses.finalState(RunStatus.ROLLED_BACK)).isEqualTo(CommitState.FAILURE);
        assertThat(StageStatuses.finalState(RunStatus.TIMED_OUT)).isEqualTo(CommitState.ERROR);
        assertThat(StageStatuses.finalState(RunStatus.SUPERSEDED)).isEqualTo(CommitState.ERROR);
    }

    @Test
    void runFinished_shouldNameTheErrorAndTheHours_whenTheApprovalTimedOut() throws IOException {
        // WHEN
        statuses.runFinished(run(true), RunStatus.TIMED_OUT, "States.HeartbeatTimeout", null,
                Json.MAPPER.readTree("{\"gate\": {\"verdict\": \"PASS\", " + JUDGED + "}}"), CREATED.plusSeconds(26 * 3600 + 120));

        // THEN
        assertThat(github.posted()).containsExactly(status(CommitState.ERROR, "serverless-cd/pipeline",
                "Timed out after 26h 02m: States.HeartbeatTimeout"));
    }

    @Test
    void runFinished_shouldEndTheChecksLeftPending_whenTheRunEndedBeforeTheGateJudgedThem() throws IOException {
        // GIVEN a run whose gate judged only the test stage (a gate that judged nothing leaves no "gate" at all)
        JsonNode summary = Json.MAPPER.readTree("{\"gate\": {\"verdict\": \"ERROR\", \"stages\": [{\"stage\": \"test\"}]}}");

        // WHEN it ends superseded
        statuses.runFinished(run(true), RunStatus.SUPERSEDED, "Run.Superseded", "a newer push of main", summary,
                CREATED.plusSeconds(30));

        // THEN scan and lint do not stay pending on the commit
        assertThat(github.posted()).containsExactly(
                status(CommitState.ERROR, "serverless-cd/pipeline", "Superseded after 30s: a newer push of main"),
                status(CommitState.ERROR, "serverless-cd/scan", "Not judged: the run ended SUPERSEDED before the gate judged it"),
                status(CommitState.ERROR, "serverless-cd/lint", "Not judged: the run ended SUPERSEDED before the gate judged it"));
    }

    @Test
    void runStartedAndFinished_shouldFollowTheStagesOfTheRunsPlan() throws IOException {
        // WHEN a run of declared stages starts, and ends before the gate, its plan having left one stage out
        statuses.runStarted(run(false), List.of("unit (toolchain=stable)", "docs"));
        JsonNode summary = Json.MAPPER.readTree("""
                {"checks": [{"stage": "unit (toolchain=stable)", "status": "SUCCEEDED"},
                            {"stage": "docs", "status": "SKIPPED", "blocked": true, "reason": "needs x, which failed"},
                            {"stage": "bench", "status": "SKIPPED", "reason": "runs for tier full only"}]}""");
        statuses.runFinished(run(false), RunStatus.FAILED, "States.Runtime", "the gate could not run", summary,
                CREATED.plusSeconds(30));

        // THEN its own stages are pending, then ended; no test, scan or lint, nothing for the stage left out
        assertThat(github.posted()).extracting(CommitStatus::context).containsExactly(
                "serverless-cd/pipeline", "serverless-cd/unit (toolchain=stable)", "serverless-cd/docs",
                "serverless-cd/pipeline", "serverless-cd/unit (toolchain=stable)", "serverless-cd/docs");
        assertThat(github.posted().get(4).state()).isEqualTo(CommitState.ERROR);
    }

    @Test
    void deploy_shouldPostUnderTheEnvironmentsContext() {
        // WHEN
        statuses.deploy(RUN_ID, "acme/orders-service", SHA, "staging", CommitState.SUCCESS,
                "deployed main-6113728 to orders-staging/orders; 3 of 3 replicas ready");

        // THEN
        assertThat(github.posted()).containsExactly(status(CommitState.SUCCESS, "serverless-cd/deploy-staging",
                "deployed main-6113728 to orders-staging/orders; 3 of 3 replicas ready"));
    }

    @Test
    void everyPost_shouldNeverThrow_whenPostingFailsOrTheRunNamesNoCommit() {
        // GIVEN statuses that always fail
        StageStatuses failing = new StageStatuses(status -> {
            throw new IllegalStateException("boom");
        }, RunLinks.none());
        Run withoutCommit = new Run(RUN_ID, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                false, List.of(), RunStatus.RUNNING, null, CREATED, CREATED, null, null, null);

        // WHEN / THEN
        assertThatCode(() -> {
            failing.runStarted(run(true));
            failing.runFinished(run(true), RunStatus.FAILED, null, null, null, CREATED);
            statuses.runStarted(withoutCommit);
        }).doesNotThrowAnyException();
        assertThat(github.posted()).isEmpty();
    }

    /** The gate result's stages when it judged every run's checks. */
    private static final String JUDGED = "\"stages\": [{\"stage\": \"test\"}, {\"stage\": \"scan\"}, {\"stage\": \"lint\"}]";

    private static CommitStatus status(CommitState state, String context, String description) {
        return new CommitStatus("acme/orders-service", SHA, state, context, description, LINK);
    }

    private static Run run(boolean deploy) {
        return new Run(RUN_ID, "72d3162e", "acme/orders-service", "https://github.com/acme/orders-service.git", "push",
                "refs/heads/main", "main", "main", null, SHA, null, "octocat", List.of(), "main-6113728", "full", deploy,
                List.of(new EnvironmentTarget("staging", "orders-staging", "orders", "orders", "/health", 0, List.of()),
                        new EnvironmentTarget("production", "orders-production", "orders", "orders", "/health", 1,
                                List.of("lead@example.com"))),
                RunStatus.RUNNING, null, CREATED, CREATED, null, null, null);
    }

    private static InputStream resource(String name) {
        return StageStatusesTest.class.getResourceAsStream("/github/" + name);
    }
}
