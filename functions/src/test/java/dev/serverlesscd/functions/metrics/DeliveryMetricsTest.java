package dev.serverlesscd.functions.metrics;

import static dev.serverlesscd.functions.metrics.MetricsHistories.PRODUCTION;
import static dev.serverlesscd.functions.metrics.MetricsHistories.REPOSITORY;
import static dev.serverlesscd.functions.metrics.MetricsHistories.STAGING;
import static dev.serverlesscd.functions.metrics.MetricsHistories.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesscd.functions.deploy.DeploymentStatus;
import dev.serverlesscd.functions.run.RunStatus;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The DORA metrics on constructed histories whose answers are worked out by hand in the comments (definitions in
 * docs/metrics.md).
 */
@Tag("unit")
class DeliveryMetricsTest {
    /** Two weeks from Monday 2 March 2026. */
    static final Window WINDOW = new Window(at("2026-03-02T00:00:00Z"), at("2026-03-16T00:00:00Z"));

    /**
     * Production over two weeks:
     * <ol>
     *   <li>r1: first commit 07:55, live at 10:05 (lead time 2 h 10 min);</li>
     *   <li>r2: deployed at 10:00 on the 3rd, health failed, rolled back at 10:10 (a failed change recovered in
     *       10 min; the rollback is rework);</li>
     *   <li>r3: no commit time recorded (created 09:00), live at 10:05 on the 4th (lead time 1 h 5 min), then needed
     *       the hotfix r4: a failed change, recovered when r4 went live at 12:04 (2 h 4 min after r3 started);</li>
     *   <li>r4: branch hotfix/price, first commit 11:00, live 12:04 (lead time 1 h 4 min): rework;</li>
     *   <li>r5 (second week): deployment FAILED at 10:06, not rolled back; the lead's manual rollback went live at
     *       11:02 (recovered in 62 min; the manual rollback is rework).</li>
     * </ol>
     * Plus r1 in staging at 09:00 and a production deploy the day before the window: neither counts for production.
     */
    static MetricsHistories history() {
        MetricsHistories h = new MetricsHistories();
        h.run("r0", "main", at("2026-02-28T09:00:00Z"), at("2026-02-28T09:30:00Z"));
        h.deploy(PRODUCTION, "production", "r0", at("2026-03-01T10:00:00Z"), DeploymentStatus.SUCCEEDED,
                at("2026-03-01T10:05:00Z"));
        h.run("r1", "main", at("2026-03-02T07:55:00Z"), at("2026-03-02T08:00:00Z"));
        h.deploy(STAGING, "staging", "r1", at("2026-03-02T09:00:00Z"), DeploymentStatus.SUCCEEDED,
                at("2026-03-02T09:04:00Z"));
        h.deploy(PRODUCTION, "production", "r1", at("2026-03-02T10:00:00Z"), DeploymentStatus.SUCCEEDED,
                at("2026-03-02T10:05:00Z"));
        h.run("r2", "main", at("2026-03-03T08:00:00Z"), at("2026-03-03T08:30:00Z"));
        h.deploy(PRODUCTION, "production", "r2", at("2026-03-03T10:00:00Z"), DeploymentStatus.ROLLED_BACK,
                at("2026-03-03T10:10:00Z"));
        h.run("r3", "main", null, at("2026-03-04T09:00:00Z"));
        h.deploy(PRODUCTION, "production", "r3", at("2026-03-04T10:00:00Z"), DeploymentStatus.SUCCEEDED,
                at("2026-03-04T10:05:00Z"));
        h.run("r4", "hotfix/price", at("2026-03-04T11:00:00Z"), at("2026-03-04T11:10:00Z"));
        h.deploy(PRODUCTION, "production", "r4", at("2026-03-04T12:00:00Z"), DeploymentStatus.SUCCEEDED,
                at("2026-03-04T12:04:00Z"));
        h.run("r5", "main", at("2026-03-10T09:00:00Z"), at("2026-03-10T09:10:00Z"));
        h.deploy(PRODUCTION, "production", "r5", at("2026-03-10T10:00:00Z"), DeploymentStatus.FAILED,
                at("2026-03-10T10:06:00Z"));
        h.manualRollback(PRODUCTION, "production", "rollback-1", at("2026-03-10T11:00:00Z"),
                at("2026-03-10T11:02:00Z"), "lead@example.com");
        return h;
    }

