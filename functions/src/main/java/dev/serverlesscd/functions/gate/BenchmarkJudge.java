package dev.serverlesscd.functions.gate;

import dev.serverlesscd.functions.config.Tier;
import dev.serverlesscd.functions.reports.BenchmarkResult;
import dev.serverlesscd.functions.reports.ReportFile;
import dev.serverlesscd.functions.reports.ReportFormat;
import dev.serverlesscd.functions.reports.ReportParseException;
import dev.serverlesscd.functions.reports.StageReports;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The benchmark stage: every report of {@link ReportFormat.Kind#BENCHMARKS}: JMH's JSON results ({@code *.json}, as
 * {@code -rf json} writes them), Go's benchmark output ({@code *.go-bench.txt}; each {@code -count} line a fork) and
 * Criterion's estimates ({@code <benchmark>/new/estimates.json}; each a fork).
 *
 * <p><b>Paired.</b> When the build measured the base commit too ({@code base-<n>.json}, {@code base-<n>.go-bench.txt}
 * or anything under a directory {@code base-<n>/}, beside the change's {@code head-<n>.json}, …: the two run
 * alternately, on the same host, in the same build), each benchmark's verdict
 * comes from that pair ({@link PairedComparison}, Welch's t on the log of each fork's best iteration, at
 * {@value #CONFIDENCE_PERCENT}% confidence): slower by more than the tier's {@code performanceFailPercent} across
 * the whole confidence interval, with every fork of the change slower than every fork of the base by more than
 * that, fails; likewise past {@code performanceWarnPercent} warns; anything else whose interval reaches past the
 * warn band is the warning {@code inconclusive: noise ±N%}, never a failure; an interval within the warn band
 * passes. The stored baseline (the default branch's last successful run)
 * is then a trend note. The base commit is named by {@code base.txt} ({@code <sha> <how it was chosen>}).
 *
 * <p><b>Unpaired.</b> With no base measurement (the first commit, a base without the benchmarks; {@code skipped}
 * says why) each benchmark's primary score is compared with the stored baseline by the bands, but a slowdown past
 * the fail band only warns: scores of two builds at different times on shared hosts differ by more than that from
 * noise alone. With no baseline either, nothing is compared, and the note says so.
 *
 * <p>Any other report (a single {@code jmh.json}, say) is the change's measurement.
 */
public final class BenchmarkJudge implements StageJudge {
    static final double CONFIDENCE = 0.99;
    static final String CONFIDENCE_PERCENT = "99";
    private static final String REPORT = "benchmark report";
    /** The base commit's: a file {@code base-<n>.<extension>} or any file under a directory {@code base-<n>/}. */
    private static final Pattern BASE_FILE = Pattern.compile("(.*/)?base-\\d+(\\.[^/]+|/.+)");
    private static final int NAMES_SHOWN = 5;

    @Override
    public String stage() {
        return "benchmark";
    }

    @Override
    public StageJudgement judge(StageReports reports, Tier tier, GateContext context) {
        StageJudgement judgement = new StageJudgement();
        List<ReportFile> files = reports.reportsOf(ReportFormat.Kind.BENCHMARKS);
        if (files.isEmpty()) {
            return judgement.error(REPORT, "missing", "no " + ReportFormat.describe(ReportFormat.Kind.BENCHMARKS)
                    + " under " + reports.location());
        }
        Map<String, Side> base = new LinkedHashMap<>();
        Map<String, Side> head = new LinkedHashMap<>();
        for (ReportFile file : files) {
            Map<String, Side> side = BASE_FILE.matcher(file.path()).matches() ? base : head;
            try {
                for (BenchmarkResult result : file.format().orElseThrow().benchmarks(file)) {
                    side.computeIfAbsent(result.key(), k -> new Side()).add(result);
                }
            } catch (ReportParseException e) {
                return judgement.error(REPORT, "invalid", e.getMessage());
            }
        }
        if (head.isEmpty()) {
            return judgement.error(REPORT, "missing", "only the base commit's results (base-<n>.json, base-<n>/…) under "
                    + reports.location() + ", none of the change");
        }
        List<BenchmarkResult> measured = head.values().stream().map(Side::result).toList();
        if (!base.isEmpty()) {
            paired(base, head, tier, baseCommit(reports), judgement);
            BaselineRules.performance(measured, context, tier, judgement, BaselineRules.Use.TREND);
        } else {
            judgement.note("performance: not measured against a base commit in this build ("
                    + skipped(reports).orElse("no base-<n>.json under " + reports.location()) + ")");
            BaselineRules.performance(measured, context, tier, judgement, BaselineRules.Use.AT_MOST_WARN);
        }
        Map<String, Double> scores = new LinkedHashMap<>();
        Map<String, String> units = new LinkedHashMap<>();
        measured.forEach(r -> {
            scores.put(r.key(), r.score());
            units.put(r.key(), r.unit());
        });
        context.measured(context.measurement(Baseline.Kind.BENCHMARK, scores, units, null));
        return judgement;
    }

    private static void paired(Map<String, Side> base, Map<String, Side> head, Tier tier, String baseCommit,
            StageJudgement judgement) {
        List<String> failing = new ArrayList<>();
        List<String> warning = new ArrayList<>();
        List<String> inconclusive = new ArrayList<>();
        List<String> within = new ArrayList<>();
        List<String> faster = new ArrayList<>();
        List<String> notCompared = new ArrayList<>();
        int baseForks = Integer.MAX_VALUE;
        int headForks = Integer.MAX_VALUE;
        for (Map.Entry<String, Side> entry : head.entrySet()) {
            String key = entry.getKey();
            Side now = entry.getValue();
            Side before = base.get(key);
            if (before == null) {
                notCompared.add(key + " (not in the base commit)");
                continue;
            }
            if (!before.unit.equals(now.unit)) {
                notCompared.add(key + " (unit was " + before.unit + ")");
                continue;
            }
            Optional<PairedComparison> found = PairedComparison.of(before.forks, now.forks, now.higherIsBetter, CONFIDENCE);
            if (found.isEmpty()) {
                notCompared.add(key + " (fewer than 2 forks a side: " + before.forks.size() + " and " + now.forks.size() + ")");
                continue;
            }
            PairedComparison c = found.get();
            baseForks = Math.min(baseForks, c.baseForks());
            headForks = Math.min(headForks, c.headForks());
            String scores = String.format(Locale.ROOT, "(%s → %s %s; %s)", BaselineRules.number(c.baseScore()),
                    BaselineRules.number(c.headScore()), now.unit, c.interval());
            if (c.slowerThan(tier.performanceFailPercent())) {
                failing.add(key + " " + BaselineRules.percentText(c.slowerPercent()) + " slower " + scores);
            } else if (c.slowerThan(tier.performanceWarnPercent())) {
                warning.add(key + " " + BaselineRules.percentText(c.slowerPercent()) + " slower " + scores);
            } else if (BaselineRules.above(c.highPercent(), tier.performanceWarnPercent())) {
                inconclusive.add(key + " inconclusive: noise " + c.noise() + " ("
                        + BaselineRules.signed(c.slowerPercent()) + "% slower, " + c.interval() + ")");
            } else if (c.highPercent() < 0) {
                faster.add(key + " " + BaselineRules.percentText(-c.slowerPercent()) + " faster");
            } else {
                within.add(key);
            }
        }
        String against = " against base commit " + baseCommit + ", measured alternately in this build ("
                + (baseForks == Integer.MAX_VALUE ? "no" : baseForks + " and " + headForks) + " forks)";
        if (!failing.isEmpty()) {
            judgement.fail("performance: " + StageJudgement.firstOf(failing, NAMES_SHOWN) + against + ", more than "
                    + BaselineRules.number(tier.performanceFailPercent()) + "% across the " + CONFIDENCE_PERCENT
                    + "% interval fails tier " + tier.name());
        }
        if (!warning.isEmpty()) {
            judgement.warn("performance: " + StageJudgement.firstOf(warning, NAMES_SHOWN) + against + ", more than "
                    + BaselineRules.number(tier.performanceWarnPercent()) + "% across the " + CONFIDENCE_PERCENT
                    + "% interval warns");
        }
        if (!inconclusive.isEmpty()) {
            judgement.warn("performance: " + StageJudgement.firstOf(inconclusive, NAMES_SHOWN) + against
                    + ": maybe more than " + BaselineRules.number(tier.performanceWarnPercent())
                    + "% slower, maybe not; a warning, never a failure");
        }
        if (!within.isEmpty()) {
            judgement.note("performance: " + within.size() + " benchmark" + (within.size() == 1 ? "" : "s") + " within "
                    + BaselineRules.number(tier.performanceWarnPercent()) + "% across the " + CONFIDENCE_PERCENT
                    + "% interval" + against);
        }
        if (!faster.isEmpty()) {
            judgement.note("performance: " + StageJudgement.firstOf(faster, NAMES_SHOWN) + " across the "
                    + CONFIDENCE_PERCENT + "% interval" + against);
        }
        if (!notCompared.isEmpty()) {
            judgement.note("performance: not compared with the base commit: " + StageJudgement.firstOf(notCompared, NAMES_SHOWN));
        }
    }

    /** {@code 1a2b3c4} from {@code base.txt}'s first word; {@code (unnamed)} without it. */
    private static String baseCommit(StageReports reports) {
        return reports.matching(f -> f.name().equals("base.txt")).stream().findFirst()
                .map(f -> f.text().strip().split("\\s+", 2)[0])
                .filter(sha -> !sha.isEmpty())
                .map(sha -> sha.length() > 7 ? sha.substring(0, 7) : sha)
                .orElse("(unnamed)");
    }

    /** Why the base was not measured: the text of a file {@code skipped}. */
    private static Optional<String> skipped(StageReports reports) {
        return reports.matching(f -> f.name().equals("skipped")).stream().findFirst()
                .map(f -> f.text().strip().replaceAll("\\s+", " "))
                .filter(text -> !text.isEmpty());
    }

    /** One side's forks of one benchmark, from however many files. */
    private static final class Side {
        private final List<Double> forks = new ArrayList<>();
        private final List<Double> scores = new ArrayList<>();
        private BenchmarkResult first;
        private String unit;
        private boolean higherIsBetter;

        void add(BenchmarkResult result) {
            if (first == null) {
                first = result;
                unit = result.unit();
                higherIsBetter = result.higherIsBetter();
            }
            forks.addAll(result.bestPerFork());
            scores.add(result.score());
        }

        /** The side's score: the mean of its results' primary scores (JMH's own per run). */
        BenchmarkResult result() {
            double mean = scores.stream().mapToDouble(Double::doubleValue).average().orElse(first.score());
            return new BenchmarkResult(first.benchmark(), first.mode(), mean, unit, higherIsBetter);
        }
    }
}
