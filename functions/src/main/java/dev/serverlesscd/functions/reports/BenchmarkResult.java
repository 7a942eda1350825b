package dev.serverlesscd.functions.reports;

/**
 * One benchmark's primary result: its name, JMH mode, score and unit, and which way is better (throughput: higher;
 * average, sample and single-shot time: lower).
 */
public record BenchmarkResult(String benchmark, String mode, double score, String unit, boolean higherIsBetter) {

    /** What a baseline is kept under: {@code benchmark [mode]}, as one benchmark may run in several modes. */
    public String key() {
        return benchmark + " [" + mode + "]";
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
