package dev.serverlesscd.functions.bake;

import java.util.ArrayList;
import java.util.List;

/**
 * What a bake has seen so far, carried by the state machine from one check to the next: the checks made, and the
 * probe's requests, the failed ones, and every response time in milliseconds (the percentile is over them all).
 */
public record BakeProgress(int checks, int requests, int errors, List<Integer> latenciesMs, String lastError) {

    public BakeProgress {
        latenciesMs = latenciesMs == null ? List.of() : List.copyOf(latenciesMs);
    }

    /** Before the first check. */
    public static BakeProgress start() {
        return new BakeProgress(0, 0, 0, List.of(), null);
    }

    /** One more check, with the probe's answers in it. */
    BakeProgress plus(List<ProbeSample> samples) {
        List<Integer> latencies = new ArrayList<>(latenciesMs);
        int failed = errors;
        String last = lastError;
        for (ProbeSample sample : samples) {
            latencies.add(sample.latencyMs());
            if (!sample.ok()) {
                failed++;
                last = sample.detail();
            }
        }
        return new BakeProgress(checks + 1, requests + samples.size(), failed, latencies, last);
    }

    /** One probe request: whether it answered 2xx, how long it took, what it answered. */
    record ProbeSample(boolean ok, int latencyMs, String detail) {
    }
}
