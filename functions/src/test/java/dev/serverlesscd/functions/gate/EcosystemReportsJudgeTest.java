package dev.serverlesscd.functions.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesscd.functions.config.DefaultBranchModel;
import dev.serverlesscd.functions.config.Tier;
import dev.serverlesscd.functions.reports.Fixtures;
import dev.serverlesscd.functions.reports.ReportFile;
import dev.serverlesscd.functions.reports.StageReports;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The existing judges on the Go, Node and Rust ecosystems' reports (src/test/resources/reports, see the README):
 * each new format feeds the report type its judge already reads, so the tiers' thresholds apply unchanged.
 */
@Tag("unit")
class EcosystemReportsJudgeTest {
    static final Tier FULL = DefaultBranchModel.TIERS.get(Tier.FULL);
    static final Tier BASIC = DefaultBranchModel.TIERS.get(Tier.BASIC);
    static final String WHERE = "runs/run-1/stage/";

    @Test
    void testJudge_shouldReadGoTestJson_andLcovCoverage() {
        // GIVEN go test -json of the failing run and c8's lcov.info (17 of 23 lines)
        StageReports failing = reports(Fixtures.file("go-test/failing/go-test.json"), Fixtures.file("lcov/lcov.info"));
        StageReports passing = reports(Fixtures.file("go-test/passing/go-test.json"), Fixtures.file("lcov/lcov.info"));

        // WHEN
        StageJudgement onFailing = new TestJudge().judge(failing, BASIC);
        StageJudgement onFull = new TestJudge().judge(passing, FULL);
        StageJudgement onBasic = new TestJudge().judge(passing, BASIC);

        // THEN
        assertThat(onFailing.reasons()).containsExactly("4 of 12 tests failed: payments.TestCharge/voucher,"
                + " payments.TestCharge, panics.TestPanics, example.com/orders/broken (build failed) (1 skipped)");
        assertThat(onFull.reasons()).containsExactly("line coverage 73.9% is below the minimum of 85.0% for tier full");
        assertThat(onBasic.verdict()).isEqualTo(Verdict.PASS);
        assertThat(onBasic.summary()).startsWith("4 of 5 tests passed (1 skipped); line coverage 73.9% (tier basic asks no minimum)");
    }

    @Test
    void testJudge_shouldMergeJUnitAndGoTestReports_andNameEveryFormat_whenNoneIsThere() {
        // GIVEN a stage with Surefire's reports and a go test -json report side by side
        List<ReportFile> files = new ArrayList<>(Fixtures.files("passing/junit"));
        files.add(Fixtures.file("go-test/passing/go-test.json"));

        // WHEN
        StageJudgement both = new TestJudge().judge(new StageReports(WHERE, files), BASIC);
        StageJudgement none = new TestJudge().judge(reports(Fixtures.text("go-test.log", "ok")), BASIC);

        // THEN
        assertThat(both.summary()).startsWith("20 of 21 tests passed (1 skipped)");
        assertThat(none.reasons()).containsExactly("error: test report missing: no JUnit XML (*.xml) or go test -json"
                + " (go-test.json, *.go-test.json) under " + WHERE);
    }

