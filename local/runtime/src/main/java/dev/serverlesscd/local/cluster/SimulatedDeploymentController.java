package dev.serverlesscd.local.cluster;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A stand-in for Kubernetes' deployment controller on the embedded API server, where no pods run. Each
 * {@link #step()} looks at every Deployment in the watched namespaces and moves its status one step, the way the
 * real controller's status moves during a rolling update:
 *
 * <ol>
 *   <li>the pod template changed ({@code metadata.generation > status.observedGeneration}): the new generation is
 *       observed, no replica is updated yet, Progressing=True {@code ReplicaSetUpdated};</li>
 *   <li>half the replicas (at least one) are updated per step;</li>
 *   <li>all are updated, ready and available: Progressing=True {@code NewReplicaSetAvailable},
 *       Available=True.</li>
 * </ol>
 *
 * A rollout whose image the failure rule matches fails instead at step 2: one new replica that never becomes ready,
 * the old ones still serving, Progressing=False {@code ProgressDeadlineExceeded}, and it stays so until the pod
 * template changes again (a rollback). Status is written through the status subresource with the resourceVersion
 * just read; a conflict leaves the Deployment for the next step. The replicas are the Deployment's own
 * ({@code spec.replicas}, as the manifests a release applied set them).
 *
 * <p>StatefulSets move the same way as far as their rollout status goes: the generation observed, then half the
 * replicas (at least one) updated to the new revision per step, then the current revision is the update revision
 * with all replicas ready; a rollout the failure rule matches stops with one replica updated and not ready.
 */
public final class SimulatedDeploymentController {
    static final String PROGRESSING = "Progressing";
    static final String AVAILABLE = "Available";
    static final String REPLICA_SET_UPDATED = "ReplicaSetUpdated";
    static final String NEW_REPLICA_SET_AVAILABLE = "NewReplicaSetAvailable";
    static final String PROGRESS_DEADLINE_EXCEEDED = "ProgressDeadlineExceeded";

    private final KubernetesClient client;
    private final Set<String> namespaces;
    private final Clock clock;
    private volatile Predicate<String> failingImages;

    public SimulatedDeploymentController(KubernetesClient client, Set<String> namespaces, Predicate<String> failingImages,
                                         Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.namespaces = Set.copyOf(namespaces);
        this.failingImages = Objects.requireNonNull(failingImages, "failingImages");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Rollouts to an image this matches fail from now on; rollouts already finished are not touched. */
    public void failRolloutsOf(Predicate<String> images) {
        this.failingImages = Objects.requireNonNull(images, "images");
    }

    /** One reconcile pass; returns how many Deployments changed status. */
    public synchronized int step() {
        int changed = 0;
        for (String namespace : namespaces) {
            for (Deployment deployment : client.apps().deployments().inNamespace(namespace).list().getItems()) {
                Optional<DeploymentStatus> next = next(deployment);
                if (next.isPresent()) {
                    deployment.setStatus(next.get());
                    try {
                        client.apps().deployments().inNamespace(namespace).resource(deployment).updateStatus();
                        changed++;
                    } catch (KubernetesClientException e) {
                        if (e.getCode() != 409 && e.getCode() != 404) {
                            throw e;
                        }
                        // changed or deleted since it was listed: the next step sees the new state
                    }
                }
            }
        }
        for (String namespace : namespaces) {
            for (StatefulSet statefulSet : client.apps().statefulSets().inNamespace(namespace).list().getItems()) {
                Optional<StatefulSetStatus> next = next(statefulSet);
                if (next.isPresent()) {
                    statefulSet.setStatus(next.get());
                    try {
                        client.apps().statefulSets().inNamespace(namespace).resource(statefulSet).updateStatus();
                        changed++;
                    } catch (KubernetesClientException e) {
                        if (e.getCode() != 409 && e.getCode() != 404) {
                            throw e;
                        }
                    }
                }
            }
        }
        return changed;
    }

    /** A StatefulSet's status after one step, or empty when its rollout is complete (or failed and unchanged). */
    Optional<StatefulSetStatus> next(StatefulSet statefulSet) {
        long generation = Optional.ofNullable(statefulSet.getMetadata().getGeneration()).orElse(1L);
        StatefulSetStatus status = Optional.ofNullable(statefulSet.getStatus()).orElseGet(StatefulSetStatus::new);
        int desired = Optional.ofNullable(statefulSet.getSpec().getReplicas()).orElse(1);
        String revision = statefulSet.getMetadata().getName() + "-" + Integer.toHexString(
                Objects.hash(statefulSet.getSpec().getTemplate().toString()) & 0xfffffff);
        if (Optional.ofNullable(status.getObservedGeneration()).orElse(0L) < generation) {
            return Optional.of(new StatefulSetStatusBuilder(status)
                    .withObservedGeneration(generation)
                    .withReplicas(desired)
                    .withUpdateRevision(revision)
                    .withCurrentRevision(status.getCurrentRevision() == null ? "none" : status.getCurrentRevision())
                    .withUpdatedReplicas(0)
                    .withReadyReplicas(Math.min(count(status.getReadyReplicas()), desired))
                    .build());
        }
        if (Objects.equals(status.getUpdateRevision(), status.getCurrentRevision())
                && count(status.getReadyReplicas()) == desired) {
            return Optional.empty();
        }
        boolean failing = statefulSet.getSpec().getTemplate().getSpec().getContainers().stream()
                .map(Container::getImage).filter(Objects::nonNull).anyMatch(failingImages);
        if (failing) {
            if (count(status.getUpdatedReplicas()) == 1 && count(status.getReadyReplicas()) == Math.max(0, desired - 1)) {
                return Optional.empty();
            }
            return Optional.of(new StatefulSetStatusBuilder(status).withUpdatedReplicas(1)
                    .withReadyReplicas(Math.max(0, desired - 1)).build());
        }
        int updated = Math.min(desired, count(status.getUpdatedReplicas()) + Math.max(1, desired / 2));
        StatefulSetStatusBuilder next = new StatefulSetStatusBuilder(status).withUpdatedReplicas(updated).withReadyReplicas(desired)
                .withCurrentReplicas(desired - updated);
        if (updated >= desired) {
            next.withCurrentRevision(status.getUpdateRevision()).withCurrentReplicas(desired);
        }
        return Optional.of(next.build());
    }

    /** Steps until nothing changes any more (at most {@code maxSteps}); returns the number of steps taken. */
    public int settle(int maxSteps) {
        int steps = 0;
        while (steps < maxSteps && step() > 0) {
            steps++;
        }
        return steps;
    }

    /** The status after one step, or empty when the Deployment is settled (complete, or failed and unchanged). */
    Optional<DeploymentStatus> next(Deployment deployment) {
        long generation = Optional.ofNullable(deployment.getMetadata().getGeneration()).orElse(1L);
        DeploymentStatus status = Optional.ofNullable(deployment.getStatus()).orElseGet(DeploymentStatus::new);
        long observed = Optional.ofNullable(status.getObservedGeneration()).orElse(0L);
        int desired = Optional.ofNullable(deployment.getSpec().getReplicas()).orElse(1);
        int ready = count(status.getReadyReplicas());
        String now = clock.instant().toString();

        if (observed < generation) {
            return Optional.of(new DeploymentStatusBuilder()
                    .withObservedGeneration(generation)
                    .withReplicas(desired)
                    .withUpdatedReplicas(0)
                    .withReadyReplicas(Math.min(ready, desired))
                    .withAvailableReplicas(Math.min(count(status.getAvailableReplicas()), desired))
                    .withConditions(available(Math.min(ready, desired) > 0 || desired == 0, now),
                            condition(PROGRESSING, "True", REPLICA_SET_UPDATED,
                                    "ReplicaSet \"" + replicaSet(deployment) + "\" is progressing.", now))
                    .build());
        }
        String reason = reason(status).orElse("");
        if (!REPLICA_SET_UPDATED.equals(reason)) {
            return Optional.empty();
        }
        if (failing(deployment)) {
            return Optional.of(new DeploymentStatusBuilder()
                    .withObservedGeneration(generation)
                    .withReplicas(desired + 1)
                    .withUpdatedReplicas(1)
                    .withReadyReplicas(ready)
                    .withAvailableReplicas(ready)
                    .withUnavailableReplicas(desired + 1 - ready)
                    .withConditions(available(ready > 0, now),
                            condition(PROGRESSING, "False", PROGRESS_DEADLINE_EXCEEDED,
                                    "ReplicaSet \"" + replicaSet(deployment) + "\" has timed out progressing.", now))
                    .build());
        }
        int updated = Math.min(desired, count(status.getUpdatedReplicas()) + Math.max(1, desired / 2));
        if (updated < desired) {
            return Optional.of(new DeploymentStatusBuilder(status)
                    .withUpdatedReplicas(updated)
                    .withReadyReplicas(desired)
                    .withAvailableReplicas(desired)
                    .build());
        }
        return Optional.of(new DeploymentStatusBuilder()
                .withObservedGeneration(generation)
                .withReplicas(desired)
                .withUpdatedReplicas(desired)
                .withReadyReplicas(desired)
                .withAvailableReplicas(desired)
                .withConditions(available(true, now),
                        condition(PROGRESSING, "True", NEW_REPLICA_SET_AVAILABLE,
                                "ReplicaSet \"" + replicaSet(deployment) + "\" has successfully progressed.", now))
                .build());
    }

    private boolean failing(Deployment deployment) {
        Predicate<String> rule = failingImages;
        return deployment.getSpec().getTemplate().getSpec().getContainers().stream()
                .map(Container::getImage)
                .filter(Objects::nonNull)
                .anyMatch(rule);
    }

    private static Optional<String> reason(DeploymentStatus status) {
        List<DeploymentCondition> conditions = Optional.ofNullable(status.getConditions()).orElse(new ArrayList<>());
        return conditions.stream().filter(c -> PROGRESSING.equals(c.getType())).map(DeploymentCondition::getReason)
                .filter(Objects::nonNull).findFirst();
    }

    private static DeploymentCondition available(boolean available, String now) {
        return available
                ? condition(AVAILABLE, "True", "MinimumReplicasAvailable", "Deployment has minimum availability.", now)
                : condition(AVAILABLE, "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability.", now);
    }

    private static DeploymentCondition condition(String type, String status, String reason, String message, String now) {
        return new DeploymentConditionBuilder().withType(type).withStatus(status).withReason(reason)
                .withMessage(message).withLastUpdateTime(now).withLastTransitionTime(now).build();
    }

    /** A name like the real controller's {@code <deployment>-<pod-template-hash>}, from the generation here. */
    private static String replicaSet(Deployment deployment) {
        return deployment.getMetadata().getName() + "-" + Integer.toHexString(
                Objects.hash(deployment.getSpec().getTemplate().toString()) & 0xfffffff);
    }

    private static int count(Integer value) {
        return value == null ? 0 : value;
    }
}
