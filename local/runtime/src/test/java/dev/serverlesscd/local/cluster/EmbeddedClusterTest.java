package dev.serverlesscd.local.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesscd.functions.config.EnvironmentTarget;
import dev.serverlesscd.functions.deploy.DeploymentRef;
import dev.serverlesscd.functions.deploy.ImageChange;
import dev.serverlesscd.functions.deploy.KubernetesCluster;
import dev.serverlesscd.functions.deploy.RolloutState;
import dev.serverlesscd.functions.deploy.RolloutStatus;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The embedded cluster and its simulated controller, judged by the pipeline's own cluster adapter: what
 * {@link KubernetesCluster} reads from it is what the deploy functions will see in a local run.
 */
@Tag("unit")
class EmbeddedClusterTest {
    static final String GOOD_V1 = "registry.local/orders@sha256:" + "1".repeat(64);
    static final String GOOD_V2 = "registry.local/orders@sha256:" + "2".repeat(64);
    static final String BROKEN = "registry.local/orders@sha256:" + "dead".repeat(16);
    static final List<EnvironmentTarget> ENVIRONMENTS = List.of(
            new EnvironmentTarget("staging", "orders-staging", "orders", "orders", "/health", 0, List.of()),
            new EnvironmentTarget("production", "orders-production", "orders", "orders", "/health", 1,
                    List.of("lead@example.com")));
    static final DeploymentRef STAGING = new DeploymentRef("orders-staging", "orders");

    EmbeddedCluster embedded;
    SimulatedDeploymentController controller;
    KubernetesCluster cluster;

    @BeforeEach
    void start() {
        // a long interval: these tests step the controller by hand, except the one that waits for the loop
        embedded = EmbeddedCluster.start(ENVIRONMENTS, GOOD_V1, BROKEN::equals, Duration.ofHours(1));
        controller = embedded.controller();
        cluster = new KubernetesCluster(embedded.client());
    }

    @AfterEach
    void stop() {
        embedded.close();
    }

    @Test
    void start_shouldSeedANamespaceAndAReadyDeploymentPerEnvironment() {
        // WHEN started (above)

        // THEN
        for (EnvironmentTarget environment : ENVIRONMENTS) {
            DeploymentRef ref = new DeploymentRef(environment.namespace(), environment.deployment());
            assertThat(embedded.client().namespaces().withName(environment.namespace()).get()).isNotNull();
            assertThat(cluster.currentImage(ref, "orders")).isEqualTo(GOOD_V1);
            assertThat(cluster.readiness(ref).ready()).isTrue();
            assertThat(cluster.rolloutStatus(ref, 1).status()).isEqualTo(RolloutState.COMPLETE);
        }
    }

    @Test
    void step_shouldObserveTheNewGenerationThenRollItOutOverACoupleOfSteps() {
        // GIVEN a new image set by the pipeline's adapter
        ImageChange change = cluster.setImage(STAGING, "orders", GOOD_V2, Map.of("serverlesscd.dev/run-id", "run-1"));
        assertThat(cluster.rolloutStatus(STAGING, change.generation()).reason())
                .isEqualTo("Waiting for deployment spec update to be observed...");

        // WHEN the controller steps once
        controller.step();

        // THEN the generation is observed, nothing updated yet
        RolloutStatus observed = cluster.rolloutStatus(STAGING, change.generation());
        assertThat(observed.status()).isEqualTo(RolloutState.PROGRESSING);
        assertThat(observed.reason()).contains("0 out of 2 new replicas have been updated");
        assertThat(condition("Progressing")).isEqualTo("True/ReplicaSetUpdated");

        // WHEN it steps until settled
        int steps = controller.settle(10);

        // THEN the rollout is complete and the deployment ready
        assertThat(steps).isBetween(1, 3);
        assertThat(cluster.rolloutStatus(STAGING, change.generation()))
                .isEqualTo(new RolloutStatus(RolloutState.COMPLETE, "deployment \"orders\" successfully rolled out", 2, 2));
        assertThat(condition("Progressing")).isEqualTo("True/NewReplicaSetAvailable");
        assertThat(cluster.readiness(STAGING).ready()).isTrue();
    }