    @Test
    void compute_shouldGiveTheFiveDoraMetrics_ofProduction_withRollbacksAndAHotfix() {
        // WHEN
        MetricsReport report = DeliveryMetrics.compute(history().records(WINDOW), REPOSITORY, "production");

        // THEN
        MetricsReport.Dora dora = report.dora();
        // r1, r3, r4 went live: 3 in 2 weeks
        assertThat(dora.deployments()).isEqualTo(3);
        assertThat(dora.perWeek()).isEqualTo(1.5);
        // lead times 1h04 (r4), 1h05 (r3, from its creation), 2h10 (r1): median 1h05, p90 2h10
        assertThat(dora.leadTimeP50()).isEqualTo(Duration.ofMinutes(65));
        assertThat(dora.leadTimeP90()).isEqualTo(Duration.ofMinutes(130));
        // changes r1..r5; failed: r2 (rolled back), r3 (needed a hotfix), r5 (failed)
        assertThat(dora.changes()).isEqualTo(5);
        assertThat(dora.failedChanges()).isEqualTo(3);
        assertThat(dora.changeFailRate()).isEqualTo(0.6);
        // recoveries 10 min (r2), 62 min (r5), 124 min (r3): median 62 min
        assertThat(dora.recoveryP50()).isEqualTo(Duration.ofMinutes(62));
        assertThat(dora.recovered()).isEqualTo(3);
        assertThat(dora.unrecovered()).isZero();
        // deployments: r1, r2's rollback, r3, r4, the manual rollback; rework: r2's rollback, r4, the manual rollback
        assertThat(dora.allDeployments()).isEqualTo(5);
        assertThat(dora.reworkDeployments()).isEqualTo(3);
        assertThat(dora.reworkRate()).isEqualTo(0.6);
    }

    @Test
    void compute_shouldGiveAWeeklySeries_fromTheWindowsStart() {
        MetricsReport report = DeliveryMetrics.compute(history().records(WINDOW), REPOSITORY, "production");

        assertThat(report.weeks()).hasSize(2);
        MetricsReport.Week first = report.weeks().get(0);
        assertThat(first.start()).isEqualTo(at("2026-03-02T00:00:00Z"));
        assertThat(first.deployments()).isEqualTo(3);
        assertThat(first.leadTimeP50()).isEqualTo(Duration.ofMinutes(65));
        assertThat(first.changes()).isEqualTo(4);
        assertThat(first.failedChanges()).isEqualTo(2);
        assertThat(first.changeFailRate()).isEqualTo(0.5);
        assertThat(first.reworkDeployments()).isEqualTo(2);
        MetricsReport.Week second = report.weeks().get(1);
        assertThat(second.deployments()).isZero();
        assertThat(second.leadTimeP50()).isNull();
        assertThat(second.changes()).isEqualTo(1);
        assertThat(second.changeFailRate()).isEqualTo(1.0);
        assertThat(second.allDeployments()).isEqualTo(1);
        assertThat(second.reworkDeployments()).isEqualTo(1);
    }

    @Test
    void compute_shouldCountStagingApart_andEveryEnvironmentTogether() {
        MetricsRecords records = history().records(WINDOW);

        MetricsReport staging = DeliveryMetrics.compute(records, REPOSITORY, "staging");
        MetricsReport all = DeliveryMetrics.compute(records, null, null);

        assertThat(staging.dora().deployments()).isEqualTo(1);
        assertThat(staging.dora().changeFailRate()).isEqualTo(0.0);
        assertThat(staging.dora().leadTimeP50()).isEqualTo(Duration.ofMinutes(69));
        assertThat(all.dora().deployments()).isEqualTo(4);
        assertThat(DeliveryMetrics.pairs(records)).extracting(e -> e.getValue())
                .containsExactly("production", "staging");
    }

    @Test
    void compute_shouldGiveNoRatesOrDurations_whenThereAreNoDeploysInTheWindow() {
        // GIVEN the same history, a window of the month before
        Window february = new Window(at("2026-02-01T00:00:00Z"), at("2026-02-22T00:00:00Z"));

        MetricsReport report = DeliveryMetrics.compute(history().records(february), REPOSITORY, "production");

        // THEN counts are zero and rates are not measured (null), not zero
        assertThat(report.dora().deployments()).isZero();
        assertThat(report.dora().perWeek()).isEqualTo(0.0);
        assertThat(report.dora().leadTimeP50()).isNull();
        assertThat(report.dora().changeFailRate()).isNull();
        assertThat(report.dora().recoveryP50()).isNull();
        assertThat(report.dora().reworkRate()).isNull();
        assertThat(report.weeks()).hasSize(3).allSatisfy(w -> assertThat(w.deployments()).isZero());
    }

