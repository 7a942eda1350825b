package dev.serverlesscd.functions.gate;

import dev.serverlesscd.functions.config.Tier;
import dev.serverlesscd.functions.reports.BenchmarkResult;
import dev.serverlesscd.functions.reports.Vulnerability;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The rules that compare with a baseline, and the severity rule for vulnerabilities. Every band is "more than":
 * a coverage drop of exactly {@code maxCoverageDrop} points passes, a regression of exactly
 * {@code performanceWarnPercent} passes and of exactly {@code performanceFailPercent} warns, an image exactly
 * {@code imageGrowthWarnMb} larger passes and exactly {@code imageGrowthFailMb} larger warns. Values are compared
 * rounded to 6 decimals, so 85.1 − 80.0 is 5.1, not 5.0999….
 */
final class BaselineRules {
    /** MB as the image bands count it: 2^20 bytes, as ECR's console and {@code docker images} show sizes. */
    static final double MB = 1024.0 * 1024.0;
    private static final int NAMES_SHOWN = 5;

    private BaselineRules() {
    }

    static boolean above(double value, double threshold) {
        return Math.round(value * 1e6) / 1e6 > threshold;
    }

    static void coverageDrop(double current, GateContext context, Tier tier, StageJudgement judgement) {
        Optional<Baseline> baseline = context.baseline(Baseline.Kind.COVERAGE);
        Double before = baseline.map(b -> b.values().get(Baseline.LINE_COVERAGE)).orElse(null);
        if (before == null) {
            judgement.note("coverage drop: " + context.noBaseline());
            return;
        }
        double drop = before - current;
        String text = String.format(Locale.ROOT, "line coverage %s against %s (%s)", points(-drop),
                TestJudge.percent(before), baseline.get().source());
        if (above(drop, tier.maxCoverageDrop())) {
            judgement.fail(text + ": a drop of more than " + number(tier.maxCoverageDrop()) + " points fails tier " + tier.name());
        } else {
            judgement.note(text);
        }
    }

    /** How a comparison with the stored benchmark baseline counts. */
    enum Use {
        /** The bands decide: more than the fail band fails, more than the warn band warns. */
        JUDGE,
        /**
         * No paired measurement in this build (no base commit): the bands decide, but what would fail only warns,
         * as two builds at different times on a shared host differ by more than the bands from noise alone.
         */
        AT_MOST_WARN,
        /** A paired measurement decided: the stored baseline is the trend, a note. */
        TREND
    }

    static void performance(List<BenchmarkResult> results, GateContext context, Tier tier, StageJudgement judgement) {
        performance(results, context, tier, judgement, Use.JUDGE);
    }

    static void performance(List<BenchmarkResult> results, GateContext context, Tier tier, StageJudgement judgement,
            Use use) {
        Optional<Baseline> baseline = context.baseline(Baseline.Kind.BENCHMARK);
        String prefix = use == Use.TREND ? "trend: " : "performance: ";
        if (baseline.isEmpty()) {
            judgement.note(prefix + context.noBaseline() + ", " + results.size() + " benchmark"
                    + (results.size() == 1 ? "" : "s") + " measured");
            return;
        }
        List<String> failing = new ArrayList<>();
        List<String> warning = new ArrayList<>();
        List<String> fresh = new ArrayList<>();
        int compared = 0;
        for (BenchmarkResult result : results) {
            Double before = baseline.get().values().get(result.key());
            String unit = baseline.get().units().get(result.key());
            if (before == null || before <= 0 || (unit != null && !unit.equals(result.unit()))) {
                fresh.add(result.key() + (unit != null && !unit.equals(result.unit()) ? " (unit was " + unit + ")" : ""));
                continue;
            }
            compared++;
            double regression = result.regressionPercentAgainst(before);
            String text = String.format(Locale.ROOT, "%s %s slower (%s → %s %s)", result.key(), percentText(regression),
                    number(before), number(result.score()), result.unit());
            if (above(regression, tier.performanceFailPercent())) {
                failing.add(text);
            } else if (above(regression, tier.performanceWarnPercent())) {
                warning.add(text);
            }
        }
        String against = " against " + baseline.get().source();
        if (use == Use.TREND) {
            List<String> changed = new ArrayList<>(failing);
            changed.addAll(warning);
            judgement.note(changed.isEmpty()
                    ? prefix + compared + " benchmark" + (compared == 1 ? "" : "s") + " within "
                            + number(tier.performanceWarnPercent()) + "%" + against
                    : prefix + StageJudgement.firstOf(changed, NAMES_SHOWN) + against);
        } else {
            if (!failing.isEmpty() && use == Use.JUDGE) {
                judgement.fail(prefix + StageJudgement.firstOf(failing, NAMES_SHOWN) + against + ", more than "
                        + number(tier.performanceFailPercent()) + "% fails tier " + tier.name());
            } else if (!failing.isEmpty()) {
                judgement.warn(prefix + StageJudgement.firstOf(failing, NAMES_SHOWN) + against + ", more than "
                        + number(tier.performanceFailPercent()) + "%, but not measured against its base commit in this"
                        + " build: a warning, not a failure");
            }
            if (!warning.isEmpty()) {
                judgement.warn(prefix + StageJudgement.firstOf(warning, NAMES_SHOWN) + against + ", more than "
                        + number(tier.performanceWarnPercent()) + "% warns");
            }
            if (failing.isEmpty() && warning.isEmpty()) {
                judgement.note(prefix + compared + " benchmark" + (compared == 1 ? "" : "s") + " within "
                        + number(tier.performanceWarnPercent()) + "%" + against);
            }
        }
        if (!fresh.isEmpty()) {
            judgement.note(prefix + "no baseline for " + StageJudgement.firstOf(fresh, NAMES_SHOWN));
        }
    }

