package dev.serverlesscd.functions.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The metrics of one repository and environment (either null: all of them) over a window: the five DORA metrics
 * with the counts they come from, a weekly series, and the pipeline's own numbers. A rate or duration with nothing
 * to measure is null ("no deploys in the window"), never zero. Definitions in docs/metrics.md.
 */
public record MetricsReport(
        Window window,
        String repository,
        String environment,
        Dora dora,
        List<Week> weeks,
        PipelineNumbers pipeline) {

    /**
     * @param deployments        successful deployments of changes (pipeline runs): the deployment frequency
     * @param perWeek            deployments per week of the window
     * @param leadTimeP50        change lead time, median: first commit to its successful deployment
     * @param leadTimeP90        change lead time, 90th percentile
     * @param changes            change deployments that ended (succeeded, failed or rolled back)
     * @param failedChanges      of those, how many failed, were rolled back, or needed a rollback or hotfix after
     * @param changeFailRate     failedChanges / changes
     * @param recoveryP50        failed deployment recovery time, median: failed deployment to the next good one
     * @param recovered          failures recovered in the window
     * @param unrecovered        failures not (yet) recovered in the window
     * @param allDeployments     every deployment: changes that went live, rollbacks (automatic and manual), hotfixes
     * @param reworkDeployments  of those, rollbacks and hotfixes
     * @param reworkRate         reworkDeployments / allDeployments
     */
    public record Dora(
            int deployments,
            Double perWeek,
            Duration leadTimeP50,
            Duration leadTimeP90,
            int changes,
            int failedChanges,
            Double changeFailRate,
            Duration recoveryP50,
            int recovered,
            int unrecovered,
            int allDeployments,
            int reworkDeployments,
            Double reworkRate) {
    }

    /** One week of the series: its deployments, median lead time, change fail rate and rework. */
    public record Week(Instant start, int deployments, Duration leadTimeP50, int changes, int failedChanges,
                       Double changeFailRate, int allDeployments, int reworkDeployments) {
    }

    /**
     * @param runs             runs that ended in the window (created in it)
     * @param durationP50      run duration (received to final status), median
     * @param durationP90      90th percentile
     * @param approvals        approvals decided in the window
     * @param approvalWaitP50  time from request to decision, median
     * @param approvalWaitP90  90th percentile
     * @param gateFailures     why runs failed their gates, by stage, most frequent first
     */
    public record PipelineNumbers(int runs, Duration durationP50, Duration durationP90, int approvals,
                                  Duration approvalWaitP50, Duration approvalWaitP90, List<GateFailure> gateFailures) {
    }

    /** Runs whose gates failed on {@code stage}: how many, and the latest reason given. */
    public record GateFailure(String stage, int runs, String latestReason) {
    }
}
