package dev.serverlesscd.functions.deploy;

import java.util.Map;

/**
 * The cluster port: the few things the pipeline does to a Deployment. {@link KubernetesCluster} is the one
 * implementation; it talks to EKS, a kubeconfig context or the local runtime's embedded API server alike.
 */
public interface Cluster {

    /** The image the container of the Deployment runs now. */
    String currentImage(DeploymentRef ref, String container);

    /**
     * Sets the container's image and adds the annotations to the Deployment and its pod template (so a new
     * ReplicaSet rolls out even when the image is the same).
     */
    ImageChange setImage(DeploymentRef ref, String container, String image, Map<String, String> annotations);

    /** The rollout of at least {@code generation}, judged the way {@code kubectl rollout status} judges it. */
    RolloutStatus rolloutStatus(DeploymentRef ref, long generation);

    /** Whether the Deployment is available with all its desired replicas updated and ready. */
    Readiness readiness(DeploymentRef ref);
}
