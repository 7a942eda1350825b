package dev.serverlesscd.functions.deploy;

import java.util.List;
import java.util.Optional;

/**
 * Deployments per environment: the rollback targets, and later the source of DORA metrics. The DynamoDB adapter
 * is the only implementation; tests and the local runtime run it on DynamoDB Local.
 */
public interface DeploymentHistory {

    /** Appends an item; items are never changed afterwards. */
    void record(DeploymentRecord record);

    /** The newest SUCCEEDED deployment of {@code ref} whose image is not {@code excludedImage}. */
    Optional<DeploymentRecord> lastSucceeded(DeploymentRef ref, String excludedImage);

    /** The newest SUCCEEDED deployment of {@code ref} that deployed {@code version} (the run's version, as recorded). */
    Optional<DeploymentRecord> lastSucceededVersion(DeploymentRef ref, String version);

    /** The newest SUCCEEDED deployments of {@code ref}, newest first: what a manual rollback can go back to. */
    List<DeploymentRecord> succeeded(DeploymentRef ref, int limit);

    /** The newest item a run recorded for {@code ref} with this status. */
    Optional<DeploymentRecord> findByRun(DeploymentRef ref, String runId, DeploymentStatus status);

    /** The newest items for {@code ref}, newest first. */
    List<DeploymentRecord> recent(DeploymentRef ref, int limit);

    /** Every item of every Deployment recorded in {@code [from, to)}, oldest first: what metrics are computed on. */
    List<DeploymentRecord> between(java.time.Instant from, java.time.Instant to);
}
