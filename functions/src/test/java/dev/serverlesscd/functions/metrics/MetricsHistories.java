package dev.serverlesscd.functions.metrics;

import dev.serverlesscd.functions.approval.Approval;
import dev.serverlesscd.functions.approval.ApprovalStatus;
import dev.serverlesscd.functions.config.EnvironmentTarget;
import dev.serverlesscd.functions.deploy.DeploymentRecord;
import dev.serverlesscd.functions.deploy.DeploymentRef;
import dev.serverlesscd.functions.deploy.DeploymentStatus;
import dev.serverlesscd.functions.run.Run;
import dev.serverlesscd.functions.run.RunStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Test fixtures: histories built item by item, as the pipeline records them. */
final class MetricsHistories {
    static final String REPOSITORY = "acme/orders-service";
    static final DeploymentRef STAGING = new DeploymentRef("orders-staging", "orders");
    static final DeploymentRef PRODUCTION = new DeploymentRef("orders-production", "orders");

    final List<DeploymentRecord> deployments = new ArrayList<>();
    final Map<String, Run> runs = new HashMap<>();
    final List<Approval> approvals = new ArrayList<>();

    static Instant at(String time) {
        return Instant.parse(time);
    }

    /** A run of {@code branch} created at {@code createdAt}, final at {@code endedAt} (null: still running). */
    Run run(String runId, String branch, Instant firstCommitAt, Instant createdAt, Instant endedAt, RunStatus status,
            String error, String cause) {
        Run run = new Run(runId, "d-" + runId, REPOSITORY, null, "push", "refs/heads/" + branch, branch, "main", null,
                "c0ffee", null, "octocat", List.of(), "v-" + runId, "full", true, List.of(), status, null, createdAt,
                endedAt == null ? createdAt : endedAt, error, cause, null, firstCommitAt);
        runs.put(runId, run);
        return run;
    }

    Run run(String runId, String branch, Instant firstCommitAt, Instant createdAt) {
        return run(runId, branch, firstCommitAt, createdAt, createdAt.plusSeconds(600), RunStatus.SUCCEEDED, null, null);
    }

    /** What a pipeline run did to a Deployment: DEPLOYING at {@code start}, then {@code outcome} at {@code end}. */
    MetricsHistories deploy(DeploymentRef ref, String environment, String runId, Instant start,
                            DeploymentStatus outcome, Instant end) {
        deployments.add(item(ref, environment, runId, DeploymentStatus.DEPLOYING, start, null));
        deployments.add(item(ref, environment, runId, outcome, end, null));
        return this;
    }

    /** A manual rollback (`pipeline rollback`) asked for by {@code who}. */
    MetricsHistories manualRollback(DeploymentRef ref, String environment, String rollbackId, Instant start,
                                    Instant end, String who) {
        deployments.add(item(ref, environment, rollbackId, DeploymentStatus.DEPLOYING, start, who));
        deployments.add(item(ref, environment, rollbackId, DeploymentStatus.SUCCEEDED, end, who));
        return this;
    }

    void approval(String id, String environment, Instant requestedAt, Instant decidedAt) {
        approvals.add(new Approval(id, "run-" + id, REPOSITORY, "c0ffee", "octocat", List.of(), "v1",
                new EnvironmentTarget(environment, "orders-" + environment, "orders", "orders", "/health", 1,
                        List.of("lead@example.com")),
                null, null, decidedAt == null ? ApprovalStatus.PENDING : ApprovalStatus.APPROVED, requestedAt,
                requestedAt.plusSeconds(86_400), decidedAt == null ? List.of() : List.of("lead@example.com"), null,
                decidedAt, null, null));
    }

    MetricsRecords records(Window window) {
        return new MetricsRecords(window,
                deployments.stream().filter(d -> window.contains(d.at())).toList(),
                runs,
                runs.values().stream().filter(r -> window.contains(r.createdAt())).toList(),
                approvals,
                Map.of(STAGING, REPOSITORY, PRODUCTION, REPOSITORY));
    }

    private static DeploymentRecord item(DeploymentRef ref, String environment, String runId, DeploymentStatus status,
                                         Instant at, String requestedBy) {
        return new DeploymentRecord(ref, environment, runId, status, "registry/orders@sha256:" + runId, null, null,
                null, status == DeploymentStatus.ROLLED_BACK ? "health check failed" : null, requestedBy, at);
    }
}
