package dev.serverlesscd.functions.bake;

import dev.serverlesscd.functions.config.BakeConfig;
import dev.serverlesscd.functions.metrics.Percentiles;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Judges a bake after a check, over everything seen so far: an alarm in ALARM fires first (in the configuration's
 * order), then the probe's error rate above its maximum, then its latency percentile above its maximum. With none
 * fired, the bake passes once its checks are all made, and goes on baking before that.
 */
public final class BakeJudge {

    private BakeJudge() {
    }

    public static BakeCheck judge(BakeConfig bake, BakeProgress progress, List<Alarms.AlarmState> alarms) {
        String detail = detail(bake, progress, alarms);
        for (String name : bake.alarms()) {
            for (Alarms.AlarmState alarm : alarms) {
                if (alarm.name().equals(name) && alarm.firing()) {
                    return new BakeCheck(BakeCheck.Status.FIRED, "alarm " + name,
                            "alarm " + name + " is in ALARM: " + alarm.reason(), progress, detail);
                }
            }
        }
        BakeConfig.Probe probe = bake.probe();
        if (probe != null && progress.requests() > 0) {
            double rate = errorRate(progress);
            if (rate > probe.maxErrorRatePercent()) {
                return new BakeCheck(BakeCheck.Status.FIRED, "probe error rate", String.format(Locale.ROOT,
                        "probe error rate %.1f%% > %s%% over %d requests (%d failed; last: %s)", rate,
                        number(probe.maxErrorRatePercent()), progress.requests(), progress.errors(),
                        progress.lastError()), progress, detail);
            }
            Long latency = latencyMs(probe, progress);
            if (probe.maxLatencyMs() != null && latency > probe.maxLatencyMs()) {
                return new BakeCheck(BakeCheck.Status.FIRED, "probe p" + probe.latencyPercentile() + " latency",
                        "probe p" + probe.latencyPercentile() + " latency " + latency + " ms > " + probe.maxLatencyMs()
                                + " ms over " + progress.requests() + " requests", progress, detail);
            }
        }
        if (progress.checks() >= bake.checks()) {
            return new BakeCheck(BakeCheck.Status.PASSED, null, "no signal fired in " + progress.checks()
                    + " checks over " + bake.durationSeconds() + "s: " + detail, progress, detail);
        }
        return new BakeCheck(BakeCheck.Status.BAKING, null, null, progress, detail);
    }

    /** The failed requests' share, in percent. */
    static double errorRate(BakeProgress progress) {
        return progress.requests() == 0 ? 0 : 100.0 * progress.errors() / progress.requests();
    }

    /** The probe's latency percentile over every response time so far (nearest rank), in milliseconds. */
    static Long latencyMs(BakeConfig.Probe probe, BakeProgress progress) {
        List<Duration> latencies = progress.latenciesMs().stream().map(ms -> Duration.ofMillis(ms)).toList();
        Duration p = Percentiles.of(latencies, probe.latencyPercentile());
        return p == null ? null : p.toMillis();
    }

    /** What this check saw: e.g. {@code check 3 of 20; alarms: orders-5xx OK; probe: 0 of 30 failed (0.0%), p90 12 ms}. */
    private static String detail(BakeConfig bake, BakeProgress progress, List<Alarms.AlarmState> alarms) {
        List<String> parts = new ArrayList<>();
        parts.add("check " + progress.checks() + " of " + bake.checks());
        if (!alarms.isEmpty()) {
            parts.add("alarms: " + String.join(", ", alarms.stream().map(a -> a.name() + " " + a.state()).toList()));
        }
        BakeConfig.Probe probe = bake.probe();
        if (probe != null) {
            Long latency = latencyMs(probe, progress);
            parts.add(String.format(Locale.ROOT, "probe: %d of %d failed (%.1f%%)%s", progress.errors(),
                    progress.requests(), errorRate(progress),
                    latency == null ? "" : ", p" + probe.latencyPercentile() + " " + latency + " ms"));
        }
        return String.join("; ", parts);
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
