package dev.serverlesscd.functions.deploy;

import static dev.serverlesscd.functions.deploy.Fixtures.IMAGE_A;
import static dev.serverlesscd.functions.deploy.Fixtures.IMAGE_B;
import static dev.serverlesscd.functions.deploy.Fixtures.REF;
import static dev.serverlesscd.functions.deploy.Fixtures.condition;
import static dev.serverlesscd.functions.deploy.Fixtures.generation;
import static dev.serverlesscd.functions.deploy.Fixtures.seed;
import static dev.serverlesscd.functions.deploy.Fixtures.writeStatus;
import static dev.serverlesscd.functions.testing.StreamHandlers.invoke;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.serverlesscd.functions.common.Json;
import dev.serverlesscd.functions.lambda.RolloutStatusHandler;
import dev.serverlesscd.functions.run.StageStatuses;
import dev.serverlesscd.functions.run.Supersession;
import dev.serverlesscd.functions.testing.DynamoDbLocal;
import dev.serverlesscd.functions.wiring.GivenPorts;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The CheckRollout and HealthCheck contracts against the mock API server in CRUD mode; the HTTP probe against a
 * real HTTP server on localhost.
 */
@Tag("dynamodb")
@EnableKubernetesMockClient(crud = true)
class RolloutStatusHandlerTest {
    static final DynamoDbLocal DB = DynamoDbLocal.start();

    KubernetesClient client;
    HttpServer service;
    final AtomicInteger healthAnswer = new AtomicInteger(200);

    @AfterAll
    static void stop() {
        DB.close();
    }

    @BeforeEach
    void startService() throws IOException {
        service = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        service.createContext("/health", exchange -> {
            exchange.sendResponseHeaders(healthAnswer.get(), -1);
            exchange.close();
        });
        service.start();
    }

    @AfterEach
    void stopService() {
        service.stop(0);
    }

    @Test
    void rollout_shouldReportTheStatusTheControllerWrote() throws IOException {
        // GIVEN a rollout the controller reports as done
        seed(client, IMAGE_A, 2);
        ImageChange change = new KubernetesCluster(client).setImage(REF, "orders", IMAGE_B, Map.of());
        writeStatus(client, change.generation(), 2, 2, 2, 2, condition("Progressing", "True", "NewReplicaSetAvailable"));

        // WHEN
        JsonNode result = invoke(handler(HealthEndpoints.none()), """
                {"action": "rollout", "namespace": "orders-staging", "deployment": "orders", "generation": %d}"""
                .formatted(change.generation()));

        // THEN
        assertThat(result).isEqualTo(Json.MAPPER.readTree("""
                {"status": "COMPLETE", "reason": "deployment \\"orders\\" successfully rolled out",
                 "readyReplicas": 2, "replicas": 2}"""));
    }

    @Test
    void rollout_shouldReportFailed_whenTheProgressDeadlineIsExceeded() throws IOException {
        // GIVEN
        seed(client, IMAGE_A, 2);
        ImageChange change = new KubernetesCluster(client).setImage(REF, "orders", IMAGE_B, Map.of());
        writeStatus(client, change.generation(), 3, 1, 2, 2, condition("Progressing", "False", "ProgressDeadlineExceeded"));

        // WHEN
        JsonNode result = invoke(handler(HealthEndpoints.none()), """
                {"action": "rollout", "namespace": "orders-staging", "deployment": "orders", "generation": %d}"""
                .formatted(change.generation()));

        // THEN
        assertThat(result.get("status").asText()).isEqualTo("FAILED");
        assertThat(result.get("readyReplicas").asInt()).isEqualTo(2);
    }

    @Test
    void rollout_shouldRefuseARequestWithoutGeneration() {
        assertThatThrownBy(() -> invoke(handler(HealthEndpoints.none()),
                "{\"action\": \"rollout\", \"namespace\": \"orders-staging\", \"deployment\": \"orders\"}"))
                .isInstanceOf(InvalidDeployRequestException.class)
                .hasMessageContaining("generation is missing or not positive (deployment orders-staging/orders)");
    }

    @Test
    void health_shouldSayTheHttpProbeWasSkipped_whenNoBaseUrlIsConfigured() throws IOException {
        // GIVEN a ready deployment and no base URL for it
        seedReady();

        // WHEN
        JsonNode result = invoke(handler(HealthEndpoints.none()), healthRequest());

        // THEN
        assertThat(result.get("healthy").asBoolean()).isTrue();
        assertThat(result.get("detail").asText()).isEqualTo("deployment orders-staging/orders is available:"
                + " 2/2 replicas ready, 2 available, 2 updated; HTTP probe skipped: no base URL configured for"
                + " orders-staging/orders (HEALTH_BASE_URLS)");
    }

    @Test
    void health_shouldBeHealthy_whenReadyAndTheHealthPathAnswers200() throws IOException {
        // GIVEN
        seedReady();

        // WHEN
        JsonNode result = invoke(handler(endpointsForTheService()), healthRequest());

        // THEN
        assertThat(result.get("healthy").asBoolean()).isTrue();
        assertThat(result.get("detail").asText()).endsWith("; GET " + baseUrl() + "/health answered 200");
    }

    @Test
    void health_shouldBeUnhealthy_whenTheHealthPathAnswers503() throws IOException {
        // GIVEN
        seedReady();
        healthAnswer.set(503);

        // WHEN
        JsonNode result = invoke(handler(endpointsForTheService()), healthRequest());

        // THEN
        assertThat(result.get("healthy").asBoolean()).isFalse();
        assertThat(result.get("detail").asText()).endsWith("answered 503");
    }

    @Test
    void health_shouldBeUnhealthy_withoutProbing_whenReplicasAreNotReady() throws IOException {
        // GIVEN
        seed(client, IMAGE_A, 2);
        writeStatus(client, generation(client), 2, 2, 1, 1, condition("Available", "True", "MinimumReplicasAvailable"));

        // WHEN
        JsonNode result = invoke(handler(endpointsForTheService()), healthRequest());

        // THEN
        assertThat(result.get("healthy").asBoolean()).isFalse();
        assertThat(result.get("detail").asText()).contains("1/2 replicas ready")
                .endsWith("HTTP probe not made: the deployment is not ready");
    }

    private void seedReady() {
        seed(client, IMAGE_A, 2);
        writeStatus(client, generation(client), 2, 2, 2, 2, condition("Available", "True", "MinimumReplicasAvailable"));
    }

    private String healthRequest() {
        return "{\"action\": \"health\", \"namespace\": \"orders-staging\", \"deployment\": \"orders\", \"healthPath\": \"/health\"}";
    }

    private URI baseUrl() {
        return URI.create("http://127.0.0.1:" + service.getAddress().getPort());
    }

    private HealthEndpoints endpointsForTheService() {
        return HealthEndpoints.parse("orders-staging/orders=" + baseUrl());
    }

    private RolloutStatusHandler handler(HealthEndpoints endpoints) {
        return new RolloutStatusHandler(GivenPorts.builder()
                .cluster(new KubernetesCluster(client))
                .deployments(new DynamoDbDeploymentHistory(DB.client(), DB.tableName()))
                .healthEndpoints(endpoints)
                .probe(new JdkHttpProbe(Duration.ofSeconds(2)))
                .supersession(Supersession.NONE)
                .locks(EnvironmentLocks.NONE)
                .statuses(StageStatuses.off("not in this test"))
                .clock(Clock.systemUTC())
                .build());
    }
}
