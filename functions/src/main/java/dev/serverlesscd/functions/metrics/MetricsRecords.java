package dev.serverlesscd.functions.metrics;

import dev.serverlesscd.functions.approval.Approval;
import dev.serverlesscd.functions.deploy.DeploymentRecord;
import dev.serverlesscd.functions.deploy.DeploymentRef;
import dev.serverlesscd.functions.run.Run;
import java.util.List;
import java.util.Map;

/**
 * What the metrics are computed from, as the system records it: the deployment history items of the window (every
 * Deployment), the runs those items name (for commit times and refs), the runs created in the window, the approvals
 * requested in it, and which repository each Deployment belongs to (from the pipeline configuration).
 */
public record MetricsRecords(
        Window window,
        List<DeploymentRecord> deployments,
        Map<String, Run> runsById,
        List<Run> runs,
        List<Approval> approvals,
        Map<DeploymentRef, String> repositories) {

    public MetricsRecords {
        deployments = List.copyOf(deployments);
        runsById = Map.copyOf(runsById);
        runs = List.copyOf(runs);
        approvals = List.copyOf(approvals);
        repositories = Map.copyOf(repositories);
    }
}
