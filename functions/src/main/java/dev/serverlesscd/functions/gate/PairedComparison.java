package dev.serverlesscd.functions.gate;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One benchmark measured twice in the same build, on the same host, alternately: at the base commit and at the
 * change. The comparison is on the logarithm of each fork's score (a ratio, so throughput and time compare alike),
 * with Welch's t: the difference of the two sides' mean log scores, its standard error from the spread of the forks
 * of each side, and the Welch–Satterthwaite degrees of freedom give a confidence interval for the ratio
 * change/base. {@code slowerPercent} and its interval are "how much slower", as the bands count it
 * ({@link dev.serverlesscd.functions.reports.BenchmarkResult#regressionPercentAgainst}): times {@code (ratio - 1)},
 * throughput {@code (1 - ratio)}, in percent. {@code noisePercent} is the interval's half-width as a factor:
 * {@code ±(e^(t·se) - 1)}. {@code separationPercent} is how much slower the change's best fork is than the base's
 * worst: positive only when every fork of the change is slower than every fork of the base (with five forks a side,
 * a chance of 1 in 252 for two measurements of the same code), a second, distribution-free guard against a t
 * interval made narrow by a few forks that happened to agree.
 */
record PairedComparison(double baseScore, double headScore, int baseForks, int headForks, double slowerPercent,
        double lowPercent, double highPercent, double noisePercent, double separationPercent, double confidence) {

    /**
     * The comparison of {@code base} and {@code head} fork scores (each positive); empty when a side has fewer than
     * two forks (no spread to measure the noise by).
     */
    static Optional<PairedComparison> of(List<Double> base, List<Double> head, boolean higherIsBetter, double confidence) {
        if (base.size() < 2 || head.size() < 2) {
            return Optional.empty();
        }
        double[] b = logs(base);
        double[] h = logs(head);
        double meanB = mean(b);
        double meanH = mean(h);
        double varB = variance(b, meanB) / b.length;
        double varH = variance(h, meanH) / h.length;
        double se = Math.sqrt(varB + varH);
        double denominator = (b.length > 1 ? varB * varB / (b.length - 1) : 0) + (h.length > 1 ? varH * varH / (h.length - 1) : 0);
        double df = denominator > 0 ? (varB + varH) * (varB + varH) / denominator : b.length + h.length - 2;
        double t = se > 0 ? StudentT.critical(confidence, df) : 0;
        double d = meanH - meanB;
        double slower = slower(d, higherIsBetter);
        double low = Math.min(slower(d - t * se, higherIsBetter), slower(d + t * se, higherIsBetter));
        double high = Math.max(slower(d - t * se, higherIsBetter), slower(d + t * se, higherIsBetter));
        double separation = higherIsBetter
                ? 100 * (1 - max(head) / min(base))
                : 100 * (min(head) / max(base) - 1);
        return Optional.of(new PairedComparison(Math.exp(meanB), Math.exp(meanH), b.length, h.length, slower, low, high,
                100 * (Math.exp(t * se) - 1), separation, confidence));
    }

    /** Slower by more than {@code percent} beyond the measured error: the whole interval, and every fork, past it. */
    boolean slowerThan(double percent) {
        return BaselineRules.above(lowPercent, percent) && BaselineRules.above(separationPercent, percent);
    }

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    }

    /** {@code 99% CI +12.3% to +45.6%}. */
    String interval() {
        return String.format(Locale.ROOT, "%s%% CI %s%% to %s%%", BaselineRules.number(confidence * 100),
                BaselineRules.signed(lowPercent), BaselineRules.signed(highPercent));
    }

    /** {@code ±23%}. */
    String noise() {
        return String.format(Locale.ROOT, "±%.0f%%", noisePercent);
    }

    private static double slower(double logRatio, boolean higherIsBetter) {
        return 100 * (higherIsBetter ? 1 - Math.exp(logRatio) : Math.exp(logRatio) - 1);
    }

    private static double[] logs(List<Double> scores) {
        return scores.stream().mapToDouble(s -> {
            if (!(s > 0) || !Double.isFinite(s)) {
                throw new IllegalArgumentException("a benchmark score must be positive, was " + s);
            }
            return Math.log(s);
        }).toArray();
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    private static double variance(double[] values, double mean) {
        double sum = 0;
        for (double v : values) {
            sum += (v - mean) * (v - mean);
        }
        return sum / (values.length - 1);
    }
}
