package dev.serverlesscd.functions.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesscd.functions.config.DefaultBranchModel;
import dev.serverlesscd.functions.config.Severity;
import dev.serverlesscd.functions.config.Tier;
import dev.serverlesscd.functions.reports.BenchmarkResult;
import dev.serverlesscd.functions.reports.Vulnerability;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The baseline rules at the edges of the default tiers' bands (docs/configuration.md, "Tiers"). */
@Tag("unit")
class BaselineRulesTest {
    static final Tier FULL = DefaultBranchModel.TIERS.get("full");
    static final Tier STANDARD = DefaultBranchModel.TIERS.get("standard");
    static final Tier BASIC = DefaultBranchModel.TIERS.get("basic");
    static final double MB = 1024 * 1024;

    final Map<Baseline.Kind, Baseline> stored = new EnumMap<>(Baseline.Kind.class);
    final GateContext context = new GateContext(new GateRequest("run-2", "full", "acme/orders-service", "c0ffee",
            List.of(), "feature-x", "main", null), new FixedBaselines(), Instant.parse("2024-05-01T12:00:00Z"));

    @ParameterizedTest(name = "coverage {0} -> {1} is {2}")
    @CsvSource({"85.0, 80.0, PASS", "85.1, 80.0, FAIL", "90.0, 84.9, FAIL", "80.0, 95.0, PASS"})
    void coverageDrop_shouldFailOnlyAboveFivePoints(double before, double now, Verdict expected) {
        // GIVEN the default branch's last successful run at `before`
        baseline(Baseline.Kind.COVERAGE, Map.of(Baseline.LINE_COVERAGE, before), Map.of(), null);
        StageJudgement judgement = new StageJudgement();

        // WHEN
        BaselineRules.coverageDrop(now, context, FULL, judgement);

        // THEN
        assertThat(judgement.verdict()).isEqualTo(expected);
        assertThat(judgement.summary()).contains("against " + TestJudge.percent(before) + " (run run-1 on main)");
    }

    @Test
    void coverageDrop_shouldNoteTheMissingBaseline_neitherPassingNorFailingACheckItDidNotMake() {
        // GIVEN no baseline
        StageJudgement judgement = new StageJudgement();

        // WHEN
        BaselineRules.coverageDrop(10.0, context, FULL, judgement);

        // THEN a note, no warning, no failure
        assertThat(judgement.verdict()).isEqualTo(Verdict.PASS);
        assertThat(judgement.summary()).isEqualTo("coverage drop: no baseline yet (first run of main)");
    }

    @ParameterizedTest(name = "coverage {0} -> {1} reads {2}")
    @CsvSource({"89.916, 89.916, +0.0", "89.9, 89.88, +0.0", "89.9, 90.1, +0.2", "89.9, 64.07, -25.8"})
    void coverageDrop_shouldSignTheChange_andReadNoChangeAsPlusZero(double before, double now, String change) {
        // GIVEN the default branch's last successful run at `before` (a run measuring the same: a change of -0.0)
        baseline(Baseline.Kind.COVERAGE, Map.of(Baseline.LINE_COVERAGE, before), Map.of(), null);
        StageJudgement judgement = new StageJudgement();

        // WHEN
        BaselineRules.coverageDrop(now, context, FULL, judgement);

        // THEN
        assertThat(judgement.summary()).startsWith("line coverage " + change + " points against ");
    }

    @Test
    void imageGrowth_shouldReadTheSameSizeAsPlusZero() {
        // GIVEN the last good image of exactly this size
        baseline(Baseline.Kind.IMAGE, Map.of(Baseline.SIZE_BYTES, 200 * MB), Map.of(), "sha256:old");
        StageJudgement judgement = new StageJudgement();

        // WHEN
        BaselineRules.imageGrowth(Math.round(200 * MB), context, FULL, judgement);

        // THEN
        assertThat(judgement.summary()).isEqualTo("image 200.0 MB, +0.0 MB against sha256:old (run run-1 on main)");
    }

    @ParameterizedTest(name = "{0} {1} -> {2} is {3}")
    @CsvSource({
            "thrpt, 100, 90.0, PASS", "thrpt, 100, 89.9, WARN", "thrpt, 100, 80.0, WARN", "thrpt, 100, 79.9, FAIL",
            "avgt, 100, 110.0, PASS", "avgt, 100, 110.1, WARN", "avgt, 100, 120.0, WARN", "avgt, 100, 120.1, FAIL",
            "avgt, 100, 50.0, PASS", "thrpt, 100, 200.0, PASS"})
    void performance_shouldWarnAboveTenAndFailAboveTwentyPercentSlower(String mode, double before, double now,
            Verdict expected) {
        // GIVEN the baseline's score of the same benchmark and mode
        BenchmarkResult result = new BenchmarkResult("o.B.m", mode, now, "us/op", mode.equals("thrpt"));
        baseline(Baseline.Kind.BENCHMARK, Map.of(result.key(), before), Map.of(result.key(), "us/op"), null);
        StageJudgement judgement = new StageJudgement();

        // WHEN
        BaselineRules.performance(List.of(result), context, FULL, judgement);

        // THEN
        assertThat(judgement.verdict()).isEqualTo(expected);
    }

