package dev.serverlesscd.functions.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.serverlesscd.functions.common.Json;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What {@link KubernetesCluster#apply} asks of a real API server: server-side apply, field manager serverless-cd,
 * conflicts forced; and a refusal named. The mock server in expectations mode records the request (in CRUD mode it
 * does not take apply patches: that path is {@link ReleaseDeployTest}'s).
 */
@Tag("unit")
@EnableKubernetesMockClient
class ServerSideApplyTest {
    static final String PATH = "/api/v1/namespaces/orders-staging/configmaps/orders-config-0123456789";

    KubernetesMockServer server;
    KubernetesClient client;

    @Test
    void apply_shouldSendAServerSideApplyPatch_withTheProjectAsFieldManager_andConflictsForced() throws Exception {
        // GIVEN
        server.expect().patch().withPath(PATH + "?fieldManager=serverless-cd&force=true")
                .andReturn(200, "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"orders-config-0123456789\","
                        + "\"namespace\":\"orders-staging\",\"generation\":1}}").once();

        // WHEN
        Map<String, Long> generations = new KubernetesCluster(client).apply("orders-staging", List.of(configMap()), "serverless-cd");

        // THEN
        RecordedRequest request = server.getLastRequest();
        assertThat(request.getMethod()).isEqualTo("PATCH");
        assertThat(request.getHeader("Content-Type")).startsWith("application/apply-patch+yaml");
        assertThat(request.getBody().readUtf8()).contains("orders-config-0123456789", "GREETING");
        assertThat(generations).containsEntry("ConfigMap/orders-config-0123456789", 1L);
    }

    @Test
    void apply_shouldNameTheObject_whenTheApiServerRefusesIt() throws Exception {
        server.expect().patch().withPath(PATH + "?fieldManager=serverless-cd&force=true")
                .andReturn(403, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":403,"
                        + "\"reason\":\"Forbidden\",\"message\":\"configmaps is forbidden\"}").always();

        assertThatThrownBy(() -> new KubernetesCluster(client).apply("orders-staging", List.of(configMap()), "serverless-cd"))
                .isInstanceOf(ClusterException.class)
                .hasMessageStartingWith("Deploy.ClusterAccessDenied: could not apply ConfigMap/orders-config-0123456789"
                        + " in orders-staging: the Kubernetes API answered 403 (configmaps is forbidden)");
    }

    private static ObjectNode configMap() throws Exception {
        return (ObjectNode) Json.MAPPER.readTree("""
                {"apiVersion": "v1", "kind": "ConfigMap",
                 "metadata": {"name": "orders-config-0123456789", "namespace": "orders-staging"},
                 "data": {"GREETING": "hello"}}""");
    }
}
