package dev.serverlesscd.functions.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesscd.functions.config.DefaultBranchModel;
import dev.serverlesscd.functions.config.PipelineConfig;
import dev.serverlesscd.functions.config.PipelineConfigLoader;
import dev.serverlesscd.functions.reports.Fixtures;
import dev.serverlesscd.functions.run.StageRecord;
import dev.serverlesscd.functions.testing.DynamoDbLocal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The gate on the sample's real reports (src/test/resources/reports), read where the local build runner puts
 * them, with its verdicts recorded in DynamoDB Local.
 */
@Tag("dynamodb")
class GateServiceTest extends GateFixture {
    static final DynamoDbLocal DB = DynamoDbLocal.start();


    GateServiceTest() {
        super(DB);
    }

    @AfterAll
    static void stop() {
        DB.close();
    }

    @Test
    void judge_shouldWarn_whenEverythingPassesButTrivyWasSkipped() {
        // GIVEN green tests at 89.9% coverage, a clean secret scan, trivy not installed, a clean lint
        reports("test", "passing");
        reports("scan", "scan-clean");
        reports("lint", "lint-clean");

        // WHEN
        GateResult result = gate().judge(request("full", succeeded("test"), succeeded("scan"), succeeded("lint")));

        // THEN a skipped scan is a warning, never a pass
        assertThat(result.verdict()).isEqualTo(Verdict.WARN);
        assertThat(result.reasons()).isEmpty();
        assertThat(result.warnings()).containsExactly("scan: skipped: trivy not installed");
        assertThat(result.stages()).containsExactly(
                new StageVerdict("test", Verdict.PASS, "16 of 16 tests passed; line coverage 89.9% (minimum 85.0%); coverage drop: no baseline yet (first run of main)"),
                new StageVerdict("scan", Verdict.WARN, "skipped: trivy not installed; no findings"),
                new StageVerdict("lint", Verdict.PASS, "no findings"));
    }

