package dev.serverlesscd.functions.deploy;

/**
 * What a deployment history item says happened.
 *
 * <ul>
 *   <li>{@code DEPLOYING}: the image was set (Deploy); the rollout is not verified yet.</li>
 *   <li>{@code SUCCEEDED}: the rollout completed and health passed (RecordDeployment). Only these are rollback
 *       targets.</li>
 *   <li>{@code FAILED}: the deployment failed and was not rolled back (RecordDeployment).</li>
 *   <li>{@code ROLLED_BACK}: {@code previousImage} failed and {@code image} was set in its place (Rollback).</li>
 * </ul>
 */
public enum DeploymentStatus {
    DEPLOYING,
    SUCCEEDED,
    FAILED,
    ROLLED_BACK
}
