package dev.serverlesscd.functions.deploy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * The cluster port: the few things the pipeline does to a Deployment (or, for rollout status and the image, a
 * StatefulSet of that name), and applying and pruning a release's objects. {@link KubernetesCluster} is the one
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

    /**
     * Applies the objects in the order given, each with server-side apply under {@code fieldManager} (conflicts
     * forced: the manifests are the truth); answers the {@code metadata.generation} of each object, by
     * {@code Kind/name}.
     */
    Map<String, Long> apply(String namespace, List<ObjectNode> objects, String fieldManager);

    /** Whether {@code Kind/name} exists in the namespace. */
    boolean exists(String namespace, String kind, String name);

    /** The names of the objects of {@code kind} in the namespace that carry every one of {@code labels}. */
    List<String> namesLabelled(String namespace, String kind, Map<String, String> labels);

    /**
     * Deletes {@code Kind/name} if it carries every one of {@code labels} (never anything else); answers whether it
     * deleted it (false: absent, or not labelled so).
     */
    boolean deleteIfLabelled(String namespace, String kind, String name, Map<String, String> labels);
}