    @Test
    void performance_shouldNameTheRegression() {
        // GIVEN a throughput that fell by a quarter
        BenchmarkResult result = new BenchmarkResult("o.B.m", "thrpt", 75, "ops/ms", true);
        baseline(Baseline.Kind.BENCHMARK, Map.of(result.key(), 100.0), Map.of(result.key(), "ops/ms"), null);
        StageJudgement judgement = new StageJudgement();

        // WHEN
        BaselineRules.performance(List.of(result), context, FULL, judgement);

        // THEN
        assertThat(judgement.reasons()).containsExactly("performance: o.B.m [thrpt] 25.0% slower (100 → 75 ops/ms)"
                + " against run run-1 on main, more than 20% fails tier full");
    }

    @Test
    void performance_shouldNotCompareANewBenchmarkOrAChangedUnit() {
        // GIVEN a baseline with another benchmark and this one in another unit
        BenchmarkResult renamed = new BenchmarkResult("o.B.fresh", "avgt", 500, "us/op", false);
        BenchmarkResult unit = new BenchmarkResult("o.B.m", "avgt", 500, "ns/op", false);
        baseline(Baseline.Kind.BENCHMARK, Map.of(unit.key(), 1.0), Map.of(unit.key(), "us/op"), null);
        StageJudgement judgement = new StageJudgement();

        // WHEN
        BaselineRules.performance(List.of(renamed, unit), context, FULL, judgement);

        // THEN
        assertThat(judgement.verdict()).isEqualTo(Verdict.PASS);
        assertThat(judgement.summary()).contains("no baseline for o.B.fresh [avgt], o.B.m [avgt] (unit was us/op)");
    }

    @Test
    void performance_shouldNoteTheMissingBaseline() {
        // GIVEN no baseline
        StageJudgement judgement = new StageJudgement();

        // WHEN
        BaselineRules.performance(List.of(new BenchmarkResult("b", "ss", 1, "s/op", false)), context, FULL, judgement);

        // THEN
        assertThat(judgement.verdict()).isEqualTo(Verdict.PASS);
        assertThat(judgement.summary()).isEqualTo("performance: no baseline yet (first run of main), 1 benchmark measured");
    }

    @ParameterizedTest(name = "+{0} MB is {1}")
    @CsvSource({"20.0, PASS", "20.1, WARN", "50.0, WARN", "50.1, FAIL", "-30.0, PASS"})
    void imageGrowth_shouldWarnAboveTwentyAndFailAboveFiftyMb(double growthMb, Verdict expected) {
        // GIVEN the last good image of 200 MB
        baseline(Baseline.Kind.IMAGE, Map.of(Baseline.SIZE_BYTES, 200 * MB), Map.of(), "sha256:old");
        StageJudgement judgement = new StageJudgement();

        // WHEN
        BaselineRules.imageGrowth(Math.round((200 + growthMb) * MB), context, FULL, judgement);

        // THEN
        assertThat(judgement.verdict()).isEqualTo(expected);
        assertThat(judgement.summary()).contains("against sha256:old (run run-1 on main)");
    }

    @Test
    void imageGrowth_shouldNoteTheMissingBaseline() {
        // GIVEN no baseline
        StageJudgement judgement = new StageJudgement();

        // WHEN
        BaselineRules.imageGrowth((long) (123.4 * MB), context, FULL, judgement);

        // THEN
        assertThat(judgement.verdict()).isEqualTo(Verdict.PASS);
        assertThat(judgement.summary()).isEqualTo("image 123.4 MB, growth: no baseline yet (first run of main)");
    }

    @ParameterizedTest(name = "{0} in tier {1} is {2}")
    @CsvSource({"CRITICAL, full, FAIL", "HIGH, full, FAIL", "MEDIUM, full, WARN",
            "CRITICAL, standard, FAIL", "HIGH, standard, WARN", "MEDIUM, standard, PASS",
            "CRITICAL, basic, WARN", "HIGH, basic, WARN", "MEDIUM, basic, PASS"})
    void vulnerabilities_shouldFollowTheTiersSeverityThresholds(Severity severity, String tier, Verdict expected) {
        // GIVEN one finding
        Vulnerability finding = new Vulnerability("CVE-2024-1", "libx", "1.0", "1.1", severity, "img");
        StageJudgement judgement = new StageJudgement();

        // WHEN
        BaselineRules.vulnerabilities("ECR scan", List.of(finding), DefaultBranchModel.TIERS.get(tier), judgement);

        // THEN
        assertThat(judgement.verdict()).isEqualTo(expected);
        if (expected != Verdict.PASS) {
            assertThat(judgement.summary()).startsWith("ECR scan: 1 " + severity + " (CVE-2024-1 in libx 1.0 (fixed in 1.1))");
        }
    }

    private void baseline(Baseline.Kind kind, Map<String, Double> values, Map<String, String> units, String detail) {
        stored.put(kind, new Baseline(kind, "run-1", "main", Instant.parse("2024-04-30T12:00:00Z"), values, units, detail));
    }

    private final class FixedBaselines implements Baselines {
        @Override
        public Optional<Baseline> find(String repository, Baseline.Kind kind) {
            return Optional.ofNullable(stored.get(kind));
        }

        @Override
        public void propose(String repository, String runId, Baseline measured) {
        }

        @Override
        public int promote(String repository, String runId, Instant at) {
            return 0;
        }
    }

    @Test
    void imageSize_isInKilobytesBelowOneMegabyte() {
        assertThat(BaselineRules.size(15_360)).isEqualTo("15.0 KB");
        assertThat(BaselineRules.size(Math.round(123.4 * MB))).isEqualTo("123.4 MB");
    }
}
