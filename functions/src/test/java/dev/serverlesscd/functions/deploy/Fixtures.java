package dev.serverlesscd.functions.deploy;

import dev.serverlesscd.functions.config.EnvironmentTarget;
import dev.serverlesscd.functions.lambda.DeployHandler;
import dev.serverlesscd.functions.run.StageStatuses;
import dev.serverlesscd.functions.run.Supersession;
import dev.serverlesscd.functions.wiring.GivenPorts;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** Deployments and environments the deploy tests share. */
final class Fixtures {
    static final String NAMESPACE = "orders-staging";
    static final String NAME = "orders";
    static final DeploymentRef REF = new DeploymentRef(NAMESPACE, NAME);
    static final String REPO = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders";
    static final String DIGEST_A = "sha256:" + "a".repeat(64);
    static final String DIGEST_B = "sha256:" + "b".repeat(64);
    static final String DIGEST_C = "sha256:" + "c".repeat(64);
    static final String IMAGE_A = REPO + "@" + DIGEST_A;
    static final String IMAGE_B = REPO + "@" + DIGEST_B;
    static final String IMAGE_C = REPO + "@" + DIGEST_C;
    static final EnvironmentTarget STAGING =
            new EnvironmentTarget("staging", NAMESPACE, NAME, "orders", "/health", 0, List.of());
    /** The deploy function's tests' clock: what it records as the time of a change. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);

    private Fixtures() {
    }

    /** The Deploy function on {@code client}'s cluster and {@code history}: no health endpoints, locks or statuses. */
    static DeployHandler handler(KubernetesClient client, DeploymentHistory history, Clock clock) {
        return new DeployHandler(GivenPorts.builder()
                .cluster(new KubernetesCluster(client))
                .deployments(history)
                .healthEndpoints(HealthEndpoints.none())
                .probe(new JdkHttpProbe(Duration.ofSeconds(5)))
                .supersession(Supersession.NONE)
                .locks(EnvironmentLocks.NONE)
                .statuses(StageStatuses.off("not in this test"))
                .clock(clock)
                .build());
    }

    static Deployment deployment(String image, int replicas) {
        return new DeploymentBuilder()
                .withNewMetadata().withNamespace(NAMESPACE).withName(NAME).endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .withNewSelector().addToMatchLabels("app", NAME).endSelector()
                .withNewTemplate()
                .withNewMetadata().addToLabels("app", NAME).endMetadata()
                .withNewSpec()
                .addNewContainer().withName("orders").withImage(image).endContainer()
                .addNewContainer().withName("envoy").withImage("envoyproxy/envoy:v1.31.0").endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    /** Creates the namespace and the Deployment running {@code image}, and returns the stored Deployment. */
    static Deployment seed(KubernetesClient client, String image, int replicas) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
                .create();
        return client.apps().deployments().inNamespace(NAMESPACE).resource(deployment(image, replicas)).create();
    }

    /** Writes the status a deployment controller would, through the status subresource. */
    static void writeStatus(KubernetesClient client, long observedGeneration, int replicas, int updated, int ready,
                            int available, DeploymentCondition... conditions) {
        Deployment current = client.apps().deployments().inNamespace(NAMESPACE).withName(NAME).get();
        current.setStatus(new DeploymentStatusBuilder()
                .withObservedGeneration(observedGeneration)
                .withReplicas(replicas)
                .withUpdatedReplicas(updated)
                .withReadyReplicas(ready)
                .withAvailableReplicas(available)
                .withConditions(conditions)
                .build());
        client.apps().deployments().inNamespace(NAMESPACE).resource(current).updateStatus();
    }

    static DeploymentCondition condition(String type, String status, String reason) {
        return new DeploymentConditionBuilder().withType(type).withStatus(status).withReason(reason)
                .withMessage(type + " " + reason).build();
    }

    static long generation(KubernetesClient client) {
        return client.apps().deployments().inNamespace(NAMESPACE).withName(NAME).get().getMetadata().getGeneration();
    }
}
