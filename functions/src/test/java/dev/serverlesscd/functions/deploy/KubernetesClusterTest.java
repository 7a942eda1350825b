package dev.serverlesscd.functions.deploy;

import static dev.serverlesscd.functions.deploy.Fixtures.IMAGE_A;
import static dev.serverlesscd.functions.deploy.Fixtures.IMAGE_B;
import static dev.serverlesscd.functions.deploy.Fixtures.NAME;
import static dev.serverlesscd.functions.deploy.Fixtures.NAMESPACE;
import static dev.serverlesscd.functions.deploy.Fixtures.REF;
import static dev.serverlesscd.functions.deploy.Fixtures.condition;
import static dev.serverlesscd.functions.deploy.Fixtures.generation;
import static dev.serverlesscd.functions.deploy.Fixtures.seed;
import static dev.serverlesscd.functions.deploy.Fixtures.writeStatus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The cluster port against Fabric8's mock API server in CRUD mode: a stateful API server, objects really stored. */
@Tag("unit")
@EnableKubernetesMockClient(crud = true)
class KubernetesClusterTest {
    KubernetesClient client;
    KubernetesCluster cluster;

    @BeforeEach
    void setUp() {
        cluster = new KubernetesCluster(client);
    }

    @Test
    void setImage_shouldSetTheImageAndAnnotateDeploymentAndPodTemplate_andReturnTheNewGeneration() {
        // GIVEN
        seed(client, IMAGE_A, 3);
        long before = generation(client);

        // WHEN
        ImageChange change = cluster.setImage(REF, "orders", IMAGE_B,
                Map.of("serverlesscd.dev/run-id", "run-1", "serverlesscd.dev/commit", "6113728"));

        // THEN
        Deployment stored = client.apps().deployments().inNamespace(NAMESPACE).withName(NAME).get();
        assertThat(change.previousImage()).isEqualTo(IMAGE_A);
        assertThat(change.image()).isEqualTo(IMAGE_B);
        assertThat(change.generation()).isGreaterThan(before).isEqualTo(stored.getMetadata().getGeneration());
        assertThat(stored.getSpec().getTemplate().getSpec().getContainers())
                .extracting(c -> c.getName() + "=" + c.getImage())
                .containsExactly("orders=" + IMAGE_B, "envoy=envoyproxy/envoy:v1.31.0");
        assertThat(stored.getMetadata().getAnnotations())
                .containsEntry("serverlesscd.dev/run-id", "run-1").containsEntry("serverlesscd.dev/commit", "6113728");
        assertThat(stored.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("serverlesscd.dev/run-id", "run-1").containsEntry("serverlesscd.dev/commit", "6113728");
    }

    @Test
    void setImage_shouldChangeThePodTemplate_evenWhenTheImageIsTheSame() {
        // GIVEN
        seed(client, IMAGE_A, 1);
        long before = generation(client);

        // WHEN
        ImageChange change = cluster.setImage(REF, "orders", IMAGE_A, Map.of("serverlesscd.dev/run-id", "run-2"));

        // THEN a new generation, so a new ReplicaSet rolls out
        assertThat(change.generation()).isGreaterThan(before);
    }

    @Test
    void currentImage_shouldThrowNamingNamespaceAndDeployment_whenTheDeploymentIsMissing() {
        // GIVEN no deployment at all

        // WHEN / THEN
        assertThatThrownBy(() -> cluster.currentImage(REF, "orders"))
                .isInstanceOf(DeploymentNotFoundException.class)
                .hasMessageContaining("Deploy.DeploymentNotFound")
                .hasMessageContaining("orders-staging/orders");
    }

    @Test
    void setImage_shouldThrowListingTheContainers_whenTheContainerIsMissing() {
        // GIVEN
        seed(client, IMAGE_A, 1);

        // WHEN / THEN
        assertThatThrownBy(() -> cluster.setImage(REF, "payments", IMAGE_B, Map.of()))
                .isInstanceOf(DeploymentNotFoundException.class)
                .hasMessageContaining("no container 'payments'")
                .hasMessageContaining("orders, envoy");
    }

    @Test
    void rolloutStatus_shouldBeProgressing_untilTheControllerObservesTheGeneration() {
        // GIVEN a change the controller has not seen yet
        ImageChange change = changedFromAToB(2);
        writeStatus(client, change.generation() - 1, 2, 2, 2, 2);

        // WHEN
        RolloutStatus status = cluster.rolloutStatus(REF, change.generation());

        // THEN
        assertThat(status.status()).isEqualTo(RolloutState.PROGRESSING);
        assertThat(status.reason()).isEqualTo("Waiting for deployment spec update to be observed...");
    }

    @Test
    void rolloutStatus_shouldBeProgressing_whileNewReplicasAreBeingUpdated() {
        // GIVEN
        ImageChange change = changedFromAToB(3);
        writeStatus(client, change.generation(), 4, 1, 3, 3, condition("Progressing", "True", "ReplicaSetUpdated"));

        // WHEN
        RolloutStatus status = cluster.rolloutStatus(REF, change.generation());

        // THEN
        assertThat(status).isEqualTo(new RolloutStatus(RolloutState.PROGRESSING,
                "Waiting for deployment \"orders\" rollout to finish: 1 out of 3 new replicas have been updated...", 3, 3));
    }

    @Test
    void rolloutStatus_shouldBeProgressing_whileOldReplicasAreTerminating() {
        // GIVEN
        ImageChange change = changedFromAToB(3);
        writeStatus(client, change.generation(), 4, 3, 3, 3);

        // WHEN
        RolloutStatus status = cluster.rolloutStatus(REF, change.generation());

        // THEN
        assertThat(status.status()).isEqualTo(RolloutState.PROGRESSING);
        assertThat(status.reason()).contains("1 old replicas are pending termination");
    }

    @Test
    void rolloutStatus_shouldBeProgressing_whileUpdatedReplicasAreNotAvailable() {
        // GIVEN
        ImageChange change = changedFromAToB(3);
        writeStatus(client, change.generation(), 3, 3, 2, 2);

        // WHEN
        RolloutStatus status = cluster.rolloutStatus(REF, change.generation());

        // THEN
        assertThat(status.status()).isEqualTo(RolloutState.PROGRESSING);
        assertThat(status.reason()).contains("2 of 3 updated replicas are available");
    }

    @Test
    void rolloutStatus_shouldBeComplete_whenAllReplicasAreUpdatedAndAvailable() {
        // GIVEN
        ImageChange change = changedFromAToB(3);
        writeStatus(client, change.generation(), 3, 3, 3, 3, condition("Progressing", "True", "NewReplicaSetAvailable"));

        // WHEN
        RolloutStatus status = cluster.rolloutStatus(REF, change.generation());

        // THEN
        assertThat(status).isEqualTo(new RolloutStatus(RolloutState.COMPLETE,
                "deployment \"orders\" successfully rolled out", 3, 3));
    }

    @Test
    void rolloutStatus_shouldBeFailed_whenTheProgressDeadlineIsExceeded() {
        // GIVEN
        ImageChange change = changedFromAToB(2);
        writeStatus(client, change.generation(), 3, 1, 2, 2,
                condition("Progressing", "False", "ProgressDeadlineExceeded"));

        // WHEN
        RolloutStatus status = cluster.rolloutStatus(REF, change.generation());

        // THEN
        assertThat(status.status()).isEqualTo(RolloutState.FAILED);
        assertThat(status.reason()).startsWith("deployment \"orders\" exceeded its progress deadline");
        assertThat(status.readyReplicas()).isEqualTo(2);
        assertThat(status.replicas()).isEqualTo(2);
    }

    @Test
    void rolloutStatus_shouldBeFailed_whenTheDeploymentIsOlderThanTheRolloutsGeneration() {
        // GIVEN a deployment recreated since the deploy (generation back to 1)
        seed(client, IMAGE_A, 1);
        writeStatus(client, 1, 1, 1, 1, 1);

        // WHEN
        RolloutStatus status = cluster.rolloutStatus(REF, 7);

        // THEN
        assertThat(status.status()).isEqualTo(RolloutState.FAILED);
        assertThat(status.reason()).contains("older than the generation 7");
    }

    @Test
    void readiness_shouldBeReady_whenAvailableWithAllReplicasReady() {
        // GIVEN
        seed(client, IMAGE_A, 2);
        writeStatus(client, generation(client), 2, 2, 2, 2, condition("Available", "True", "MinimumReplicasAvailable"));

        // WHEN
        Readiness readiness = cluster.readiness(REF);

        // THEN
        assertThat(readiness.ready()).isTrue();
        assertThat(readiness.detail()).isEqualTo(
                "deployment orders-staging/orders is available: 2/2 replicas ready, 2 available, 2 updated");
    }

    @Test
    void readiness_shouldNotBeReady_whenAReplicaIsNotReady() {
        // GIVEN
        seed(client, IMAGE_A, 2);
        writeStatus(client, generation(client), 2, 2, 1, 1, condition("Available", "True", "MinimumReplicasAvailable"));

        // WHEN
        Readiness readiness = cluster.readiness(REF);

        // THEN
        assertThat(readiness.ready()).isFalse();
        assertThat(readiness.detail()).contains("not fully ready: 1/2 replicas ready");
    }

    @Test
    void readiness_shouldNotBeReady_whenNoControllerHasReportedAnything() {
        // GIVEN a deployment without status
        seed(client, IMAGE_A, 2);

        // WHEN
        Readiness readiness = cluster.readiness(REF);

        // THEN
        assertThat(readiness.ready()).isFalse();
        assertThat(readiness.detail()).contains("reports no Available condition");
    }

    /** The Deployment created running A on {@code replicas} replicas, then set to B: the change a rollout follows. */
    private ImageChange changedFromAToB(int replicas) {
        seed(client, IMAGE_A, replicas);
        return cluster.setImage(REF, "orders", IMAGE_B, Map.of());
    }
}
