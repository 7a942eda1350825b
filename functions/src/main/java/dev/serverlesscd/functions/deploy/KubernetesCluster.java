package dev.serverlesscd.functions.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.serverlesscd.functions.common.Json;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.HashMap;
import java.util.LinkedHashMap;
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

    /** The namespaced kinds a release may hold, by the class Fabric8 reads them as (Namespace is never pruned). */
    static final Map<String, Class<? extends HasMetadata>> NAMESPACED_KINDS = Map.of(
            "ConfigMap", ConfigMap.class, "Secret", Secret.class, "ServiceAccount", ServiceAccount.class,
            "Service", Service.class, "Deployment", Deployment.class, "StatefulSet", StatefulSet.class,
            "HorizontalPodAutoscaler", HorizontalPodAutoscaler.class, "PodDisruptionBudget", PodDisruptionBudget.class,
            "Ingress", Ingress.class);
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(KubernetesCluster.class);

    private final KubernetesClient client;
    private volatile boolean applyPatchRefused;

    public KubernetesCluster(KubernetesClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    public String currentImage(DeploymentRef ref, String container) {
        Object workload = workload(ref);
        if (workload instanceof StatefulSet statefulSet) {
            return container(ref, statefulSet.getSpec().getTemplate().getSpec().getContainers(), container).getImage();
        }
        return container(ref, (Deployment) workload, container).getImage();
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
        Object workload = workload(ref);
        if (workload instanceof StatefulSet statefulSet) {
            return statefulSetRollout(ref, statefulSet, generation);
        }
        Deployment deployment = (Deployment) workload;
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
        Object workload = workload(ref);
        if (workload instanceof StatefulSet statefulSet) {
            int desired = Optional.ofNullable(statefulSet.getSpec().getReplicas()).orElse(1);
            int ready = count(Optional.ofNullable(statefulSet.getStatus()).map(StatefulSetStatus::getReadyReplicas).orElse(0));
            boolean allReady = desired > 0 && ready >= desired;
            return new Readiness(allReady, "statefulset " + ref + (allReady ? " is ready: " : " is not fully ready: ")
                    + ready + "/" + desired + " replicas ready");
        }
        Deployment deployment = (Deployment) workload;
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
        Deployment deployment = deploymentOrNull(ref);
        if (deployment == null) {
            throw new DeploymentNotFoundException(ref);
        }
        return withTemplate(deployment, ref);
    }

    private Deployment deploymentOrNull(DeploymentRef ref) {
        try {
            return client.apps().deployments().inNamespace(ref.namespace()).withName(ref.deployment()).get();
        } catch (KubernetesClientException e) {
            throw translate(e, "read deployment", ref);
        }
    }

    private static Deployment withTemplate(Deployment deployment, DeploymentRef ref) {
        if (deployment.getSpec() == null || deployment.getSpec().getTemplate() == null
                || deployment.getSpec().getTemplate().getSpec() == null) {
            throw new ClusterException("Deploy.ClusterError", 0, "deployment " + ref + " has no pod template", null);
        }
        return deployment;
    }

    private static Container container(DeploymentRef ref, Deployment deployment, String name) {
        return container(ref, deployment.getSpec().getTemplate().getSpec().getContainers(), name);
    }

    private static Container container(DeploymentRef ref, List<Container> containers, String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidDeployRequestException("container is missing (deployment " + ref + ")");
        }
        return containers.stream()
                .filter(c -> name.equals(c.getName()))
                .findFirst()
                .orElseThrow(() -> new DeploymentNotFoundException(ref, name,
                        containers.stream().map(Container::getName).toList()));
    }

    /**
     * A StatefulSet's rollout as {@code kubectl rollout status statefulset/<name>} judges it (kubectl's
     * {@code StatefulSetStatusViewer}): the generation observed, all replicas ready, the updated replicas (above the
     * partition of a RollingUpdate) in place, and the current revision the update revision.
     */
    private static RolloutStatus statefulSetRollout(DeploymentRef ref, StatefulSet statefulSet, long generation) {
        String name = ref.deployment();
        long current = Optional.ofNullable(statefulSet.getMetadata().getGeneration()).orElse(0L);
        StatefulSetStatus status = Optional.ofNullable(statefulSet.getStatus()).orElseGet(StatefulSetStatus::new);
        int desired = Optional.ofNullable(statefulSet.getSpec().getReplicas()).orElse(1);
        int ready = count(status.getReadyReplicas());
        if (current < generation) {
            return new RolloutStatus(RolloutState.FAILED, "statefulset \"" + name + "\" is at generation " + current
                    + ", older than the generation " + generation + " this rollout produced: it was replaced", ready, desired);
        }
        if (Optional.ofNullable(status.getObservedGeneration()).orElse(0L) < current) {
            return new RolloutStatus(RolloutState.PROGRESSING, "Waiting for statefulset spec update to be observed...",
                    ready, desired);
        }
        if (ready < desired) {
            return new RolloutStatus(RolloutState.PROGRESSING, "Waiting for " + (desired - ready)
                    + " pods to be ready...", ready, desired);
        }
        int partition = Optional.ofNullable(statefulSet.getSpec().getUpdateStrategy())
                .map(strategy -> strategy.getRollingUpdate())
                .map(rolling -> rolling.getPartition()).orElse(0);
        if (count(status.getUpdatedReplicas()) < desired - partition) {
            return new RolloutStatus(RolloutState.PROGRESSING, "Waiting for partitioned roll out to finish: "
                    + count(status.getUpdatedReplicas()) + " out of " + (desired - partition) + " new pods have been updated...",
                    ready, desired);
        }
        if (partition == 0 && !Objects.equals(status.getUpdateRevision(), status.getCurrentRevision())) {
            return new RolloutStatus(RolloutState.PROGRESSING, "waiting for statefulset rolling update to complete "
                    + count(status.getUpdatedReplicas()) + " pods at revision " + status.getUpdateRevision() + "...",
                    ready, desired);
        }
        return new RolloutStatus(RolloutState.COMPLETE, "statefulset rolling update complete " + ready
                + " pods at revision " + status.getUpdateRevision(), ready, desired);
    }

    /** The StatefulSet of that name, or null. */
    private StatefulSet statefulSetOrNull(DeploymentRef ref) {
        StatefulSet statefulSet;
        try {
            statefulSet = client.apps().statefulSets().inNamespace(ref.namespace()).withName(ref.deployment()).get();
        } catch (KubernetesClientException e) {
            throw translate(e, "read statefulset", ref);
        }
        if (statefulSet != null && (statefulSet.getSpec() == null || statefulSet.getSpec().getTemplate() == null
                || statefulSet.getSpec().getTemplate().getSpec() == null)) {
            throw new ClusterException("Deploy.ClusterError", 0, "statefulset " + ref + " has no pod template", null);
        }
        return statefulSet;
    }

    /** The workload of the ref's name: the Deployment, else the StatefulSet; not found when neither exists. */
    private Object workload(DeploymentRef ref) {
        Deployment deployment = deploymentOrNull(ref);
        if (deployment != null) {
            return withTemplate(deployment, ref);
        }
        StatefulSet statefulSet = statefulSetOrNull(ref);
        if (statefulSet == null) {
            throw new DeploymentNotFoundException(ref);
        }
        return statefulSet;
    }

    @Override
    public Map<String, Long> apply(String namespace, List<ObjectNode> objects, String fieldManager) {
        Map<String, Long> generations = new LinkedHashMap<>();
        for (ObjectNode node : objects) {
            HasMetadata object = toResource(node);
            String key = object.getKind() + "/" + object.getMetadata().getName();
            HasMetadata applied;
            try {
                applied = applyOne(object, fieldManager);
            } catch (KubernetesClientException e) {
                throw new ClusterException(e.getCode() == 401 || e.getCode() == 403 ? "Deploy.ClusterAccessDenied"
                        : "Deploy.ClusterError", e.getCode(), "could not apply " + key + " in " + namespace
                        + ": the Kubernetes API " + (e.getCode() > 0 ? "answered " + e.getCode() : "did not answer")
                        + " (" + message(e) + ")", e);
            }
            generations.put(key, Optional.ofNullable(applied.getMetadata().getGeneration()).orElse(0L));
        }
        return generations;
    }

    /**
     * Server-side apply, conflicts forced. An API server that does not take {@code application/apply-patch+yaml}
     * (415: Fabric8's mock server, which the local runtime's cluster is) gets the same object created, or updated
     * in full over the stored one; said once in the log.
     */
    private HasMetadata applyOne(HasMetadata object, String fieldManager) {
        if (!applyPatchRefused) {
            try {
                return client.resource(object).fieldManager(fieldManager).forceConflicts().serverSideApply();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 415 && !(e.getCode() == 404 && client.resource(object).get() == null)) {
                    throw e;
                }
                if (e.getCode() == 415) {
                    applyPatchRefused = true;
                    LOG.warn("the Kubernetes API does not take server-side apply (415): objects are created or updated in full instead");
                }
            }
        }
        HasMetadata existing = client.resource(object).get();
        if (existing == null) {
            return client.resource(object).create();
        }
        object.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
        return client.resource(object).update();
    }

    private HasMetadata toResource(ObjectNode node) {
        try {
            Object parsed = client.getKubernetesSerialization().unmarshal(Json.MAPPER.writeValueAsString(node));
            if (parsed instanceof HasMetadata object) {
                return object;
            }
            throw new ManifestRefusedException(node.path("kind").asText() + "/" + node.path("metadata").path("name").asText()
                    + " is not a Kubernetes object Fabric8 knows");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a manifest could not be written as JSON: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean exists(String namespace, String kind, String name) {
        try {
            return client.resources(kindClass(kind)).inNamespace(namespace).withName(name).get() != null;
        } catch (KubernetesClientException e) {
            throw translate(e, "read " + kind, new DeploymentRef(namespace, name));
        }
    }

    @Override
    public List<String> namesLabelled(String namespace, String kind, Map<String, String> labels) {
        try {
            return client.resources(kindClass(kind)).inNamespace(namespace).withLabels(labels).list().getItems().stream()
                    .filter(item -> hasLabels(item, labels))
                    .map(item -> item.getMetadata().getName())
                    .sorted()
                    .toList();
        } catch (KubernetesClientException e) {
            throw new ClusterException("Deploy.ClusterError", e.getCode(), "could not list " + kind + " in " + namespace
                    + " (" + message(e) + ")", e);
        }
    }

    @Override
    public boolean deleteIfLabelled(String namespace, String kind, String name, Map<String, String> labels) {
        try {
            var resource = client.resources(kindClass(kind)).inNamespace(namespace).withName(name);
            HasMetadata live = resource.get();
            if (live == null || !hasLabels(live, labels)) {
                return false;
            }
            resource.delete();
            return true;
        } catch (KubernetesClientException e) {
            throw new ClusterException("Deploy.ClusterError", e.getCode(), "could not delete " + kind + "/" + name
                    + " in " + namespace + " (" + message(e) + ")", e);
        }
    }

    private static boolean hasLabels(HasMetadata object, Map<String, String> labels) {
        Map<String, String> live = Optional.ofNullable(object.getMetadata().getLabels()).orElse(Map.of());
        return labels.entrySet().stream().allMatch(label -> label.getValue().equals(live.get(label.getKey())));
    }

    private static Class<? extends HasMetadata> kindClass(String kind) {
        Class<? extends HasMetadata> type = NAMESPACED_KINDS.get(kind);
        if (type == null) {
            throw new IllegalArgumentException("kind " + kind + " is not one a release holds in a namespace");
        }
        return type;
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
