package dev.serverlesscd.functions.gate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.serverlesscd.functions.common.Json;
import dev.serverlesscd.functions.config.DefaultBranchModel;
import dev.serverlesscd.functions.config.Tier;
import dev.serverlesscd.functions.reports.ReportFile;
import dev.serverlesscd.functions.reports.StageReports;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The benchmark stage judged from a paired measurement (base and change, alternately, in one build) and without one.
 * The forks are JMH's JSON as the sample's buildspec writes it (one file per side and round, {@code rawData} per
 * fork), their scores drawn with a seeded jitter: each fork off by a log-normal factor (a busy or quiet host for the
 * fork's whole life) and each iteration sometimes 1.5 to 3 times slower (another build taking the core).
 */
@Tag("unit")
class BenchmarkJudgeTest {
    static final Tier FULL = DefaultBranchModel.TIERS.get("full");
    static final String QUOTE = "com.example.orders.PricingBenchmark.quote";
    static final String PARSE = "com.example.orders.PricingBenchmark.parseAndQuote";
    static final int ROUNDS = 5;

    final Map<Baseline.Kind, Baseline> stored = new EnumMap<>(Baseline.Kind.class);
    final GateContext context = new GateContext(new GateRequest("run-2", "full", "acme/orders-service", "c0ffee",
            List.of(), "main", "main", null), new FixedBaselines(), Instant.parse("2024-05-01T12:00:00Z"));

    @Test
    void paired_shouldSayInconclusive_neverFail_forTheSameCodeWithJitter() {
        int inconclusive = 0;
        for (int seed = 0; seed < 200; seed++) {
            // GIVEN the same code on both sides (avgt 6.0 us/op, thrpt 5000 ops/ms), measured with jitter
            Random random = new Random(seed);
            List<ReportFile> files = pairedRounds(random, 1.0, 0.10, 0.10);

            // WHEN
            StageJudgement judgement = new BenchmarkJudge().judge(reports(files), FULL, context);

            // THEN never a failure: a warning that says the noise, or a pass within the band
            assertThat(judgement.verdict()).as("seed %d: %s", seed, judgement.summary()).isIn(Verdict.WARN, Verdict.PASS);
            assertThat(judgement.reasons()).isEmpty();
            if (judgement.verdict() == Verdict.WARN) {
                assertThat(judgement.warnings()).as("seed %d", seed).allSatisfy(w -> assertThat(w)
                        .containsPattern("inconclusive: noise ±\\d+%").contains("a warning, never a failure"));
                inconclusive++;
            }
        }
        assertThat(inconclusive).as("runs that could not tell").isGreaterThanOrEqualTo(180);
    }

    @Test
    void paired_shouldFail_whenTheChangeIsTwiceAsSlow_throughTheSameJitter() {
        int failed = 0;
        for (int seed = 0; seed < 200; seed++) {
            // GIVEN a change that takes twice the time (half the throughput), measured with the same jitter
            List<ReportFile> files = pairedRounds(new Random(seed), 2.0, 0.10, 0.10);

            // WHEN
            StageJudgement judgement = new BenchmarkJudge().judge(reports(files), FULL, context);

            // THEN it fails (never passes)
            assertThat(judgement.verdict()).as("seed %d: %s", seed, judgement.summary()).isNotEqualTo(Verdict.PASS);
            if (judgement.verdict() == Verdict.FAIL) {
                failed++;
            }
        }
        assertThat(failed).as("2x slower changes failed, of 200").isGreaterThanOrEqualTo(190);
    }

    @Test
    void paired_shouldNameTheBenchmarkTheScoresTheIntervalAndTheBaseCommit_whenItFails() {
        // GIVEN a change twice as slow, a quiet host
        List<ReportFile> files = new ArrayList<>(pairedRounds(new Random(7), 2.0, 0.02, 0.0));
        files.add(new ReportFile("paired/base.txt", "1a2b3c4d5e6f first parent of HEAD\n".getBytes(StandardCharsets.UTF_8)));

        // WHEN
        StageJudgement judgement = new BenchmarkJudge().judge(reports(files), FULL, context);

        // THEN
        assertThat(judgement.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(judgement.reasons()).singleElement().asString()
                .containsPattern("^performance: " + QUOTE.replace(".", "\\.") + " \\[thrpt\\] \\d+\\.\\d% slower \\([\\d.]+ → [\\d.]+ ops/ms;"
                        + " 99% CI \\+\\d+\\.\\d% to \\+\\d+\\.\\d%\\), " + PARSE.replace(".", "\\.") + " \\[avgt\\] \\d+\\.\\d% slower")
                .endsWith(" against base commit 1a2b3c4, measured alternately in this build (5 and 5 forks),"
                        + " more than 20% across the 99% interval fails tier full");
    }

    @Test
    void paired_shouldPass_whenTheSameCodeIsMeasuredOnAQuietHost_andKeepTheStoredBaselineAsTheTrend() {
        // GIVEN the same code, little noise; a stored baseline the change is 40% slower than (another day, another host)
        stored.put(Baseline.Kind.BENCHMARK, new Baseline(Baseline.Kind.BENCHMARK, "run-1", "main", Instant.EPOCH,
                Map.of(PARSE + " [avgt]", 6.0 / 1.4), Map.of(PARSE + " [avgt]", "us/op"), null));
        List<ReportFile> files = pairedRounds(new Random(3), 1.0, 0.01, 0.0);

        // WHEN
        StageJudgement judgement = new BenchmarkJudge().judge(reports(files), FULL, context);

        // THEN the pair decides; the stored baseline is a note
        assertThat(judgement.verdict()).as(judgement.summary()).isEqualTo(Verdict.PASS);
        assertThat(judgement.summary()).contains("performance: 2 benchmarks within 10% across the 99% interval against"
                + " base commit (unnamed)").containsPattern("trend: " + PARSE.replace(".", "\\.") + " \\[avgt\\] 4\\d\\.\\d% slower"
                        + " \\([\\d.]+ → [\\d.]+ us/op\\) against run run-1 on main");
        assertThat(context.measurements()).singleElement().satisfies(m -> assertThat(m.values()).containsKeys(
                QUOTE + " [thrpt]", PARSE + " [avgt]"));
    }

    @Test
    void paired_shouldSayHowMuchFaster_whenTheChangeIsFasterBeyondTheNoise() {
        // GIVEN a change that takes half the time
        List<ReportFile> files = pairedRounds(new Random(11), 0.5, 0.02, 0.0);

        // WHEN
        StageJudgement judgement = new BenchmarkJudge().judge(reports(files), FULL, context);

        // THEN
        assertThat(judgement.verdict()).isEqualTo(Verdict.PASS);
        assertThat(judgement.summary()).containsPattern("performance: " + QUOTE.replace(".", "\\.")
                + " \\[thrpt\\] \\d+\\.\\d% faster, " + PARSE.replace(".", "\\.") + " \\[avgt\\] \\d+\\.\\d% faster across the 99% interval");
    }

    @Test
    void unpaired_shouldOnlyWarn_aboveTheFailBand_andSayWhyThereIsNoPair() {
        // GIVEN one measurement of the change (no base commit: the first commit) 25% slower than the stored baseline
        stored.put(Baseline.Kind.BENCHMARK, new Baseline(Baseline.Kind.BENCHMARK, "run-1", "main", Instant.EPOCH,
                Map.of(PARSE + " [avgt]", 6.0), Map.of(PARSE + " [avgt]", "us/op"), null));
        List<ReportFile> files = List.of(jmh("jmh.json", List.<double[][]>of(new double[][] {{1.25, 1.25, 1.25}}), 1.0),
                new ReportFile("paired/skipped", "no base commit: HEAD has no parent (the first commit)\n".getBytes(StandardCharsets.UTF_8)));

        // WHEN
        StageJudgement judgement = new BenchmarkJudge().judge(reports(files), FULL, context);

        // THEN a warning, not a failure
        assertThat(judgement.verdict()).isEqualTo(Verdict.WARN);
        assertThat(judgement.warnings()).containsExactly("performance: " + PARSE + " [avgt] 25.0% slower (6 → 7.5 us/op)"
                + " against run run-1 on main, more than 20%, but not measured against its base commit in this build:"
                + " a warning, not a failure");
        assertThat(judgement.summary()).contains("performance: not measured against a base commit in this build"
                + " (no base commit: HEAD has no parent (the first commit))");
    }

    // ------------------------------------------------------------------ JMH JSON as the buildspec writes it

    /** {@code ROUNDS} rounds of base-N.json and head-N.json, the head {@code slower} times slower. */
    static List<ReportFile> pairedRounds(Random random, double slower, double forkSigma, double spike) {
        List<ReportFile> files = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            files.add(jmh("paired/base-" + round + ".json", List.<double[][]>of(fork(random, forkSigma, spike)), 1.0));
            files.add(jmh("paired/head-" + round + ".json", List.<double[][]>of(fork(random, forkSigma, spike)), slower));
        }
        return files;
    }

    /** Three iterations' factors: the fork's own, and for each iteration sometimes a busy core. */
    static double[][] fork(Random random, double forkSigma, double spike) {
        double forkFactor = Math.exp(random.nextGaussian() * forkSigma);
        double[][] factors = new double[2][3];
        for (int i = 0; i < 3; i++) {
            for (int b = 0; b < 2; b++) {
                double busy = random.nextDouble() < spike ? 1.5 + 1.5 * random.nextDouble() : 1.0;
                factors[b][i] = forkFactor * busy * Math.exp(random.nextGaussian() * 0.02);
            }
        }
        return factors;
    }

    /**
     * A JMH result of the two sample benchmarks: per fork, its iterations' time factors (row 0: quote, row 1:
     * parseAndQuote); quote is 5000 ops/ms / (factor × slower), parseAndQuote 6.0 us/op × factor × slower.
     */
    static ReportFile jmh(String path, List<double[][]> forks, double slower) {
        ArrayNode root = Json.MAPPER.createArrayNode();
        for (int b = 0; b < 2; b++) {
            boolean throughput = b == 0;
            ObjectNode entry = root.addObject();
            entry.put("benchmark", throughput ? QUOTE : PARSE).put("mode", throughput ? "thrpt" : "avgt").put("forks", forks.size());
            ObjectNode primary = entry.putObject("primaryMetric");
            ArrayNode raw = primary.putArray("rawData");
            double sum = 0;
            int n = 0;
            for (double[][] fork : forks) {
                ArrayNode iterations = raw.addArray();
                for (double factor : fork[fork.length == 1 ? 0 : b]) {
                    double score = throughput ? 5000 / (factor * slower) : 6.0 * factor * slower;
                    iterations.add(score);
                    sum += score;
                    n++;
                }
            }
            primary.put("score", sum / n).put("scoreUnit", throughput ? "ops/ms" : "us/op");
        }
        return new ReportFile(path, root.toString().getBytes(StandardCharsets.UTF_8));
    }

    static StageReports reports(List<ReportFile> files) {
        return new StageReports("/work/runs/run-2/benchmark/", files);
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
}
