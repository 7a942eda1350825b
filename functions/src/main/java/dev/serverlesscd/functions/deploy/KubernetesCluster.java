package dev.serverlesscd.functions.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The cluster port on the Kubernetes API, through one Fabric8 client built elsewhere (once per container) and
 * passed in. Changes are read-modify-write with the resourceVersion the read returned, so a concurrent change
 * answers 409 Conflict; the change is then read and applied again, a few times, before giving up with a
 * {@link ClusterException} that says so.
 */
public final class KubernetesCluster implements Cluster {
    /** The reason the deployment controller puts on the Progressing condition when a rollout times out. */
    public static final String PROGRESS_DEADLINE_EXCEEDED = "ProgressDeadlineExceeded";
    static final int MAX_ATTEMPTS = 5;

    private final KubernetesClient client;

    public KubernetesCluster(KubernetesClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    public String currentImage(DeploymentRef ref, String container) {
        return container(ref, read(ref), container).getImage();
    }

    @Override
    public ImageChange setImage(DeploymentRef ref, String container, String image, Map<String, String> annotations) {
        KubernetesClientException lastConflict = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Deployment deployment = read(ref);
            Container target = container(ref, deployment, container);
            String previous = target.getImage();
            target.setImage(image);
            deployment.getMetadata().setAnnotations(merged(deployment.getMetadata().getAnnotations(), annotations));
            ObjectMeta templateMeta = deployment.getSpec().getTemplate().getMetadata();
            if (templateMeta == null) {
                templateMeta = new ObjectMeta();
                deployment.getSpec().getTemplate().setMetadata(templateMeta);
            }
            templateMeta.setAnnotations(merged(templateMeta.getAnnotations(), annotations));
            try {
                Deployment updated = client.apps().deployments().inNamespace(ref.namespace()).resource(deployment).update();
                Long generation = updated.getMetadata().getGeneration();
                if (generation == null) {
                    throw new ClusterException("Deploy.ClusterError", 0, "the API server accepted the change to "
                            + ref + " but returned no metadata.generation to follow the rollout by", null);
                }
                return new ImageChange(previous, image, generation);
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw translate(e, "update deployment", ref);
                }
                lastConflict = e;
            }
        }
        throw new ClusterException("Deploy.Conflict", 409, "deployment " + ref + " kept changing under us: "
                + MAX_ATTEMPTS + " updates in a row answered 409 Conflict (" + message(lastConflict) + ")", lastConflict);
    }

    /**
     * The rollout's state, decided as {@code kubectl rollout status deployment/<name>} decides it (kubectl,
     * {@code pkg/polymorphichelpers/rollout_status.go}, {@code DeploymentStatusViewer.Status}): until the
     * controller has observed the Deployment's generation the rollout is waiting; once it has, a Progressing
     * condition with reason {@code ProgressDeadlineExceeded} fails it; fewer updated replicas than desired, old
     * replicas still present, or fewer available than updated replicas keep it waiting; otherwise it is complete.
     * In addition, {@code generation} is the one the deploy produced: a Deployment whose generation is lower than
     * that was deleted and created again since, and that rollout is not ours to report on.
     */
    @Override
    public RolloutStatus rolloutStatus(DeploymentRef ref, long generation) {
        Deployment deployment = read(ref);
        String name = ref.deployment();
        long current = Optional.ofNullable(deployment.getMetadata().getGeneration()).orElse(0L);
        DeploymentStatus status = Optional.ofNullable(deployment.getStatus()).orElseGet(DeploymentStatus::new);
        int desired = Optional.ofNullable(deployment.getSpec().getReplicas()).orElse(1);
        int ready = count(status.getReadyReplicas());
        if (current < generation) {
            return new RolloutStatus(RolloutState.FAILED, "deployment \"" + name + "\" is at generation " + current
                    + ", older than the generation " + generation + " this rollout produced: it was replaced", ready, desired);
        }
        long observed = Optional.ofNullable(status.getObservedGeneration()).orElse(0L);
        if (observed < current) {
            return new RolloutStatus(RolloutState.PROGRESSING,
                    "Waiting for deployment spec update to be observed...", ready, desired);
        }
        Optional<DeploymentCondition> progressing = condition(status, "Progressing");
        if (progressing.isPresent() && PROGRESS_DEADLINE_EXCEEDED.equals(progressing.get().getReason())) {
            return new RolloutStatus(RolloutState.FAILED, "deployment \"" + name + "\" exceeded its progress deadline"
                    + Optional.ofNullable(progressing.get().getMessage()).map(m -> ": " + m).orElse(""), ready, desired);
        }
        int updated = count(status.getUpdatedReplicas());
        int replicas = count(status.getReplicas());
        int available = count(status.getAvailableReplicas());
        if (updated < desired) {
            return new RolloutStatus(RolloutState.PROGRESSING, "Waiting for deployment \"" + name + "\" rollout to finish: "
                    + updated + " out of " + desired + " new replicas have been updated...", ready, desired);
        }
        if (replicas > updated) {
            return new RolloutStatus(RolloutState.PROGRESSING, "Waiting for deployment \"" + name + "\" rollout to finish: "
                    + (replicas - updated) + " old replicas are pending termination...", ready, desired);
        }
        if (available < updated) {
            return new RolloutStatus(RolloutState.PROGRESSING, "Waiting for deployment \"" + name + "\" rollout to finish: "
                    + available + " of " + updated + " updated replicas are available...", ready, desired);
        }
        return new RolloutStatus(RolloutState.COMPLETE, "deployment \"" + name + "\" successfully rolled out", ready, desired);
    }

    @Override
    public Readiness readiness(DeploymentRef ref) {
        Deployment deployment = read(ref);
        DeploymentStatus status = Optional.ofNullable(deployment.getStatus()).orElseGet(DeploymentStatus::new);
        int desired = Optional.ofNullable(deployment.getSpec().getReplicas()).orElse(1);
        int ready = count(status.getReadyReplicas());
        int available = count(status.getAvailableReplicas());
        int updated = count(status.getUpdatedReplicas());
        String counts = ready + "/" + desired + " replicas ready, " + available + " available, " + updated + " updated";
        if (desired == 0) {
            return new Readiness(false, "deployment " + ref + " is scaled to 0 replicas: nothing serves");
        }
        Optional<DeploymentCondition> availableCondition = condition(status, "Available");
        if (availableCondition.isPresent() && !"True".equals(availableCondition.get().getStatus())) {
            return new Readiness(false, "deployment " + ref + " is not Available ("
                    + availableCondition.get().getReason() + "): " + counts);
        }
        if (availableCondition.isEmpty()) {
            return new Readiness(false, "deployment " + ref + " reports no Available condition: " + counts);
        }
        boolean allReady = ready >= desired && available >= desired && updated >= desired;
        return new Readiness(allReady, "deployment " + ref + (allReady ? " is available: " : " is not fully ready: ") + counts);
    }

    private Deployment read(DeploymentRef ref) {
        Deployment deployment;
        try {
            deployment = client.apps().deployments().inNamespace(ref.namespace()).withName(ref.deployment()).get();
        } catch (KubernetesClientException e) {
            throw translate(e, "read deployment", ref);
        }
        if (deployment == null) {
            throw new DeploymentNotFoundException(ref);
        }
        if (deployment.getSpec() == null || deployment.getSpec().getTemplate() == null
                || deployment.getSpec().getTemplate().getSpec() == null) {
            throw new ClusterException("Deploy.ClusterError", 0, "deployment " + ref + " has no pod template", null);
        }
        return deployment;
    }

    private static Container container(DeploymentRef ref, Deployment deployment, String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidDeployRequestException("container is missing (deployment " + ref + ")");
        }
        List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
        return containers.stream()
                .filter(c -> name.equals(c.getName()))
                .findFirst()
                .orElseThrow(() -> new DeploymentNotFoundException(ref, name,
                        containers.stream().map(Container::getName).toList()));
    }

    private static Optional<DeploymentCondition> condition(DeploymentStatus status, String type) {
        return Optional.ofNullable(status.getConditions()).orElse(List.of()).stream()
                .filter(c -> type.equals(c.getType()))
                .findFirst();
    }

    private static Map<String, String> merged(Map<String, String> existing, Map<String, String> added) {
        Map<String, String> result = existing == null ? new HashMap<>() : new HashMap<>(existing);
        result.putAll(added);
        return result;
    }

    private static int count(Integer value) {
        return value == null ? 0 : value;
    }

    private static DeployException translate(KubernetesClientException e, String what, DeploymentRef ref) {
        if (e.getCode() == 404) {
            return new DeploymentNotFoundException(ref);
        }
        String error = switch (e.getCode()) {
            case 401, 403 -> "Deploy.ClusterAccessDenied";
            case 409 -> "Deploy.Conflict";
            default -> "Deploy.ClusterError";
        };
        String answer = e.getCode() > 0 ? "answered " + e.getCode() : "did not answer";
        return new ClusterException(error, e.getCode(),
                "could not " + what + " " + ref + ": the Kubernetes API " + answer + " (" + message(e) + ")", e);
    }

    private static String message(KubernetesClientException e) {
        if (e == null) {
            return "no detail";
        }
        if (e.getStatus() != null && e.getStatus().getMessage() != null) {
            return e.getStatus().getMessage();
        }
        return String.valueOf(e.getMessage());
    }
}