    static void imageGrowth(long sizeBytes, GateContext context, Tier tier, StageJudgement judgement) {
        Optional<Baseline> baseline = context.baseline(Baseline.Kind.IMAGE);
        Double before = baseline.map(b -> b.values().get(Baseline.SIZE_BYTES)).orElse(null);
        String size = "image " + size(sizeBytes);
        if (before == null) {
            judgement.note(size + ", growth: " + context.noBaseline());
            return;
        }
        double growth = (sizeBytes - before) / MB;
        String text = String.format(Locale.ROOT, "%s, %s MB against %s (%s)", size, signed(growth),
                baseline.get().detail() == null ? "the last image" : baseline.get().detail(), baseline.get().source());
        if (above(growth, tier.imageGrowthFailMb())) {
            judgement.fail(text + ": more than " + number(tier.imageGrowthFailMb()) + " MB larger fails tier " + tier.name());
        } else if (above(growth, tier.imageGrowthWarnMb())) {
            judgement.warn(text + ": more than " + number(tier.imageGrowthWarnMb()) + " MB larger warns");
        } else {
            judgement.note(text);
        }
    }

    /** A size as people read it: KB below 1 MB (a 15 KB image is not "0.0 MB"), else MB, one decimal. */
    static String size(long bytes) {
        return bytes < MB ? String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0)
                : String.format(Locale.ROOT, "%.1f MB", bytes / MB);
    }

    /** Vulnerabilities by the tier's {@code failOnSeverity} and {@code warnOnSeverity}, named by severity. */
    static void vulnerabilities(String source, List<Vulnerability> found, Tier tier, StageJudgement judgement) {
        Map<dev.serverlesscd.functions.config.Severity, List<Vulnerability>> bySeverity = new LinkedHashMap<>();
        for (var severity : List.of(dev.serverlesscd.functions.config.Severity.values())) {
            bySeverity.put(severity, new ArrayList<>());
        }
        found.forEach(v -> bySeverity.get(v.severity()).add(v));
        boolean flagged = false;
        for (var entry : bySeverity.entrySet()) {
            List<Vulnerability> atSeverity = entry.getValue();
            if (atSeverity.isEmpty()) {
                continue;
            }
            String text = source + ": " + atSeverity.size() + " " + entry.getKey() + " ("
                    + StageJudgement.firstOf(atSeverity.stream().map(Vulnerability::describe).toList(), NAMES_SHOWN) + ")";
            if (tier.failsOn(entry.getKey())) {
                judgement.fail(text);
                flagged = true;
            } else if (tier.warnsOn(entry.getKey())) {
                judgement.warn(text);
                flagged = true;
            }
        }
        if (!flagged) {
            judgement.note(source + ": " + (found.isEmpty() ? "no vulnerabilities"
                    : found.size() + " vulnerabilities below the thresholds of tier " + tier.name()));
        }
    }

    static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String points(double change) {
        return signed(change) + " points";
    }

    /** One decimal with its sign: {@code +0.2}, {@code -25.8}, and no change {@code +0.0} (never {@code +-0.0}). */
    static String signed(double change) {
        double rounded = Math.round(change * 10) / 10.0 + 0.0; // + 0.0 turns -0.0 into 0.0
        return String.format(Locale.ROOT, "%s%.1f", rounded >= 0 ? "+" : "", rounded);
    }

    static String percentText(double regression) {
        return String.format(Locale.ROOT, "%.1f%%", regression);
    }
}
