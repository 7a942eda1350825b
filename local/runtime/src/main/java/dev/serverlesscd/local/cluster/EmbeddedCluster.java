package dev.serverlesscd.local.cluster;

import dev.serverlesscd.functions.config.EnvironmentTarget;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated Kubernetes cluster for local runs: Fabric8's mock API server in CRUD mode on localhost (a stateful
 * API server: objects are stored, versioned and served as the real one would), seeded with a namespace and a
 * Deployment per environment, and a {@link SimulatedDeploymentController} that moves Deployment status as the real
 * controller would. No pods or containers run and no image is pulled: {@link #description()} says so, and the
 * local runtime shows it to the user.
 */
public final class EmbeddedCluster implements AutoCloseable {
    public static final int REPLICAS = 2;
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedCluster.class);
    /** The mock web server logs every request at INFO through java.util.logging; held here so the level sticks. */
    private static final java.util.logging.Logger MOCK_WEB_SERVER_LOG = quiet("io.fabric8.mockwebserver");

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(java.util.logging.Level.WARNING);
        return logger;
    }

    private final KubernetesMockServer server;
    private final KubernetesClient client;
    private final SimulatedDeploymentController controller;
    private final ScheduledExecutorService loop;
    private final Duration stepInterval;

    private EmbeddedCluster(KubernetesMockServer server, KubernetesClient client, SimulatedDeploymentController controller,
                            Duration stepInterval) {
        this.server = server;
        this.client = client;
        this.controller = controller;
        this.stepInterval = stepInterval;
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "embedded-cluster-controller");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts the API server, creates each environment's namespace and Deployment running {@code initialImage},
     * brings them to a completed rollout, and starts the controller loop (one step per {@code stepInterval}).
     * Rollouts to images {@code failingImages} matches fail.
     */
    public static EmbeddedCluster start(List<EnvironmentTarget> environments, String initialImage,
                                        Predicate<String> failingImages, Duration stepInterval) {
        Objects.requireNonNull(environments, "environments");
        if (initialImage == null || initialImage.isBlank()) {
            throw new IllegalArgumentException("initialImage is missing: the seeded Deployments need an image to run");
        }
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        KubernetesClient client = server.createClient();
        Set<String> namespaces = new LinkedHashSet<>();
        environments.forEach(e -> namespaces.add(e.namespace()));
        SimulatedDeploymentController controller =
                new SimulatedDeploymentController(client, namespaces, failingImages, Clock.systemUTC());
        EmbeddedCluster cluster = new EmbeddedCluster(server, client, controller, stepInterval);
        try {
            cluster.seed(environments, initialImage);
            controller.settle(20);
            cluster.loop.scheduleWithFixedDelay(cluster::stepQuietly, stepInterval.toMillis(), stepInterval.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** As {@link #start(List, String, Predicate, Duration)}, every rollout succeeding, a step every 200 ms. */
    public static EmbeddedCluster start(List<EnvironmentTarget> environments, String initialImage) {
        return start(environments, initialImage, image -> false, Duration.ofMillis(200));
    }

    /** A client on the embedded API server (the local runtime's deploy functions use one of their own, by URL). */
    public KubernetesClient client() {
        return client;
    }

    /** The API server's URL, for {@code KUBE_MASTER_URL}. */
    public String masterUrl() {
        return client.getConfiguration().getMasterUrl();
    }

    public SimulatedDeploymentController controller() {
        return controller;
    }

    /** Rollouts to an image this matches fail (Progressing=False, ProgressDeadlineExceeded) from now on. */
    public void failRolloutsOf(Predicate<String> images) {
        controller.failRolloutsOf(images);
    }

    /** Every rollout from now on fails ({@code true}) or succeeds ({@code false}). */
    public void failRollouts(boolean fail) {
        controller.failRolloutsOf(image -> fail);
    }

    public String description() {
        return "Simulated Kubernetes cluster: Fabric8's mock API server (CRUD mode) at " + masterUrl()
                + ", with a built-in controller that moves Deployment status every " + stepInterval.toMillis()
                + " ms. No pods or containers run and no image is pulled: a rollout here shows the pipeline's"
                + " steps, not that the image works.";
    }

    @Override
    public void close() {
        loop.shutdownNow();
        try {
            loop.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.close();
        server.destroy();
    }

    private void seed(List<EnvironmentTarget> environments, String initialImage) {
        Set<String> seeded = new LinkedHashSet<>();
        for (EnvironmentTarget environment : environments) {
            if (client.namespaces().withName(environment.namespace()).get() == null) {
                client.namespaces().resource(new NamespaceBuilder()
                        .withNewMetadata().withName(environment.namespace()).endMetadata().build()).create();
            }
            if (!seeded.add(environment.namespace() + "/" + environment.deployment())) {
                continue;
            }
            client.apps().deployments().inNamespace(environment.namespace()).resource(new DeploymentBuilder()
                    .withNewMetadata()
                    .withNamespace(environment.namespace())
                    .withName(environment.deployment())
                    .addToLabels("app", environment.deployment())
                    .addToAnnotations("serverlesscd.dev/environment", environment.name())
                    .endMetadata()
                    .withNewSpec()
                    .withReplicas(REPLICAS)
                    .withProgressDeadlineSeconds(600)
                    .withNewSelector().addToMatchLabels("app", environment.deployment()).endSelector()
                    .withNewTemplate()
                    .withNewMetadata().addToLabels("app", environment.deployment()).endMetadata()
                    .withNewSpec()
                    .addNewContainer().withName(environment.container()).withImage(initialImage).endContainer()
                    .endSpec()
                    .endTemplate()
                    .endSpec()
                    .build()).create();
        }
    }

    private void stepQuietly() {
        try {
            controller.step();
        } catch (RuntimeException e) {
            if (loop.isShutdown()) {
                // closing: the step was interrupted with the client under it, which is no failure
                return;
            }
            // the loop must survive a failed step (a transient error); the next step tries again
            LOG.warn("simulated deployment controller step failed: {}", e.toString());
        }
    }
}