    @Test
    void judge_shouldFailAndNameTheFailedTest_whenATestFailed() {
        // GIVEN the reports of FAIL_TESTS=true: one failed test, and the build failed because of it
        reports("test", "failing");

        // WHEN
        GateResult result = gate().judge(request("full", failed("test")));

        // THEN
        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.reasons()).containsExactly("test: 1 of 16 tests failed: PriceCalculatorTest.roundsHalfUpToCents");
        assertThat(result.stages().get(0).summary())
                .isEqualTo("1 of 16 tests failed: PriceCalculatorTest.roundsHalfUpToCents; line coverage 89.9% (minimum 85.0%); coverage drop: no baseline yet (first run of main)");
    }

    @Test
    void judge_shouldFail_whenCoverageIsBelowTheTiersMinimum() {
        // GIVEN a pipeline configuration whose full tier asks 95%
        reports("test", "passing");
        GateService gate = gate("full: {minCoverage: 95}");

        // WHEN
        GateResult result = gate.judge(request("full", succeeded("test")));

        // THEN
        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.reasons()).containsExactly("test: line coverage 89.9% is below the minimum of 95.0% for tier full");
    }

    @Test
    void judge_shouldError_whenATierWithAMinimumHasNoCoverageReport() throws IOException {
        // GIVEN JUnit reports only
        reports("test", "passing");
        Files.delete(stageDir("test").resolve("jacoco.xml"));

        // WHEN
        GateResult result = gate().judge(request("standard", succeeded("test")));

        // THEN
        assertThat(result.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(result.reasons()).containsExactly(
                "test: error: coverage report missing: no JaCoCo (jacoco.xml), Cobertura (cobertura.xml,"
                        + " cobertura-coverage.xml, coverage.xml) or LCOV (lcov.info, *.lcov) under " + stageDir("test") + "/");
    }

    @Test
    void judge_shouldPass_whenTheBasicTierHasNoCoverageReport() throws IOException {
        reports("test", "passing");
        Files.delete(stageDir("test").resolve("jacoco.xml"));

        GateResult result = gate().judge(request("basic", succeeded("test")));

        assertThat(result.verdict()).isEqualTo(Verdict.PASS);
        assertThat(result.stages().get(0).summary())
                .isEqualTo("16 of 16 tests passed; coverage not measured (tier basic asks none)");
    }

    @Test
    void judge_shouldFailTheFullTier_onASecretButOnlyWarnTheStandardTier() {
        // GIVEN a secret scan that found a fake AWS key and a password
        reports("scan", "scan-secret");

        // WHEN
        GateResult full = gate().judge(request("full", succeeded("scan")));
        GateResult standard = gate().judge(request("standard", succeeded("scan")));

        // THEN
        String findings = "secret-scan: 2 errors (aws-access-key-id at src/Conf.java:2, password-assignment at src/Conf.java:3)";
        assertThat(full.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(full.reasons()).containsExactly("scan: " + findings);
        assertThat(standard.verdict()).isEqualTo(Verdict.WARN);
        assertThat(standard.warnings()).containsExactly(
                "scan: " + findings + ", a warning for tier standard", "scan: skipped: trivy not installed");
    }

    @Test
    void judge_shouldFailTheStandardTier_onACriticalVulnerability_butOnlyWarnTheBasicTier() throws IOException {
        // GIVEN a Trivy-style SARIF: a result of level error whose rule scores 9.8 (CRITICAL), and one scoring 7.5 (HIGH)
        Path scan = stageDir("scan");
        Files.createDirectories(scan);
        Files.writeString(scan.resolve("trivy.sarif"), """
                {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "Trivy", "rules": [
                   {"id": "CVE-2024-0001", "properties": {"security-severity": "9.8"}},
                   {"id": "CVE-2024-0002", "properties": {"security-severity": "7.5"}}]}},
                 "results": [
                   {"ruleId": "CVE-2024-0001", "level": "error", "message": {"text": "critical"},
                    "locations": [{"physicalLocation": {"artifactLocation": {"uri": "app.jar"}}}]},
                   {"ruleId": "CVE-2024-0002", "level": "error", "message": {"text": "high"},
                    "locations": [{"physicalLocation": {"artifactLocation": {"uri": "app.jar"}}}]}]}]}""",
                StandardCharsets.UTF_8);

        // WHEN
        GateResult standard = gate().judge(request("standard", succeeded("scan")));
        GateResult basic = gate().judge(request("basic", succeeded("scan")));

        // THEN standard fails on CRITICAL and warns on HIGH; basic never fails on a vulnerability
        assertThat(standard.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(standard.reasons()).containsExactly("scan: Trivy: 1 CRITICAL finding (CVE-2024-0001 at app.jar)");
        assertThat(standard.warnings()).containsExactly(
                "scan: Trivy: 1 HIGH finding (CVE-2024-0002 at app.jar), a warning for tier standard");
        assertThat(basic.verdict()).isEqualTo(Verdict.WARN);
        assertThat(basic.warnings()).containsExactly(
                "scan: Trivy: 1 CRITICAL finding (CVE-2024-0001 at app.jar), a warning for tier basic",
                "scan: Trivy: 1 HIGH finding (CVE-2024-0002 at app.jar), a warning for tier basic");
    }

    @Test
    void judge_shouldNameTheSeverity_ofTheSecretScannersScoredRules_failingStandardOnAPrivateKeyOnly() throws IOException {
        // GIVEN the sample's secret scanner's SARIF (buildspecs/scripts/secret-scan.sh): every result of level error,
        // its rule scored: a private key 9.5 (CRITICAL), a password in plain text 7.5 (HIGH)
        Path scan = stageDir("scan");
        Files.createDirectories(scan);
        Files.writeString(scan.resolve("secrets.sarif"), """
                {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "secret-scan", "rules": [
                   {"id": "private-key", "defaultConfiguration": {"level": "error"},
                    "properties": {"security-severity": "9.5", "tags": ["security", "secret"]}},
                   {"id": "password-assignment", "defaultConfiguration": {"level": "error"},
                    "properties": {"security-severity": "7.5", "tags": ["security", "secret"]}}]}},
                 "results": [
                   {"ruleId": "password-assignment", "level": "error", "message": {"text": "possible password"},
                    "locations": [{"physicalLocation": {"artifactLocation": {"uri": "src/main/resources/db.yml"},
                                   "region": {"startLine": 3}}}]},
                   {"ruleId": "private-key", "level": "error", "message": {"text": "possible private key"},
                    "locations": [{"physicalLocation": {"artifactLocation": {"uri": "deploy-key.pem"},
                                   "region": {"startLine": 1}}}]}]}]}""",
                StandardCharsets.UTF_8);

        // WHEN
        GateResult standard = gate().judge(request("standard", succeeded("scan")));

        // THEN the private key fails tier standard, named CRITICAL, most severe first; the password only warns
        assertThat(standard.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(standard.reasons()).containsExactly(
                "scan: secret-scan: 1 CRITICAL finding (private-key at deploy-key.pem:1)");
        assertThat(standard.warnings()).containsExactly(
                "scan: secret-scan: 1 HIGH finding (password-assignment at src/main/resources/db.yml:3), a warning for tier standard");
    }

    @Test
    void judge_shouldFailTheFullTier_onSpotBugsErrors_butOnlyWarnTheStandardTier_andIgnoreItsNotes() {
        // GIVEN SpotBugs' SARIF with one error-level bug (a null dereference) and two notes
        reports("scan", "spotbugs");

        // WHEN
        GateResult full = gate().judge(request("full", succeeded("scan")));
        GateResult standard = gate().judge(request("standard", succeeded("scan")));

        // THEN an unscored error is HIGH: it fails full and warns standard; notes (LOW) do neither
        assertThat(full.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(full.reasons()).containsExactly(
                "scan: SpotBugs: 1 error (NP_ALWAYS_NULL at com/example/orders/Discounts.java:16)");
        assertThat(standard.verdict()).isEqualTo(Verdict.WARN);
        assertThat(standard.warnings()).containsExactly(
                "scan: SpotBugs: 1 error (NP_ALWAYS_NULL at com/example/orders/Discounts.java:16), a warning for tier standard");
    }

    @Test
    void judge_shouldFailTheLintStage_onCheckstyleWarnings_namingThem() {
        // GIVEN Checkstyle's SARIF with five lines over the limit, and a clean javac
        reports("lint", "lint-checkstyle");
        reports("lint", "lint-clean");

        // WHEN
        GateResult result = gate().judge(request("basic", succeeded("lint")));

        // THEN formatting fails lint on every tier
        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.reasons()).singleElement().asString()
                .startsWith("lint: Checkstyle: 5 findings (maxLineLen at file:/tmp/sb/src/main/java/com/example/orders/OrdersHttpServer.java:16");
    }

    @Test
    void judge_shouldOnlyWarn_whenFailedTestsAreWithinTheTiersAllowance() {
        // GIVEN one failed test and a tier allowing one
        reports("test", "failing");
        GateService gate = gate("full: {maxFailedTests: 1}");

        // WHEN
        GateResult result = gate.judge(request("full", succeeded("test")));

        // THEN
        assertThat(result.verdict()).isEqualTo(Verdict.WARN);
        assertThat(result.warnings()).containsExactly(
                "test: 1 of 16 tests failed (tier full allows 1): PriceCalculatorTest.roundsHalfUpToCents");
    }

    @Test
    void judge_shouldFail_onALintWarning() {
        reports("lint", "lint-warning");

        GateResult result = gate().judge(request("basic", failed("lint")));

        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.reasons()).containsExactly(
                "lint: javac: 1 finding (serial at src/main/java/com/example/orders/InvalidOrderException.java:4)");
    }

    @Test
    void judge_shouldError_whenAFailedBuildLeftNoReports() {
        // GIVEN the test build failed before writing anything
        CheckResult check = new CheckResult("test", "FAILED", null, "States.TaskFailed", "Build orders-test:42 failed in phase INSTALL");

        // WHEN
        GateResult result = gate().judge(request("full", check));

        // THEN
        assertThat(result.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(result.reasons()).containsExactly("test: error: test reports missing: the build FAILED "
                + "(States.TaskFailed: Build orders-test:42 failed in phase INSTALL) and wrote none to " + stageDir("test") + "/");
    }

    @Test
    void judge_shouldNameTheFailingPhaseAndItsReason_whenTheCauseIsTheBuildDocument() {
        // GIVEN the test build failed in DOWNLOAD_SOURCE (the commit is not in the source repository): the .sync
        // integration's cause is the build document
        CheckResult check = new CheckResult("test", "FAILED", null, "States.TaskFailed", BuildFailureTest.LOCAL_SOURCE_CAUSE);

        // WHEN
        GateResult result = gate().judge(request("full", check));

        // THEN the reason is CodeBuild's, not the document's first 200 characters
        assertThat(result.reasons()).containsExactly("test: error: test reports missing: the build FAILED in DOWNLOAD_SOURCE:"
                + " commit 6113728f27ae82c7b1a177c8d03f9e96e0adf246 is not in the repository of /work/sources/orders-service"
                + " and wrote none to " + stageDir("test") + "/");
    }

    @Test
    void judge_shouldError_whenAReportIsMalformed() throws IOException {
        // GIVEN a JUnit report cut short
        reports("test", "passing");
        Files.writeString(stageDir("test").resolve("junit/TEST-Cut.xml"), "<testsuite><testcase name=\"a\">", StandardCharsets.UTF_8);

        // WHEN
        GateResult result = gate().judge(request("full", succeeded("test")));

        // THEN
        assertThat(result.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(result.reasons()).singleElement().asString()
                .startsWith("test: error: test report invalid: junit/TEST-Cut.xml: not well-formed XML:");
    }

    @Test
    void judge_shouldJudgeGoNodeAndRustReports_readWhereTheLocalRunnerPutsThem() throws IOException {
        // GIVEN go test -json and c8's lcov.info (73.9%), cargo-audit (a HIGH) and a clean npm audit, and Criterion's tree
        reports("test", "go-test/passing");
        Files.copy(Fixtures.directory("lcov/lcov.info"), stageDir("test").resolve("lcov.info"));
        reports("scan", "cargo-audit/vulnerable");
        reports("scan", "npm-audit/clean");
        reports("benchmark", "criterion");

        // WHEN
        GateResult basic = gate().judge(request("basic", succeeded("test"), succeeded("scan"), succeeded("benchmark")));
        GateResult standard = gate().judge(request("standard", succeeded("test")));

        // THEN the tiers apply as to any other format: basic warns on the HIGH, standard asks 80% coverage
        assertThat(basic.verdict()).isEqualTo(Verdict.WARN);
        assertThat(basic.warnings()).containsExactly("scan: cargo-audit: 1 HIGH (RUSTSEC-2021-0078 in hyper 0.14.9 (fixed in >=0.14.10))");
        assertThat(basic.stages()).extracting(StageVerdict::stage, StageVerdict::verdict).containsExactly(
                org.assertj.core.groups.Tuple.tuple("test", Verdict.PASS), org.assertj.core.groups.Tuple.tuple("scan", Verdict.WARN),
                org.assertj.core.groups.Tuple.tuple("benchmark", Verdict.PASS));
        assertThat(basic.stages().get(0).summary()).startsWith("4 of 5 tests passed (1 skipped); line coverage 73.9%");
        assertThat(standard.reasons()).containsExactly("test: line coverage 73.9% is below the minimum of 80.0% for tier standard");
    }

    @Test
    void judge_shouldFail_whenTheBuildFailedThoughItsReportsLookClean() {
        // GIVEN clean lint reports from a build that failed
        reports("lint", "lint-clean");

        // WHEN
        GateResult result = gate().judge(request("full", new CheckResult("lint", "FAILED", null, "States.TaskFailed", null)));

        // THEN
        assertThat(result.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(result.reasons()).containsExactly("lint: the build FAILED (States.TaskFailed) although its reports show no failure");
    }

    @Test
    void judge_shouldError_whenThereIsNothingToJudge() {
        GateResult result = gate().judge(request("full"));

        assertThat(result.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(result.reasons()).containsExactly("error: checks missing: the request lists no check stage");
    }

    @Test
    void judge_shouldRefuseAnUnknownTier() {
        assertThatThrownBy(() -> gate().judge(request("gold", succeeded("test"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Gates request's tier 'gold' is not one of basic, full, standard");
    }

    @Test
    void judge_shouldRecordEachStageAndTheGate_inTheRunStore() {
        // GIVEN a failed test stage and a clean lint
        reports("test", "failing");
        reports("lint", "lint-clean");

        // WHEN
        gate().judge(request("full", failed("test"), succeeded("lint")));

        // THEN
        assertThat(store.stages(runId))
                .extracting(StageRecord::stage, StageRecord::status, StageRecord::summary)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("test", "FAILED",
                                "1 of 16 tests failed: PriceCalculatorTest.roundsHalfUpToCents; line coverage 89.9% (minimum 85.0%); coverage drop: no baseline yet (first run of main)"),
                        org.assertj.core.groups.Tuple.tuple("lint", "SUCCEEDED", "no findings"),
                        org.assertj.core.groups.Tuple.tuple("gates", "FAILED",
                                "test: 1 of 16 tests failed: PriceCalculatorTest.roundsHalfUpToCents"));
        assertThat(store.stages(runId)).allSatisfy(stage -> assertThat(stage.endedAt()).isEqualTo(NOW));
    }

    /** The gate with the team's default tiers. */
    private GateService gate() {
        return gateOnLocalReports(DefaultBranchModel.TIERS).build();
    }

    /** The gate with the tiers of a pipeline configuration holding {@code tiers: {<tier>}}. */
    private GateService gate(String tier) {
        PipelineConfig config = PipelineConfigLoader.parse("tiers: {" + tier + "}\nrepositories: {acme/orders-service: {}}\n",
                "pipeline.yml");
        return gateOnLocalReports(config.tiers()).build();
    }

    private GateRequest request(String tier, CheckResult... checks) {
        return new GateRequest(runId, tier, "acme/orders-service", "6113728f27ae82c7b1a177c8d03f9e96e0adf246", List.of(checks));
    }

    private static CheckResult succeeded(String stage) {
        return new CheckResult(stage, "SUCCEEDED", "orders-" + stage + ":1f0e", null, null);
    }

    private static CheckResult failed(String stage) {
        return new CheckResult(stage, "FAILED", null, "States.TaskFailed", "Build failed in phase BUILD");
    }

    private void reports(String stage, String fixture) {
        Fixtures.copyTo(workspace, runId, stage, fixture);
    }

    private Path stageDir(String stage) {
        return workspace.toAbsolutePath().normalize().resolve("runs").resolve(runId).resolve(stage);
    }
}
