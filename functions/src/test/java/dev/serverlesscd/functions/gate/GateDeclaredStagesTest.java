package dev.serverlesscd.functions.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesscd.functions.config.DefaultBranchModel;
import dev.serverlesscd.functions.reports.Fixtures;
import dev.serverlesscd.functions.run.StageRecord;
import dev.serverlesscd.functions.testing.DynamoDbLocal;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The gate judging the stages of a run's plan by what each declares (docs/configuration.md, "Stages"): its kind
 * ({@code judgedAs}), its reports under its key, a warn-only failure, a stage skipped because a need failed; on the
 * sample's real reports, verdicts recorded in DynamoDB Local.
 */
@Tag("dynamodb")
class GateDeclaredStagesTest extends GateFixture {
    static final DynamoDbLocal DB = DynamoDbLocal.start();


    GateDeclaredStagesTest() {
        super(DB);
    }

    @AfterAll
    static void stop() {
        DB.close();
    }

    @Test
    void judge_shouldJudgeEachMatrixInstanceByItsKind_fromTheReportsUnderItsKey() {
        // GIVEN two instances of a stage judged as tests, the second's tests failing; named unlike any judge
        Fixtures.copyTo(workspace, runId, "unit.toolchain-stable", "passing");
        Fixtures.copyTo(workspace, runId, "unit.toolchain-1.88.0", "failing");

        // WHEN
        GateResult result = gate().judge(request(
                check("unit (toolchain=stable)", "unit.toolchain-stable", "tests", "fail", "SUCCEEDED", null),
                check("unit (toolchain=1.88.0)", "unit.toolchain-1.88.0", "tests", "fail", "FAILED", null)));

        // THEN each judged by the test judge, with its own verdict and numbers, recorded by its shown name
        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.stages()).extracting(StageVerdict::stage, StageVerdict::verdict).containsExactly(
                Tuple.tuple("unit (toolchain=stable)", Verdict.PASS), Tuple.tuple("unit (toolchain=1.88.0)", Verdict.FAIL));
        assertThat(result.stages().get(0).summary()).startsWith("16 of 16 tests passed");
        assertThat(result.reasons()).containsExactly(
                "unit (toolchain=1.88.0): 1 of 16 tests failed: PriceCalculatorTest.roundsHalfUpToCents");
        assertThat(store.stages(runId)).extracting(StageRecord::stage, StageRecord::status).contains(
                Tuple.tuple("unit (toolchain=stable)", "SUCCEEDED"), Tuple.tuple("unit (toolchain=1.88.0)", "FAILED"));
    }

    @Test
    void judge_shouldJudgeAStageJudgedAsNothing_byItsBuildAlone() {
        // GIVEN two stages that wrote no reports: one whose build succeeded, one whose build failed
        GateResult result = gate().judge(request(
                check("package", "package", "none", "fail", "SUCCEEDED", null),
                check("docs", "docs", "none", "fail", "FAILED", null)));

        // THEN
        assertThat(result.stages()).containsExactly(
                new StageVerdict("package", Verdict.PASS, "the build succeeded"),
                new StageVerdict("docs", Verdict.FAIL, "the build FAILED (States.TaskFailed: Build failed in phase BUILD)"));
        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void judge_shouldOnlyWarn_whenAWarnOnlyStageFails_andWhenAStageWasSkippedForAFailedNeed() {
        // GIVEN a warn-only test stage whose test failed, and the stage needing it skipped by the state machine
        Fixtures.copyTo(workspace, runId, "flaky", "failing");

        // WHEN
        GateResult result = gate().judge(request(
                check("flaky", "flaky", "tests", "warn", "FAILED", null),
                check("report", "report", "none", "fail", "SKIPPED", "needs flaky, which failed")));

        // THEN the run passes with both as warnings
        assertThat(result.verdict()).isEqualTo(Verdict.WARN);
        assertThat(result.reasons()).isEmpty();
        assertThat(result.warnings()).containsExactly(
                "flaky: 1 of 16 tests failed: PriceCalculatorTest.roundsHalfUpToCents (warn only)",
                "report: skipped: needs flaky, which failed");
        assertThat(store.stages(runId)).extracting(StageRecord::stage, StageRecord::status, StageRecord::summary)
                .contains(Tuple.tuple("flaky", "WARN",
                                "1 of 16 tests failed: PriceCalculatorTest.roundsHalfUpToCents (warn only); line coverage 89.9% (minimum 85.0%); coverage drop: no baseline yet (first run of main)"),
                        Tuple.tuple("report", "SKIPPED", "skipped: needs flaky, which failed"),
                        Tuple.tuple("gates", "WARN", "passed with 2 warnings: flaky: 1 of 16 tests failed:"
                                + " PriceCalculatorTest.roundsHalfUpToCents (warn only); report: skipped: needs flaky, which failed"));
    }

    @Test
    void judge_shouldRefuseACheckJudgedAsAnUnknownKind() {
        assertThatThrownBy(() -> gate().judge(request(check("x", "x", "coverage", "fail", "SUCCEEDED", null))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Gates request's check 'x' is judged as 'coverage', not one of tests, findings, lint, benchmark, none");
    }

    private GateService gate() {
        return gateOnLocalReports(DefaultBranchModel.TIERS).build();
    }

    private GateRequest request(CheckResult... checks) {
        return new GateRequest(runId, "full", "acme/orders-service", "6113728f27ae82c7b1a177c8d03f9e96e0adf246",
                List.of(checks));
    }

    private static CheckResult check(String stage, String key, String judgedAs, String onFailure, String status,
                                     String reason) {
        boolean failed = status.equals("FAILED");
        return new CheckResult(stage, status, failed || status.equals("SKIPPED") ? null : "orders-x:1f0e",
                failed ? "States.TaskFailed" : null, failed ? "Build failed in phase BUILD" : null, key, judgedAs,
                onFailure, reason);
    }
}
