package dev.serverlesscd.functions.gate;

import dev.serverlesscd.functions.config.Tier;
import dev.serverlesscd.functions.reports.CoverageReport;
import dev.serverlesscd.functions.reports.ReportFile;
import dev.serverlesscd.functions.reports.ReportFormat;
import dev.serverlesscd.functions.reports.ReportParseException;
import dev.serverlesscd.functions.reports.StageReports;
import dev.serverlesscd.functions.reports.TestReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The test stage. On AWS its build publishes the test cases and the coverage to CodeBuild report groups, which are
 * read first ({@link StageReports#groups()}); what they lack is read from the files. In the files, the test results
 * are every report of {@link ReportFormat.Kind#TESTS} (JUnit XML: every {@code *.xml} that is not a coverage report;
 * {@code go test -json}), merged; the coverage report is one report of {@link ReportFormat.Kind#COVERAGE} (JaCoCo's
 * {@code jacoco.xml}, a Cobertura XML, an LCOV tracefile), one of them. Any
 * failed or errored test beyond the tier's {@code maxFailedTests} fails (within it, warns), as does a run of no
 * tests; line coverage below the tier's {@code minCoverage} fails (a tier with no minimum needs no coverage report),
 * and so does a drop of more than {@code maxCoverageDrop} points against the baseline (the default branch's last
 * successful run); with no baseline yet the drop is noted as not compared.
 */
public final class TestJudge implements StageJudge {
    private static final int NAMES_SHOWN = 10;

    @Override
    public String stage() {
        return "test";
    }

    @Override
    public boolean readsReportGroups() {
        return true;
    }

    @Override
    public StageJudgement judge(StageReports reports, Tier tier, GateContext context) {
        StageJudgement judgement = new StageJudgement();
        judgeTests(reports, tier, judgement);
        judgeCoverage(reports, tier, judgement, context);
        return judgement;
    }

    private void judgeTests(StageReports reports, Tier tier, StageJudgement judgement) {
        TestReport tests;
        String source;
        if (reports.groups() != null && reports.groups().tests() != null) {
            tests = reports.groups().tests();
            source = "the test report of " + reports.groups().location();
        } else {
            List<ReportFile> files = reports.reportsOf(ReportFormat.Kind.TESTS);
            if (files.isEmpty()) {
                judgement.error("test report", "missing", "no " + ReportFormat.describe(ReportFormat.Kind.TESTS)
                        + " under " + reports.location());
                return;
            }
            List<TestReport> parsed = new ArrayList<>();
            for (ReportFile file : files) {
                try {
                    parsed.add(file.format().orElseThrow().tests(file));
                } catch (ReportParseException e) {
                    judgement.error("test report", "invalid", e.getMessage());
                    return;
                }
            }
            tests = TestReport.merge(parsed);
            source = files.size() + " test report(s)";
        }
        String skipped = tests.skipped() > 0 ? " (" + tests.skipped() + " skipped)" : "";
        if (tests.total() == 0) {
            judgement.fail("no tests ran: " + source + " with no test case");
        } else if (tests.failed() > tier.maxFailedTests()) {
            judgement.fail(tests.failed() + " of " + tests.total() + " tests failed: "
                    + StageJudgement.firstOf(tests.failedTests(), NAMES_SHOWN) + skipped);
        } else if (tests.failed() > 0) {
            judgement.warn(tests.failed() + " of " + tests.total() + " tests failed (tier " + tier.name() + " allows "
                    + tier.maxFailedTests() + "): " + StageJudgement.firstOf(tests.failedTests(), NAMES_SHOWN) + skipped);
        } else if (tests.passed() == 0) {
            judgement.fail("no test passed: all " + tests.total() + " were skipped");
        } else {
            judgement.note(tests.passed() + " of " + tests.total() + " tests passed" + skipped);
        }
    }

    private void judgeCoverage(StageReports reports, Tier tier, StageJudgement judgement, GateContext context) {
        CoverageReport coverage;
        if (reports.groups() != null && reports.groups().coverage() != null) {
            coverage = reports.groups().coverage();
        } else {
            List<ReportFile> files = reports.reportsOf(ReportFormat.Kind.COVERAGE);
            if (files.isEmpty()) {
                if (!tier.asksCoverage()) {
                    judgement.note("coverage not measured (tier " + tier.name() + " asks none)");
                } else {
                    judgement.error("coverage report", "missing", "no " + ReportFormat.describe(ReportFormat.Kind.COVERAGE)
                            + " under " + reports.location()
                            + (reports.groups() == null ? "" : " and no coverage report in " + reports.groups().location()));
                }
                return;
            }
            if (files.size() > 1) {
                judgement.error("coverage report", "invalid", files.size() + " coverage reports under "
                        + reports.location() + " (" + String.join(", ", files.stream().map(ReportFile::path).toList())
                        + "), expected one for the whole build");
                return;
            }
            try {
                ReportFile file = files.get(0);
                coverage = file.format().orElseThrow().coverage(file);
            } catch (ReportParseException e) {
                judgement.error("coverage report", "invalid", e.getMessage());
                return;
            }
        }
        String measured = "line coverage " + percent(coverage.linePercent());
        if (!tier.asksCoverage()) {
            judgement.note(measured + " (tier " + tier.name() + " asks no minimum)");
        } else if (coverage.linePercent() < tier.minCoverage()) {
            judgement.fail(measured + " is below the minimum of " + percent(tier.minCoverage()) + " for tier " + tier.name());
        } else {
            judgement.note(measured + " (minimum " + percent(tier.minCoverage()) + ")");
        }
        BaselineRules.coverageDrop(coverage.linePercent(), context, tier, judgement);
        context.measured(context.measurement(Baseline.Kind.COVERAGE,
                java.util.Map.of(Baseline.LINE_COVERAGE, coverage.linePercent()), null, null));
    }

    static String percent(double value) {
        return String.format(Locale.ROOT, "%.1f%%", Math.floor(value * 10) / 10);
    }
}
