package dev.serverlesscd.functions.reports;

import java.util.List;

/**
 * One benchmark's primary result: its name, JMH mode, score and unit, and which way is better (throughput: higher;
 * average, sample and single-shot time: lower). {@code forks} holds each fork's measurement iterations as JMH
 * reports them ({@code primaryMetric.rawData}; empty when the result does not carry them).
 */
public record BenchmarkResult(String benchmark, String mode, double score, String unit, boolean higherIsBetter,
        List<List<Double>> forks) {

    public BenchmarkResult {
        forks = forks == null ? List.of() : forks.stream().map(List::copyOf).toList();
    }

    /** A result without per-fork data. */
    public BenchmarkResult(String benchmark, String mode, double score, String unit, boolean higherIsBetter) {
        this(benchmark, mode, score, unit, higherIsBetter, List.of());
    }

    /** What a baseline is kept under: {@code benchmark [mode]}, as one benchmark may run in several modes. */
    public String key() {
        return benchmark + " [" + mode + "]";
    }

    /**
     * Each fork's best measurement iteration (throughput: the highest; times: the lowest), or the score itself as
     * one fork when the result has no per-fork data. Other work on a shared host only ever slows a benchmark down,
     * so a fork's best iteration is its least disturbed one.
     */
    public List<Double> bestPerFork() {
        if (forks.isEmpty()) {
            return List.of(score);
        }
        return forks.stream().filter(f -> !f.isEmpty())
                .map(f -> higherIsBetter ? f.stream().mapToDouble(Double::doubleValue).max().orElseThrow()
                        : f.stream().mapToDouble(Double::doubleValue).min().orElseThrow())
                .toList();
    }

    /**
     * How much worse {@code this} is than {@code baseline}, in percent of the baseline (negative: better). Higher is
     * better: {@code (baseline - score) / baseline}; lower is better: {@code (score - baseline) / baseline}.
     */
    public double regressionPercentAgainst(double baseline) {
        if (baseline <= 0) {
            throw new IllegalArgumentException("baseline score of " + benchmark + " must be positive, was " + baseline);
        }
        double change = higherIsBetter ? baseline - score : score - baseline;
        return 100.0 * change / baseline;
    }
}
