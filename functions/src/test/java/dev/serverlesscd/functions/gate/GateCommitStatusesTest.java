package dev.serverlesscd.functions.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesscd.functions.config.DefaultBranchModel;
import dev.serverlesscd.functions.github.CommitState;
import dev.serverlesscd.functions.github.CommitStatus;
import dev.serverlesscd.functions.github.RecordingStatuses;
import dev.serverlesscd.functions.github.RunLinks;
import dev.serverlesscd.functions.reports.Fixtures;
import dev.serverlesscd.functions.reports.LocalReportSource;
import dev.serverlesscd.functions.run.DynamoDbRunStore;
import dev.serverlesscd.functions.run.StageStatuses;
import dev.serverlesscd.functions.testing.DynamoDbLocal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gate posts each stage's verdict as a commit status, beside the stage it records. */
@Tag("dynamodb")
class GateCommitStatusesTest {
    static final DynamoDbLocal DB = DynamoDbLocal.start();
    static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
    static final String SHA = "6113728f27ae82c7b1a177c8d03f9e96e0adf246";

    @TempDir
    Path workspace;

    final String runId = "run-" + UUID.randomUUID();
    final DynamoDbRunStore store = new DynamoDbRunStore(DB.client(), DB.tableName());
    final RecordingStatuses github = new RecordingStatuses();

    @AfterAll
    static void stop() {
        DB.close();
    }

    @Test
    void judge_shouldPostEachStagesVerdict_withTheNumbersAndALinkToTheRun() {
        // GIVEN the sample's reports: one failed test, a skipped scanner, a clean lint
        store.create(RecordedRuns.received(runId, NOW.minusSeconds(60)));
        Fixtures.copyTo(workspace, runId, "test", "failing");
        Fixtures.copyTo(workspace, runId, "scan", "scan-clean");
        Fixtures.copyTo(workspace, runId, "lint", "lint-clean");
        GateService gate = GateService.builder(new LocalReportSource(workspace), store, Clock.fixed(NOW, ZoneOffset.UTC),
                DefaultBranchModel.TIERS).statuses(new StageStatuses(github, RunLinks.of("http://localhost:8080/runs"))).build();

        // WHEN
        GateResult result = gate.judge(new GateRequest(runId, "full", "acme/orders-service", SHA, List.of(
                new CheckResult("test", "FAILED", null, "States.TaskFailed", "Build failed in phase BUILD"),
                new CheckResult("scan", "SUCCEEDED", "orders-scan:1", null, null),
                new CheckResult("lint", "SUCCEEDED", "orders-lint:1", null, null))));

        // THEN
        String link = "http://localhost:8080/runs/" + runId;
        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(github.posted()).containsExactly(
                new CommitStatus("acme/orders-service", SHA, CommitState.FAILURE, "serverless-cd/test",
                        "1 of 16 tests failed: PriceCalculatorTest.roundsHalfUpToCents; line coverage 89.9% (minimum 85.0%);"
                                + " coverage drop: no baseline yet (first r…", link),
                new CommitStatus("acme/orders-service", SHA, CommitState.SUCCESS, "serverless-cd/scan",
                        "skipped: trivy not installed; no findings", link),
                new CommitStatus("acme/orders-service", SHA, CommitState.SUCCESS, "serverless-cd/lint", "no findings", link));
        assertThat(store.stages(runId)).hasSize(4);
    }

    @Test
    void judge_shouldAnswerAndRecordAsBefore_whenGitHubCannotBeReached() {
        // GIVEN statuses that always fail
        store.create(RecordedRuns.received(runId, NOW.minusSeconds(60)));
        Fixtures.copyTo(workspace, runId, "lint", "lint-clean");
        GateService gate = GateService.builder(new LocalReportSource(workspace), store, Clock.fixed(NOW, ZoneOffset.UTC),
                DefaultBranchModel.TIERS).statuses(new StageStatuses(status -> {
                    throw new IllegalStateException("connection refused");
                }, RunLinks.none())).build();

        // WHEN
        GateResult result = gate.judge(new GateRequest(runId, "full", "acme/orders-service", SHA,
                List.of(new CheckResult("lint", "SUCCEEDED", "orders-lint:1", null, null))));

        // THEN
        assertThat(result.verdict()).isEqualTo(Verdict.PASS);
        assertThat(store.stages(runId)).hasSize(2);
    }
}
