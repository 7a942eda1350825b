package dev.serverlesscd.functions.metrics;

import java.time.Duration;
import java.util.List;

/** Percentiles of durations by the nearest-rank method: p50 of {1, 2, 3, 4} is 2, p90 is 4. */
public final class Percentiles {
    private Percentiles() {
    }

    /** The {@code p}-th percentile (0 < p <= 100), null for no values. */
    public static Duration of(List<Duration> values, int p) {
        if (values.isEmpty()) {
            return null;
        }
        List<Duration> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(rank, 1) - 1);
    }
}
