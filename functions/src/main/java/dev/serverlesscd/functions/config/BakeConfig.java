package dev.serverlesscd.functions.config;

import java.net.URI;
import java.util.List;

/**
 * An environment's bake period (docs/configuration.md, "Bake"): after the rollout and the health check, the state
 * machine checks the signals every {@code intervalSeconds} for {@code durationSeconds} and rolls back when one fires.
 *
 * @param durationSeconds how long the release bakes
 * @param intervalSeconds the wait between two checks (the state machine's Wait state)
 * @param alarms          CloudWatch alarms (by name) that fire when one is in ALARM
 * @param probe           the HTTP probe; null for none
 */
public record BakeConfig(int durationSeconds, int intervalSeconds, List<String> alarms, Probe probe) {

    public BakeConfig {
        alarms = alarms == null ? List.of() : List.copyOf(alarms);
    }

    /** How many checks the period holds: one after each interval, the last at (or just past) the period's end. */
    public int checks() {
        return (durationSeconds + intervalSeconds - 1) / intervalSeconds;
    }

    /**
     * The HTTP probe: {@code requests} GETs per check of {@code url}, or of {@code path} on the environment's base URL
     * (HEALTH_BASE_URLS). Over every request of the period so far, the error rate (no answer, or a status of 500 or
     * more) must stay at or below {@code maxErrorRatePercent}, and the {@code latencyPercentile}-th percentile of the
     * response times at or below {@code maxLatencyMs} (null: latency is not judged).
     */
    public record Probe(String path, URI url, int requests, double maxErrorRatePercent, Integer maxLatencyMs,
                        int latencyPercentile) {
    }
}