    @Test
    void step_shouldRollOutTheReplicasAReleaseApplied_andAStatefulSetToo() throws Exception {
        // GIVEN a release that applies the Deployment with 3 replicas and a StatefulSet of 2
        ObjectMapper json = new ObjectMapper();
        ObjectNode deployment = (ObjectNode) json.readTree("""
                {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "orders", "namespace": "orders-staging"},
                 "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "orders"}},
                          "template": {"metadata": {"labels": {"app": "orders"}},
                                       "spec": {"containers": [{"name": "orders", "image": "%s"}]}}}}""".formatted(GOOD_V2));
        ObjectNode statefulSet = (ObjectNode) json.readTree("""
                {"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "ledger", "namespace": "orders-staging"},
                 "spec": {"replicas": 2, "serviceName": "ledger", "selector": {"matchLabels": {"app": "ledger"}},
                          "template": {"metadata": {"labels": {"app": "ledger"}},
                                       "spec": {"containers": [{"name": "ledger", "image": "%s"}]}}}}""".formatted(GOOD_V2));
        Map<String, Long> generations = cluster.apply("orders-staging", List.of(deployment, statefulSet), "serverless-cd");
        DeploymentRef ledger = new DeploymentRef("orders-staging", "ledger");
        assertThat(cluster.rolloutStatus(ledger, generations.get("StatefulSet/ledger")).reason())
                .isEqualTo("Waiting for statefulset spec update to be observed...");

        // WHEN the controller settles
        controller.settle(10);

        // THEN both rolled out with their replicas
        assertThat(cluster.rolloutStatus(STAGING, generations.get("Deployment/orders")))
                .isEqualTo(new RolloutStatus(RolloutState.COMPLETE, "deployment \"orders\" successfully rolled out", 3, 3));
        RolloutStatus ledgerStatus = cluster.rolloutStatus(ledger, generations.get("StatefulSet/ledger"));
        assertThat(ledgerStatus.status()).isEqualTo(RolloutState.COMPLETE);
        assertThat(ledgerStatus.readyReplicas()).isEqualTo(2);
        assertThat(cluster.readiness(ledger).ready()).isTrue();
        assertThat(cluster.currentImage(ledger, "ledger")).isEqualTo(GOOD_V2);

        // WHEN a broken image reaches the StatefulSet
        ((ObjectNode) statefulSet.at("/spec/template/spec/containers/0")).put("image", BROKEN);
        long broken = cluster.apply("orders-staging", List.of(statefulSet), "serverless-cd").get("StatefulSet/ledger");
        controller.settle(10);

        // THEN its rollout never completes
        assertThat(cluster.rolloutStatus(ledger, broken).status()).isEqualTo(RolloutState.PROGRESSING);
        assertThat(cluster.readiness(ledger).ready()).isFalse();
    }

    @Test
    void step_shouldFailARolloutOfAFailingImage_andTheRollbackShouldThenSucceed() {
        // GIVEN a broken image deployed
        ImageChange broken = cluster.setImage(STAGING, "orders", BROKEN, Map.of());

        // WHEN the controller settles
        controller.settle(10);

        // THEN the rollout failed, the old replicas still serve, and it stays failed
        RolloutStatus failed = cluster.rolloutStatus(STAGING, broken.generation());
        assertThat(failed.status()).isEqualTo(RolloutState.FAILED);
        assertThat(failed.reason()).startsWith("deployment \"orders\" exceeded its progress deadline");
        assertThat(failed.readyReplicas()).isEqualTo(2);
        assertThat(condition("Progressing")).isEqualTo("False/ProgressDeadlineExceeded");
        assertThat(controller.step()).isZero();

        // WHEN rolled back to the good image
        ImageChange rollback = cluster.setImage(STAGING, "orders", GOOD_V1, Map.of("serverlesscd.dev/rollback-of", BROKEN));
        controller.settle(10);

        // THEN
        assertThat(cluster.rolloutStatus(STAGING, rollback.generation()).status()).isEqualTo(RolloutState.COMPLETE);
        assertThat(cluster.readiness(STAGING).ready()).isTrue();
    }

    @Test
    void failRollouts_shouldFailEveryRolloutFromNowOn_untilSwitchedOff() {
        // GIVEN
        embedded.failRollouts(true);

        // WHEN
        ImageChange change = cluster.setImage(STAGING, "orders", GOOD_V2, Map.of());
        controller.settle(10);

        // THEN
        assertThat(cluster.rolloutStatus(STAGING, change.generation()).status()).isEqualTo(RolloutState.FAILED);

        // WHEN switched off and rolled out again
        embedded.failRollouts(false);
        ImageChange again = cluster.setImage(STAGING, "orders", GOOD_V2, Map.of("serverlesscd.dev/run-id", "run-2"));
        controller.settle(10);

        // THEN
        assertThat(cluster.rolloutStatus(STAGING, again.generation()).status()).isEqualTo(RolloutState.COMPLETE);
    }

    @Test
    void theControllerLoop_shouldCompleteARolloutOnItsOwn() throws InterruptedException {
        // GIVEN a cluster whose controller steps every 20 ms
        try (EmbeddedCluster fast = EmbeddedCluster.start(ENVIRONMENTS, GOOD_V1, image -> false, Duration.ofMillis(20))) {
            KubernetesCluster adapter = new KubernetesCluster(fast.client());

            // WHEN
            ImageChange change = adapter.setImage(STAGING, "orders", GOOD_V2, Map.of());

            // THEN within a few seconds, as a CheckRollout loop would see it
            RolloutStatus status = adapter.rolloutStatus(STAGING, change.generation());
            for (int i = 0; i < 100 && status.status() == RolloutState.PROGRESSING; i++) {
                Thread.sleep(50);
                status = adapter.rolloutStatus(STAGING, change.generation());
            }
            assertThat(status.status()).isEqualTo(RolloutState.COMPLETE);
        }
    }

    @Test
    void description_shouldSayPlainlyThatTheClusterIsSimulated() {
        assertThat(embedded.description())
                .startsWith("Simulated Kubernetes cluster")
                .contains(embedded.masterUrl())
                .contains("No pods or containers run");
    }

    private String condition(String type) {
        Deployment deployment = embedded.client().apps().deployments().inNamespace("orders-staging").withName("orders").get();
        return deployment.getStatus().getConditions().stream().filter(c -> type.equals(c.getType()))
                .map(c -> c.getStatus() + "/" + c.getReason()).findFirst().orElse("none");
    }
}
