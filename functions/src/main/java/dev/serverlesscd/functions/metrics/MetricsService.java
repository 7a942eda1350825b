package dev.serverlesscd.functions.metrics;

import dev.serverlesscd.functions.approval.ApprovalStore;
import dev.serverlesscd.functions.config.EnvironmentTarget;
import dev.serverlesscd.functions.config.PipelineConfig;
import dev.serverlesscd.functions.config.RepositoryConfig;
import dev.serverlesscd.functions.deploy.DeploymentHistory;
import dev.serverlesscd.functions.deploy.DeploymentRecord;
import dev.serverlesscd.functions.deploy.DeploymentRef;
import dev.serverlesscd.functions.run.Run;
import dev.serverlesscd.functions.run.RunStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads the records a window's metrics need (three index queries, and the runs of deployments made in the window
 * but created before it, one read each) and computes them with {@link DeliveryMetrics}: the pages, their JSON and
 * {@code pipeline metrics} all go through here, so they show the same figures.
 */
public final class MetricsService {
    private final RunStore runs;
    private final DeploymentHistory deployments;
    private final ApprovalStore approvals;
    private final PipelineConfig config;

    public MetricsService(RunStore runs, DeploymentHistory deployments, ApprovalStore approvals, PipelineConfig config) {
        this.runs = Objects.requireNonNull(runs, "runs");
        this.deployments = Objects.requireNonNull(deployments, "deployments");
        this.approvals = Objects.requireNonNull(approvals, "approvals");
        this.config = Objects.requireNonNull(config, "config");
    }

    /** The records of {@code window} (of one repository's runs when it is not null). */
    public MetricsRecords records(Window window, String repository) {
        List<DeploymentRecord> deployed = deployments.between(window.from(), window.to());
        List<Run> created = runs.createdBetween(repository, window.from(), window.to());
        Map<String, Run> byId = new HashMap<>();
        created.forEach(run -> byId.put(run.runId(), run));
        Map<DeploymentRef, String> repositories = repositories();
        for (DeploymentRecord record : deployed) {
            String owner = repositories.get(record.ref());
            boolean wanted = repository == null || owner == null || owner.equalsIgnoreCase(repository);
            if (wanted && record.requestedBy() == null && !byId.containsKey(record.runId())) {
                runs.find(record.runId()).ifPresent(run -> byId.put(run.runId(), run));
            }
        }
        return new MetricsRecords(window, deployed, byId, created,
                approvals.requestedBetween(window.from(), window.to()), repositories);
    }

    /**
     * One report per repository and environment the configuration names (only {@code repository} and
     * {@code environment} when given), in the configuration's order.
     */
    public List<MetricsReport> reports(Window window, String repository, String environment) {
        MetricsRecords records = records(window, repository);
        List<MetricsReport> reports = new ArrayList<>();
        for (RepositoryConfig repo : config.repositories().values()) {
            if (repository != null && !repo.name().equalsIgnoreCase(repository)) {
                continue;
            }
            for (String name : repo.environments().keySet()) {
                if (environment == null || environment.equals(name)) {
                    reports.add(DeliveryMetrics.compute(records, repo.name(), name));
                }
            }
        }
        return reports;
    }

    /** Which repository each configured Deployment belongs to. */
    public Map<DeploymentRef, String> repositories() {
        Map<DeploymentRef, String> owners = new LinkedHashMap<>();
        for (RepositoryConfig repo : config.repositories().values()) {
            for (EnvironmentTarget target : repo.environments().values()) {
                owners.put(new DeploymentRef(target.namespace(), target.deployment()), repo.name());
            }
        }
        return owners;
    }
}
