package dev.serverlesscd.functions.pages;

import dev.serverlesscd.functions.metrics.MetricsReport;
import java.util.Locale;

/** Each metric's figure as words, the one wording the metrics page and {@code pipeline metrics} both print. */
public final class MetricFigures {
    private MetricFigures() {
    }

    public static String deploymentFrequency(MetricsReport.Dora d) {
        return d.deployments() + " (" + String.format(Locale.ROOT, "%.1f", d.perWeek()) + " a week)";
    }

    public static String leadTime(MetricsReport.Dora d) {
        return "p50 " + Durations.format(d.leadTimeP50()) + ", p90 " + Durations.format(d.leadTimeP90());
    }

    public static String changeFailRate(MetricsReport.Dora d) {
        return Durations.percent(d.changeFailRate()) + " (" + d.failedChanges() + " of " + d.changes() + ")";
    }

    public static String recoveryTime(MetricsReport.Dora d) {
        return "p50 " + Durations.format(d.recoveryP50()) + " (" + d.recovered() + " recovered, " + d.unrecovered()
                + " not yet)";
    }

    public static String reworkRate(MetricsReport.Dora d) {
        return Durations.percent(d.reworkRate()) + " (" + d.reworkDeployments() + " of " + d.allDeployments() + ")";
    }

    public static String runDuration(MetricsReport.PipelineNumbers p) {
        return "p50 " + Durations.format(p.durationP50()) + ", p90 " + Durations.format(p.durationP90()) + " ("
                + p.runs() + " runs)";
    }

    public static String approvalWait(MetricsReport.PipelineNumbers p) {
        return "p50 " + Durations.format(p.approvalWaitP50()) + ", p90 " + Durations.format(p.approvalWaitP90())
                + " (" + p.approvals() + " decided)";
    }
}