    @Test
    void testJudge_shouldError_onAnInvalidLcovReport_namingTheLine() {
        StageReports reports = reports(Fixtures.file("go-test/passing/go-test.json"),
                Fixtures.text("coverage/lcov.info", "SF:a.js\nDA:x,1\nend_of_record\n"));

        StageJudgement judgement = new TestJudge().judge(reports, FULL);

        assertThat(judgement.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(judgement.reasons()).containsExactly(
                "error: coverage report invalid: coverage/lcov.info:2: DA line number is 'x', not a count");
    }

    @Test
    void scanJudge_shouldJudgeCargoAuditAndNpmAudit_byTheTiersSeverities() {
        // GIVEN cargo-audit (HIGH, MEDIUM, unscored) and npm audit (CRITICAL, HIGH, MEDIUM) of two projects
        StageReports reports = reports(Fixtures.file("cargo-audit/vulnerable/cargo-audit.json"),
                new ReportFile("web.npm-audit.json", Fixtures.file("npm-audit/vulnerable/npm-audit.json").content()));

        // WHEN
        StageJudgement full = new ScanJudge().judge(reports, FULL);
        StageJudgement basic = new ScanJudge().judge(reports, BASIC);

        // THEN full fails from HIGH, each tool named; basic never fails and warns from HIGH
        assertThat(full.reasons()).containsExactly(
                "cargo-audit: 1 HIGH (RUSTSEC-2021-0078 in hyper 0.14.9 (fixed in >=0.14.10))",
                "npm audit: 1 HIGH (GHSA-35jh-r3h4-6jhm in lodash (fixed in lodash@4.18.1))",
                "npm audit: 1 CRITICAL (GHSA-xvch-5gv4-984h in minimist (fixed in mkdirp@0.5.6))");
        assertThat(full.warnings()).containsExactly(
                "cargo-audit: 1 MEDIUM (RUSTSEC-2020-0071 in time 0.1.43 (fixed in >=0.2.23))",
                "npm audit: 1 MEDIUM (GHSA-29mw-wpgm-hmr9 in lodash (fixed in lodash@4.18.1))");
        assertThat(basic.verdict()).isEqualTo(Verdict.WARN);
        assertThat(basic.warnings()).hasSize(3);
    }

    @Test
    void scanJudge_shouldPassCleanAudits_andError_whenNpmCouldNotAudit() {
        StageReports clean = reports(Fixtures.file("cargo-audit/clean/cargo-audit.json"), Fixtures.file("npm-audit/clean/npm-audit.json"));
        StageReports failed = reports(Fixtures.file("npm-audit/error/npm-audit.json"));

        assertThat(new ScanJudge().judge(clean, FULL).summary())
                .isEqualTo("cargo-audit: no vulnerabilities; npm audit: no vulnerabilities");
        assertThat(new ScanJudge().judge(failed, FULL).reasons()).containsExactly("error: scan report invalid:"
                + " npm-audit/error/npm-audit.json: npm audit did not audit: 405 Method Not Allowed - POST"
                + " https://registry.npmjs.org/-/npm/v1/security/advisories/bulk");
    }

    @Test
    void benchmarkJudge_shouldPairGoBenchmarks_measuredAlternatelyInOneBuild() {
        // GIVEN the same Go benchmark output as the base commit's and the change's (5 counts each)
        byte[] output = Fixtures.file("go-bench/passing/go-bench.txt").content();
        StageReports reports = reports(new ReportFile("base-1.go-bench.txt", output),
                new ReportFile("head-1.go-bench.txt", output), Fixtures.text("base.txt", "c0ffee1234 merge base"));
        GateContext context = GateContext.none();

        // WHEN
        StageJudgement judgement = new BenchmarkJudge().judge(reports, FULL, context);

        // THEN compared pair by pair (never a failure for the same code), and measured by name
        assertThat(judgement.verdict()).isIn(Verdict.PASS, Verdict.WARN);
        assertThat(judgement.summary()).contains("against base commit c0ffee1, measured alternately in this build (5 and 5 forks)");
        assertThat(context.measurements()).singleElement().satisfies(m -> assertThat(m.values())
                .containsOnlyKeys("example.com/orders.BenchmarkFib10-2 [avgt]", "example.com/orders.BenchmarkTotal-2 [avgt]"));
    }

    @Test
    void benchmarkJudge_shouldReadCriterionsEstimates_andRefuseAFailedGoRun() {
        List<ReportFile> tree = Fixtures.files("criterion");
        GateContext context = GateContext.none();

        StageJudgement criterion = new BenchmarkJudge().judge(new StageReports(WHERE, tree), FULL, context);
        StageJudgement failedRun = new BenchmarkJudge().judge(reports(Fixtures.file("go-bench/failing/go-bench.txt")), FULL);

        assertThat(criterion.verdict()).isEqualTo(Verdict.PASS);
        assertThat(criterion.summary()).startsWith("performance: not measured against a base commit in this build");
        assertThat(context.measurements()).singleElement().satisfies(m -> assertThat(m.values())
                .containsEntry("fib_20 [avgt]", 21840.55).containsEntry("parse/small [avgt]", 1274.18).hasSize(2));
        assertThat(failedRun.reasons()).containsExactly("error: benchmark report invalid: go-bench/failing/go-bench.txt:1:"
                + " benchmark BenchmarkBroken failed: its results are not the change's");
    }

    private static StageReports reports(ReportFile... files) {
        return new StageReports(WHERE, List.of(files));
    }
}
