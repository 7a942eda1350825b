package dev.serverlesscd.functions.bake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesscd.functions.bake.Alarms.AlarmState;
import dev.serverlesscd.functions.config.BakeConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The judge of a bake: alarms, the probe's error rate and latency percentile over the period so far, its end. */
@Tag("unit")
class BakeJudgeTest {
    /** 4 checks of 10 requests; at most 5% errors and a p90 of 200 ms; two alarms. */
    static final BakeConfig BAKE = new BakeConfig(120, 30, List.of("orders-5xx", "orders-latency"),
            new BakeConfig.Probe("/health", null, 10, 5, 200, 90));
    static final List<AlarmState> ALL_OK = List.of(new AlarmState("orders-5xx", "OK", "fine"),
            new AlarmState("orders-latency", "OK", "fine"));

    private static BakeProgress progress(int checks, int errors, List<Integer> latencies) {
        return new BakeProgress(checks, latencies.size(), errors, latencies, errors > 0 ? "GET x answered 503" : null);
    }

    private static List<Integer> times(int count, int ms) {
        return new ArrayList<>(Collections.nCopies(count, ms));
    }

    @Test
    void judge_shouldGoOnBaking_whileNoSignalFires_andPass_whenTheLastCheckIsMade() {
        BakeCheck second = BakeJudge.judge(BAKE, progress(2, 1, times(20, 50)), ALL_OK);
        BakeCheck last = BakeJudge.judge(BAKE, progress(4, 2, times(40, 50)), ALL_OK);

        assertThat(second.status()).isEqualTo(BakeCheck.Status.BAKING);
        assertThat(second.detail()).isEqualTo("check 2 of 4; alarms: orders-5xx OK, orders-latency OK; "
                + "probe: 1 of 20 failed (5.0%), p90 50 ms");
        assertThat(last.status()).isEqualTo(BakeCheck.Status.PASSED);
        assertThat(last.signal()).isNull();
        assertThat(last.reason()).isEqualTo("no signal fired in 4 checks over 120s: check 4 of 4; alarms: "
                + "orders-5xx OK, orders-latency OK; probe: 2 of 40 failed (5.0%), p90 50 ms");
    }

    @Test
    void judge_shouldFire_whenTheErrorRateOverTheChecksSoFarIsAboveTheMaximum() {
        // 5 of 40 failed: 12.5% > 5%
        BakeCheck check = BakeJudge.judge(BAKE, progress(4, 5, times(40, 50)), ALL_OK);

        assertThat(check.status()).isEqualTo(BakeCheck.Status.FIRED);
        assertThat(check.signal()).isEqualTo("probe error rate");
        assertThat(check.reason()).isEqualTo(
                "probe error rate 12.5% > 5% over 40 requests (5 failed; last: GET x answered 503)");
    }

    @Test
    void judge_shouldFire_whenTheLatencyPercentileIsAboveTheMaximum_byNearestRank() {
        // 20 answers: 17 fast, 3 slow; p90 is the 18th by rank: 340 ms
        List<Integer> latencies = times(17, 20);
        latencies.addAll(List.of(340, 360, 900));
        BakeCheck slow = BakeJudge.judge(BAKE, progress(2, 0, latencies), ALL_OK);
        // 2 slow of 20: the 18th is still fast
        List<Integer> fewSlow = times(18, 20);
        fewSlow.addAll(List.of(360, 900));
        BakeCheck fine = BakeJudge.judge(BAKE, progress(2, 0, fewSlow), ALL_OK);

        assertThat(slow.status()).isEqualTo(BakeCheck.Status.FIRED);
        assertThat(slow.signal()).isEqualTo("probe p90 latency");
        assertThat(slow.reason()).isEqualTo("probe p90 latency 340 ms > 200 ms over 20 requests");
        assertThat(fine.status()).isEqualTo(BakeCheck.Status.BAKING);
        assertThat(BakeJudge.latencyMs(new BakeConfig.Probe(null, null, 10, 5, 200, 99), progress(2, 0, fewSlow)))
                .isEqualTo(900);
    }

    @Test
    void judge_shouldFireOnAnAlarmInAlarm_first_withItsReason_andNotOnInsufficientData() {
        List<AlarmState> states = List.of(new AlarmState("orders-5xx", "INSUFFICIENT_DATA", "no datapoints"),
                new AlarmState("orders-latency", "ALARM",
                        "Threshold Crossed: 1 datapoint [412.0] was greater than the threshold (250.0)."));

        // even with the probe's error rate too high, the alarm is named
        BakeCheck check = BakeJudge.judge(BAKE, progress(1, 10, times(10, 50)), states);
        BakeCheck quiet = BakeJudge.judge(BAKE, progress(1, 0, times(10, 50)), List.of(states.get(0),
                new AlarmState("orders-latency", "OK", "fine")));

        assertThat(check.status()).isEqualTo(BakeCheck.Status.FIRED);
        assertThat(check.signal()).isEqualTo("alarm orders-latency");
        assertThat(check.reason()).isEqualTo("alarm orders-latency is in ALARM: Threshold Crossed: 1 datapoint "
                + "[412.0] was greater than the threshold (250.0).");
        assertThat(quiet.status()).isEqualTo(BakeCheck.Status.BAKING);
    }

    @Test
    void judge_shouldJudgeAlarmsOnly_whenThereIsNoProbe_andNoLatency_whenNoMaximumIsSet() {
        BakeConfig alarmsOnly = new BakeConfig(60, 30, List.of("orders-5xx"), null);
        BakeConfig errorsOnly = new BakeConfig(60, 30, List.of(), new BakeConfig.Probe(null, null, 10, 5, null, 90));

        BakeCheck alarms = BakeJudge.judge(alarmsOnly, progress(2, 0, List.of()), ALL_OK.subList(0, 1));
        BakeCheck slowButFine = BakeJudge.judge(errorsOnly, progress(2, 0, times(20, 5_000)), List.of());

        assertThat(alarms.status()).isEqualTo(BakeCheck.Status.PASSED);
        assertThat(alarms.detail()).isEqualTo("check 2 of 2; alarms: orders-5xx OK");
        assertThat(slowButFine.status()).isEqualTo(BakeCheck.Status.PASSED);
    }
}