    @Test
    void compute_shouldCountAFailureNotRecoveredInTheWindow_asUnrecovered() {
        MetricsHistories h = new MetricsHistories();
        h.run("r1", "main", at("2026-03-15T08:00:00Z"), at("2026-03-15T08:10:00Z"));
        h.deploy(PRODUCTION, "production", "r1", at("2026-03-15T10:00:00Z"), DeploymentStatus.FAILED,
                at("2026-03-15T10:03:00Z"));

        MetricsReport report = DeliveryMetrics.compute(h.records(WINDOW), REPOSITORY, "production");

        assertThat(report.dora().failedChanges()).isEqualTo(1);
        assertThat(report.dora().changeFailRate()).isEqualTo(1.0);
        assertThat(report.dora().recoveryP50()).isNull();
        assertThat(report.dora().unrecovered()).isEqualTo(1);
        assertThat(report.dora().reworkRate()).isNull();
    }

    @Test
    void compute_shouldGiveRunDurations_approvalWaits_andGateFailureReasons() {
        // GIVEN runs of 10, 20, 30 and 40 minutes, one still running; two failed their gates
        MetricsHistories h = new MetricsHistories();
        Instant t = at("2026-03-05T10:00:00Z");
        h.run("a", "main", null, t, t.plusSeconds(600), RunStatus.SUCCEEDED, null, null);
        h.run("b", "main", null, t, t.plusSeconds(1200), RunStatus.FAILED, "Gates.FAIL",
                "test: 2 of 14 tests failed; coverage: line coverage 70.0% is below 80.0%");
        h.run("c", "main", null, t.plusSeconds(60), t.plusSeconds(60 + 1800), RunStatus.FAILED, "Gates.FAIL",
                "test: 1 of 14 tests failed");
        h.run("d", "main", null, t, t.plusSeconds(2400), RunStatus.SUCCEEDED, null, null);
        h.run("e", "main", null, t, null, RunStatus.RUNNING, null, null);
        // approvals decided after 30 and 90 minutes; one still pending; one of staging
        h.approval("p1", "production", t, t.plusSeconds(1800));
        h.approval("p2", "production", t, t.plusSeconds(5400));
        h.approval("p3", "production", t, null);
        h.approval("s1", "staging", t, t.plusSeconds(60));

        MetricsReport report = DeliveryMetrics.compute(h.records(WINDOW), REPOSITORY, "production");

        MetricsReport.PipelineNumbers pipeline = report.pipeline();
        assertThat(pipeline.runs()).isEqualTo(4);
        assertThat(pipeline.durationP50()).isEqualTo(Duration.ofMinutes(20));
        assertThat(pipeline.durationP90()).isEqualTo(Duration.ofMinutes(40));
        assertThat(pipeline.approvals()).isEqualTo(2);
        assertThat(pipeline.approvalWaitP50()).isEqualTo(Duration.ofMinutes(30));
        assertThat(pipeline.approvalWaitP90()).isEqualTo(Duration.ofMinutes(90));
        assertThat(pipeline.gateFailures()).containsExactly(
                new MetricsReport.GateFailure("test", 2, "test: 1 of 14 tests failed"),
                new MetricsReport.GateFailure("coverage", 1, "coverage: line coverage 70.0% is below 80.0%"));
    }

    @Test
    void window_shouldReadSince_andRefuseWhatItIsNot() {
        Instant now = at("2026-03-31T00:00:00Z");

        assertThat(Window.since("30d", now)).isEqualTo(new Window(at("2026-03-01T00:00:00Z"), now));
        assertThat(Window.since("2w", now).from()).isEqualTo(at("2026-03-17T00:00:00Z"));
        assertThat(Window.since("48h", now).from()).isEqualTo(at("2026-03-29T00:00:00Z"));
        assertThatThrownBy(() -> Window.since("30 days", now))
                .hasMessage("since must be a number and a unit: 30d, 12w or 48h (was '30 days')");
        assertThatThrownBy(() -> Window.since("500d", now)).hasMessage("since may be at most 400 days (was '500d')");
        assertThat(new Window(at("2026-03-01T00:00:00Z"), at("2026-03-10T00:00:00Z")).weeks())
                .extracting(Window::to).containsExactly(at("2026-03-08T00:00:00Z"), at("2026-03-10T00:00:00Z"));
    }
}
