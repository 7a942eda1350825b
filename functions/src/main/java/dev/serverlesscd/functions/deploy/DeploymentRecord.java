package dev.serverlesscd.functions.deploy;

import java.time.Instant;

/**
 * One item of a Deployment's history: what a run did to it, when. {@code image} is what the change set (or, for
 * ROLLED_BACK, the image rolled back to), {@code previousImage} what it replaced. commit, version and reason may be
 * null; {@code requestedBy} is who asked for a manual rollback (null for what a pipeline run did).
 */
public record DeploymentRecord(
        DeploymentRef ref,
        String environment,
        String runId,
        DeploymentStatus status,
        String image,
        String previousImage,
        String commit,
        String version,
        String reason,
        String requestedBy,
        Instant at) {
}
