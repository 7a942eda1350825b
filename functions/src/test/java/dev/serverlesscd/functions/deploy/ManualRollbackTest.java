package dev.serverlesscd.functions.deploy;

import static dev.serverlesscd.functions.deploy.Fixtures.IMAGE_A;
import static dev.serverlesscd.functions.deploy.Fixtures.IMAGE_B;
import static dev.serverlesscd.functions.deploy.Fixtures.IMAGE_C;
import static dev.serverlesscd.functions.deploy.Fixtures.NAME;
import static dev.serverlesscd.functions.deploy.Fixtures.NAMESPACE;
import static dev.serverlesscd.functions.deploy.Fixtures.REF;
import static dev.serverlesscd.functions.deploy.Fixtures.seed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.serverlesscd.functions.testing.DynamoDbLocal;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The manual rollback's Restore and Record tasks (docs/architecture.md, "Manual rollback"), JSON in and out, against
 * the mock API server in CRUD mode and the deployment history on DynamoDB Local.
 */
@Tag("dynamodb")
@EnableKubernetesMockClient(crud = true)
class ManualRollbackTest extends DeployFunctionFixture {
    static final DynamoDbLocal DB = DynamoDbLocal.start();
    static final String ENVIRONMENT = """
            {"name": "staging", "namespace": "orders-staging", "deployment": "orders", "container": "orders",
             "healthPath": "/health"}""";

    ManualRollbackTest() {
        super(DB);
    }

    @AfterAll
    static void stop() {
        DB.close();
    }

