package dev.serverlesscd.functions.deploy;

import static dev.serverlesscd.functions.deploy.Fixtures.IMAGE_A;
import static dev.serverlesscd.functions.deploy.Fixtures.IMAGE_B;
import static dev.serverlesscd.functions.deploy.Fixtures.REF;
import static dev.serverlesscd.functions.deploy.Fixtures.deployment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The cluster port's error paths, against the mock API server in expectations mode: each answer is scripted. */
@Tag("unit")
@EnableKubernetesMockClient
class KubernetesClusterErrorsTest {
    static final String PATH = "/apis/apps/v1/namespaces/orders-staging/deployments/orders";

    KubernetesMockServer server;
    KubernetesClient client;

    @Test
    void setImage_shouldReadAndApplyAgain_whenTheUpdateAnswers409Conflict() {
        // GIVEN the first update conflicts with a concurrent change, the second goes through
        server.expect().get().withPath(PATH).andReturn(200, stored(IMAGE_A, 4L)).always();
        server.expect().put().withPath(PATH).andReturn(409, status(409, "Conflict",
                "Operation cannot be fulfilled on deployments.apps \"orders\": the object has been modified")).once();
        server.expect().put().withPath(PATH).andReturn(200, stored(IMAGE_B, 5L)).once();

        // WHEN
        ImageChange change = cluster().setImage(REF, "orders", IMAGE_B, Map.of());

        // THEN
        assertThat(change).isEqualTo(new ImageChange(IMAGE_A, IMAGE_B, 5L));
        assertThat(server.getRequestCount()).isEqualTo(4);
    }

    @Test
    void setImage_shouldReportTheConflict_whenEveryAttemptAnswers409() {
        // GIVEN
        server.expect().get().withPath(PATH).andReturn(200, stored(IMAGE_A, 4L)).always();
        server.expect().put().withPath(PATH).andReturn(409, status(409, "Conflict", "the object has been modified"))
                .always();

        // WHEN / THEN
        assertThatThrownBy(() -> cluster().setImage(REF, "orders", IMAGE_B, Map.of()))
                .isInstanceOf(ClusterException.class)
                .hasMessageContaining("Deploy.Conflict")
                .hasMessageContaining("orders-staging/orders")
                .hasMessageContaining(KubernetesCluster.MAX_ATTEMPTS + " updates in a row answered 409 Conflict")
                .satisfies(e -> assertThat(((ClusterException) e).code()).isEqualTo(409));
    }

    @Test
    void setImage_shouldReportTheServerError_whenTheUpdateAnswers500() {
        // GIVEN
        server.expect().get().withPath(PATH).andReturn(200, stored(IMAGE_A, 4L)).always();
        server.expect().put().withPath(PATH).andReturn(500, status(500, "InternalError", "etcdserver: request timed out"))
                .always();

        // WHEN / THEN
        assertThatThrownBy(() -> cluster().setImage(REF, "orders", IMAGE_B, Map.of()))
                .isInstanceOf(ClusterException.class)
                .hasMessageContaining("Deploy.ClusterError")
                .hasMessageContaining("could not update deployment orders-staging/orders")
                .hasMessageContaining("answered 500")
                .hasMessageContaining("etcdserver: request timed out");
    }

    @Test
    void rolloutStatus_shouldReportTheServerError_whenTheReadAnswers500() {
        // GIVEN
        server.expect().get().withPath(PATH).andReturn(500, status(500, "InternalError", "boom")).always();

        // WHEN / THEN
        assertThatThrownBy(() -> cluster().rolloutStatus(REF, 2))
                .isInstanceOf(ClusterException.class)
                .hasMessageContaining("could not read deployment orders-staging/orders")
                .hasMessageContaining("answered 500");
    }

    @Test
    void setImage_shouldNameNamespaceAndDeployment_whenTheDeploymentIsMissing() {
        // GIVEN the API server answers 404 for the deployment
        server.expect().get().withPath(PATH).andReturn(404, status(404, "NotFound",
                "deployments.apps \"orders\" not found")).always();

        // WHEN / THEN
        assertThatThrownBy(() -> cluster().setImage(REF, "orders", IMAGE_B, Map.of()))
                .isInstanceOf(DeploymentNotFoundException.class)
                .hasMessage("Deploy.DeploymentNotFound: deployment orders-staging/orders not found"
                        + " (namespace orders-staging, deployment orders)");
    }

    @Test
    void setImage_shouldReportTheMissingDeployment_whenItIsDeletedBetweenReadAndUpdate() {
        // GIVEN
        server.expect().get().withPath(PATH).andReturn(200, stored(IMAGE_A, 4L)).always();
        server.expect().put().withPath(PATH).andReturn(404, status(404, "NotFound", "gone")).always();

        // WHEN / THEN
        assertThatThrownBy(() -> cluster().setImage(REF, "orders", IMAGE_B, Map.of()))
                .isInstanceOf(DeploymentNotFoundException.class)
                .hasMessageContaining("orders-staging/orders");
    }

    @Test
    void setImage_shouldSayAccessWasDenied_whenTheUpdateAnswers403() {
        // GIVEN
        server.expect().get().withPath(PATH).andReturn(200, stored(IMAGE_A, 4L)).always();
        server.expect().put().withPath(PATH).andReturn(403, status(403, "Forbidden",
                "deployments.apps \"orders\" is forbidden: User \"deployer\" cannot update")).always();

        // WHEN / THEN
        assertThatThrownBy(() -> cluster().setImage(REF, "orders", IMAGE_B, Map.of()))
                .isInstanceOf(ClusterException.class)
                .hasMessageContaining("Deploy.ClusterAccessDenied")
                .hasMessageContaining("cannot update");
    }

    /** The mock's client, retrying a 5xx once after 10 ms instead of ten times with exponential backoff. */
    private KubernetesCluster cluster() {
        return new KubernetesCluster(new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder(client.getConfiguration())
                        .withRequestRetryBackoffLimit(1).withRequestRetryBackoffInterval(10).build())
                .build());
    }

    private static Deployment stored(String image, long generation) {
        Deployment deployment = deployment(image, 2);
        deployment.getMetadata().setGeneration(generation);
        deployment.getMetadata().setResourceVersion(String.valueOf(100 + generation));
        return deployment;
    }

    private static Status status(int code, String reason, String message) {
        return new StatusBuilder().withStatus("Failure").withCode(code).withReason(reason).withMessage(message).build();
    }
}