    @Test
    void restore_shouldSetTheVersionAskedFor_annotateAndRecordItAsDeploying_whenItSucceededBefore() throws IOException {
        // GIVEN v1 (A) then v2 (B) succeeded, then v3 (C) succeeded and runs now
        seed(client, IMAGE_C, 2);
        succeeded("run-1", IMAGE_A, "v1", 1);
        succeeded("run-2", IMAGE_B, "v2", 2);
        succeeded("run-3", IMAGE_C, "v3", 3);

        // WHEN the on-call engineer rolls back to v1
        JsonNode result = invoke("""
                {"action": "restore", "runId": "rollback-1", "environment": %s, "version": "v1",
                 "reason": "v3 and v2 corrupt orders", "requestedBy": "oncall@example.com"}""".formatted(ENVIRONMENT));

        // THEN A runs again, annotated, and the change is recorded with the reason and who asked
        Deployment stored = client.apps().deployments().inNamespace(NAMESPACE).withName(NAME).get();
        assertThat(result.get("image").asText()).isEqualTo(IMAGE_A);
        assertThat(result.get("previousImage").asText()).isEqualTo(IMAGE_C);
        assertThat(result.get("version").asText()).isEqualTo("v1");
        assertThat(result.get("commit").asText()).isEqualTo("commit-v1");
        assertThat(result.get("generation").asLong()).isEqualTo(stored.getMetadata().getGeneration());
        assertThat(stored.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo(IMAGE_A);
        assertThat(stored.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("serverlesscd.dev/run-id", "rollback-1")
                .containsEntry("serverlesscd.dev/rollback-of", IMAGE_C)
                .containsEntry("serverlesscd.dev/requested-by", "oncall@example.com")
                .containsEntry("serverlesscd.dev/version", "v1")
                .containsEntry("serverlesscd.dev/commit", "commit-v1");
        assertThat(history.findByRun(REF, "rollback-1", DeploymentStatus.DEPLOYING)).hasValueSatisfying(r -> {
            assertThat(r.image()).isEqualTo(IMAGE_A);
            assertThat(r.previousImage()).isEqualTo(IMAGE_C);
            assertThat(r.version()).isEqualTo("v1");
            assertThat(r.reason()).isEqualTo("v3 and v2 corrupt orders");
            assertThat(r.requestedBy()).isEqualTo("oncall@example.com");
        });
    }

    @Test
    void restore_shouldGoBackToTheLastGoodImageOtherThanTheLiveOne_whenNoVersionIsGiven() throws IOException {
        // GIVEN v1 (A) then v2 (B) succeeded; B runs now
        seed(client, IMAGE_B, 1);
        succeeded("run-1", IMAGE_A, "v1", 1);
        succeeded("run-2", IMAGE_B, "v2", 2);

        // WHEN
        JsonNode result = invoke("""
                {"action": "restore", "runId": "rollback-2", "environment": %s, "version": null,
                 "reason": "latency", "requestedBy": "oncall"}""".formatted(ENVIRONMENT));

        // THEN
        assertThat(result.get("image").asText()).isEqualTo(IMAGE_A);
        assertThat(result.get("version").asText()).isEqualTo("v1");
        assertThat(liveImage()).isEqualTo(IMAGE_A);
    }

    @Test
    void restore_shouldRefuseNamingTheKnownVersions_andChangeNothing_whenTheVersionNeverSucceededThere() {
        // GIVEN v1.2.1 then v1.3.0 succeeded; v1.2.0 only ever failed
        seed(client, IMAGE_C, 1);
        succeeded("run-1", IMAGE_A, "v1.2.1", 1);
        history.record(new DeploymentRecord(REF, "staging", "run-2", DeploymentStatus.FAILED, IMAGE_B, IMAGE_A,
                "commit-v1.2.0", "v1.2.0", null, null, Instant.parse("2026-02-02T10:00:00Z")));
        succeeded("run-3", IMAGE_C, "v1.3.0", 3);

        // WHEN / THEN
        assertThatThrownBy(() -> invoke("""
                {"action": "restore", "runId": "rollback-3", "environment": %s, "version": "v1.2.0",
                 "reason": "bad release", "requestedBy": "oncall"}""".formatted(ENVIRONMENT)))
                .isInstanceOf(NoRollbackTargetException.class)
                .hasMessage("Deploy.NoRollbackTarget: no successful deployment of version v1.2.0 in staging"
                        + " (orders-staging/orders); known: v1.3.0, v1.2.1");
        assertThat(liveImage()).isEqualTo(IMAGE_C);
        assertThat(history.findByRun(REF, "rollback-3", DeploymentStatus.DEPLOYING)).isEmpty();
    }

    @Test
    void restore_shouldRefuse_whenNothingButTheLiveImageEverSucceeded() {
        // GIVEN only the live image ever succeeded
        seed(client, IMAGE_A, 1);
        succeeded("run-1", IMAGE_A, "v1", 1);

        // WHEN / THEN
        assertThatThrownBy(() -> invoke("""
                {"action": "restore", "runId": "rollback-4", "environment": %s, "reason": "r", "requestedBy": "me"}"""
                .formatted(ENVIRONMENT)))
                .isInstanceOf(NoRollbackTargetException.class)
                .hasMessageContaining("no successful deployment in staging (orders-staging/orders) other than the live"
                        + " image " + IMAGE_A)
                .hasMessageEndingWith("known: v1");
        assertThat(liveImage()).isEqualTo(IMAGE_A);
    }

    @Test
    void restore_shouldRefuse_whenTheReasonIsMissing() {
        // GIVEN
        seed(client, IMAGE_B, 1);
        succeeded("run-1", IMAGE_A, "v1", 1);

        // WHEN / THEN
        assertThatThrownBy(() -> invoke("""
                {"action": "restore", "runId": "rollback-5", "environment": %s, "version": "v1", "requestedBy": "me"}"""
                .formatted(ENVIRONMENT)))
                .isInstanceOf(InvalidDeployRequestException.class)
                .hasMessage("Deploy.InvalidRequest: reason is missing");
        assertThat(liveImage()).isEqualTo(IMAGE_B);
    }

    @Test
    void record_shouldRecordTheRollbacksOutcome_withItsVersionReasonAndWhoAsked() throws IOException {
        // GIVEN a restore of v1 over B
        seed(client, IMAGE_B, 1);
        succeeded("run-1", IMAGE_A, "v1", 1);
        invoke("""
                {"action": "restore", "runId": "rollback-6", "environment": %s, "version": "v1",
                 "reason": "bad release", "requestedBy": "oncall"}""".formatted(ENVIRONMENT));

        // WHEN the rollback's rollout and health passed
        JsonNode result = invoke("""
                {"action": "record", "runId": "rollback-6", "environment": %s, "image": "%s", "previousImage": "%s",
                 "status": "SUCCEEDED"}""".formatted(ENVIRONMENT, IMAGE_A, IMAGE_B));

        // THEN
        assertThat(result.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(history.findByRun(REF, "rollback-6", DeploymentStatus.SUCCEEDED)).hasValueSatisfying(r -> {
            assertThat(r.image()).isEqualTo(IMAGE_A);
            assertThat(r.version()).isEqualTo("v1");
            assertThat(r.commit()).isEqualTo("commit-v1");
            assertThat(r.reason()).isEqualTo("bad release");
            assertThat(r.requestedBy()).isEqualTo("oncall");
        });
    }

    private void succeeded(String runId, String image, String version, int day) {
        history.record(new DeploymentRecord(REF, "staging", runId, DeploymentStatus.SUCCEEDED, image, null,
                "commit-" + version, version, null, null, Instant.parse("2026-02-0" + day + "T10:00:00Z")));
    }

    private String liveImage() {
        return client.apps().deployments().inNamespace(NAMESPACE).withName(NAME).get()
                .getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }
}
