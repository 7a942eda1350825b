package dev.serverlesscd.functions.deploy;

import static dev.serverlesscd.functions.deploy.Fixtures.DIGEST_B;
import static dev.serverlesscd.functions.deploy.Fixtures.DIGEST_C;
import static dev.serverlesscd.functions.deploy.Fixtures.IMAGE_A;
import static dev.serverlesscd.functions.deploy.Fixtures.IMAGE_B;
import static dev.serverlesscd.functions.deploy.Fixtures.IMAGE_C;
import static dev.serverlesscd.functions.deploy.Fixtures.NAME;
import static dev.serverlesscd.functions.deploy.Fixtures.NAMESPACE;
import static dev.serverlesscd.functions.deploy.Fixtures.REF;
import static dev.serverlesscd.functions.deploy.Fixtures.REPO;
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
 * The Deploy, Rollback and RecordDeployment contracts, JSON in and out, against the mock API server in CRUD mode
 * and the deployment history on DynamoDB Local.
 */
@Tag("dynamodb")
@EnableKubernetesMockClient(crud = true)
class DeployHandlerTest extends DeployFunctionFixture {
    static final DynamoDbLocal DB = DynamoDbLocal.start();
    static final String ENVIRONMENT = """
            {"name": "staging", "namespace": "orders-staging", "deployment": "orders", "container": "orders",
             "healthPath": "/health", "requiredApprovals": 0, "approvers": []}""";

    DeployHandlerTest() {
        super(DB);
    }

    @AfterAll
    static void stop() {
        DB.close();
    }

    @Test
    void deploy_shouldSetTheImageByDigestAnnotateAndRecordIt() throws IOException {
        // GIVEN orders runs image A
        seed(client, IMAGE_A, 2);

        // WHEN the build's tagged image is deployed
        JsonNode result = invoke("""
                {"action": "deploy", "runId": "run-1", "environment": %s,
                 "image": {"imageUri": "%s:main-6113728", "digest": "%s"},
                 "commit": "6113728f27ae82c7b1a177c8d03f9e96e0adf246", "version": "main-6113728"}"""
                .formatted(ENVIRONMENT, REPO, DIGEST_B));

        // THEN
        Deployment stored = client.apps().deployments().inNamespace(NAMESPACE).withName(NAME).get();
        assertThat(result.get("environment").asText()).isEqualTo("staging");
        assertThat(result.get("namespace").asText()).isEqualTo(NAMESPACE);
        assertThat(result.get("deployment").asText()).isEqualTo(NAME);
        assertThat(result.get("image").asText()).isEqualTo(IMAGE_B);
        assertThat(result.get("previousImage").asText()).isEqualTo(IMAGE_A);
        assertThat(result.get("generation").asLong()).isEqualTo(stored.getMetadata().getGeneration());
        assertThat(stored.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo(IMAGE_B);
        assertThat(stored.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("serverlesscd.dev/run-id", "run-1")
                .containsEntry("serverlesscd.dev/commit", "6113728f27ae82c7b1a177c8d03f9e96e0adf246")
                .containsEntry("serverlesscd.dev/version", "main-6113728");
        assertThat(history.recent(REF, 5)).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(DeploymentStatus.DEPLOYING);
            assertThat(r.image()).isEqualTo(IMAGE_B);
            assertThat(r.previousImage()).isEqualTo(IMAGE_A);
            assertThat(r.commit()).isEqualTo("6113728f27ae82c7b1a177c8d03f9e96e0adf246");
        });
    }

    @Test
    void deploy_shouldRefuseAnImageWithoutAValidDigest_andChangeNothing() {
        // GIVEN
        seed(client, IMAGE_A, 1);

        // WHEN / THEN
        assertThatThrownBy(() -> invoke("""
                {"action": "deploy", "runId": "run-1", "environment": %s,
                 "image": {"imageUri": "%s:main", "digest": "sha256:1234"}, "commit": "6113728", "version": "v"}"""
                .formatted(ENVIRONMENT, REPO)))
                .isInstanceOf(InvalidDeployRequestException.class)
                .hasMessageContaining("image.digest 'sha256:1234' is not a sha256 digest");
        assertThat(client.apps().deployments().inNamespace(NAMESPACE).withName(NAME).get()
                .getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo(IMAGE_A);
        assertThat(history.recent(REF, 5)).isEmpty();
    }

    @Test
    void deploy_shouldNameNamespaceAndDeployment_whenTheDeploymentIsMissing() {
        // GIVEN an empty cluster

        // WHEN / THEN
        assertThatThrownBy(() -> invoke("""
                {"action": "deploy", "runId": "run-1", "environment": %s,
                 "image": {"imageUri": "%s", "digest": "%s"}, "commit": "6113728", "version": "v"}"""
                .formatted(ENVIRONMENT, REPO, DIGEST_B)))
                .isInstanceOf(DeploymentNotFoundException.class)
                .hasMessageContaining("orders-staging/orders not found");
    }

    @Test
    void rollback_shouldRestoreTheLastSucceededImage_andRecordTheRollback() throws IOException {
        // GIVEN A succeeded in an earlier run, then run-2 deployed C, whose rollout failed
        seed(client, IMAGE_A, 2);
        history.record(new DeploymentRecord(REF, "staging", "run-1", DeploymentStatus.SUCCEEDED, IMAGE_A, null,
                "aaaa", "v1", null, null, Instant.parse("2026-02-01T10:00:00Z")));
        invoke("""
                {"action": "deploy", "runId": "run-2", "environment": %s,
                 "image": {"imageUri": "%s", "digest": "%s"}, "commit": "cccc", "version": "v3"}"""
                .formatted(ENVIRONMENT, REPO, DIGEST_C));

        // WHEN
        JsonNode result = invoke("""
                {"action": "rollback", "runId": "run-2", "environment": %s, "failedImage": "%s",
                 "reason": "deployment \\"orders\\" exceeded its progress deadline"}"""
                .formatted(ENVIRONMENT, IMAGE_C));

        // THEN
        Deployment stored = client.apps().deployments().inNamespace(NAMESPACE).withName(NAME).get();
        assertThat(result.get("image").asText()).isEqualTo(IMAGE_A);
        assertThat(result.get("previousImage").asText()).isEqualTo(IMAGE_C);
        assertThat(result.get("generation").asLong()).isEqualTo(stored.getMetadata().getGeneration());
        assertThat(stored.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo(IMAGE_A);
        assertThat(stored.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("serverlesscd.dev/rollback-of", IMAGE_C)
                .containsEntry("serverlesscd.dev/commit", "aaaa")
                .containsEntry("serverlesscd.dev/version", "v1");
        assertThat(history.findByRun(REF, "run-2", DeploymentStatus.ROLLED_BACK)).hasValueSatisfying(r -> {
            assertThat(r.image()).isEqualTo(IMAGE_A);
            assertThat(r.previousImage()).isEqualTo(IMAGE_C);
            assertThat(r.reason()).contains("exceeded its progress deadline");
        });
    }

    @Test
    void rollback_shouldReturnToTheImageTheDeployReplaced_whenNothingEverSucceeded() throws IOException {
        // GIVEN a first deploy through the pipeline: B replaced A, no success recorded yet
        seed(client, IMAGE_A, 1);
        invoke("""
                {"action": "deploy", "runId": "run-1", "environment": %s,
                 "image": {"imageUri": "%s", "digest": "%s"}, "commit": "bbbb", "version": "v2"}"""
                .formatted(ENVIRONMENT, REPO, DIGEST_B));

        // WHEN
        JsonNode result = invoke("""
                {"action": "rollback", "runId": "run-1", "environment": %s, "failedImage": "%s", "reason": "unhealthy"}"""
                .formatted(ENVIRONMENT, IMAGE_B));

        // THEN
        assertThat(result.get("image").asText()).isEqualTo(IMAGE_A);
        assertThat(client.apps().deployments().inNamespace(NAMESPACE).withName(NAME).get()
                .getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo(IMAGE_A);
    }

    @Test
    void rollback_shouldFailWithNoRollbackTarget_whenNeitherHistoryNorDeployKnowsOne() {
        // GIVEN a cluster running B, and no history at all
        seed(client, IMAGE_B, 1);

        // WHEN / THEN
        assertThatThrownBy(() -> invoke("""
                {"action": "rollback", "runId": "run-9", "environment": %s, "failedImage": "%s", "reason": "unhealthy"}"""
                .formatted(ENVIRONMENT, IMAGE_B)))
                .isInstanceOf(NoRollbackTargetException.class)
                .hasMessageStartingWith("Deploy.NoRollbackTarget: nothing to roll orders-staging/orders back to")
                .hasMessageContaining("run run-9 recorded no deploy");
        assertThat(client.apps().deployments().inNamespace(NAMESPACE).withName(NAME).get()
                .getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo(IMAGE_B);
    }

    @Test
    void record_shouldRecordSucceeded_withTheCommitAndVersionOfTheDeploy() throws IOException {
        // GIVEN
        seed(client, IMAGE_A, 1);
        invoke("""
                {"action": "deploy", "runId": "run-1", "environment": %s,
                 "image": {"imageUri": "%s", "digest": "%s"}, "commit": "bbbb", "version": "v2"}"""
                .formatted(ENVIRONMENT, REPO, DIGEST_B));

        // WHEN
        JsonNode result = invoke("""
                {"action": "record", "runId": "run-1", "environment": %s, "image": "%s", "previousImage": "%s",
                 "status": "SUCCEEDED"}""".formatted(ENVIRONMENT, IMAGE_B, IMAGE_A));

        // THEN
        assertThat(result.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(result.get("recordedAt").asText()).isEqualTo("2026-03-01T10:00:00Z");
        assertThat(history.lastSucceeded(REF, IMAGE_A)).hasValueSatisfying(r -> {
            assertThat(r.image()).isEqualTo(IMAGE_B);
            assertThat(r.commit()).isEqualTo("bbbb");
            assertThat(r.version()).isEqualTo("v2");
        });
    }

    @Test
    void record_shouldRefuseSucceeded_whenTheClusterRunsAnotherImage() {
        // GIVEN the cluster runs A
        seed(client, IMAGE_A, 1);

        // WHEN / THEN
        assertThatThrownBy(() -> invoke("""
                {"action": "record", "runId": "run-1", "environment": %s, "image": "%s", "status": "SUCCEEDED"}"""
                .formatted(ENVIRONMENT, IMAGE_B)))
                .isInstanceOf(DeployException.class)
                .hasMessageContaining("Deploy.ImageMismatch")
                .hasMessageContaining("container 'orders' runs " + IMAGE_A);
        assertThat(history.recent(REF, 5)).isEmpty();
    }

    @Test
    void record_shouldRefuseAStatusThatIsNotAnOutcome() {
        assertThatThrownBy(() -> invoke("""
                {"action": "record", "runId": "run-1", "environment": %s, "image": "%s", "status": "ROLLED_BACK"}"""
                .formatted(ENVIRONMENT, IMAGE_B)))
                .isInstanceOf(InvalidDeployRequestException.class)
                .hasMessageContaining("status 'ROLLED_BACK' cannot be recorded");
    }

    @Test
    void handle_shouldRefuseAnUnknownAction() {
        assertThatThrownBy(() -> invoke("{\"action\": \"redeploy\", \"runId\": \"run-1\"}"))
                .isInstanceOf(InvalidDeployRequestException.class)
                .hasMessage("Deploy.InvalidRequest: action 'redeploy' is not one of deploy, rollback, restore, record");
    }

    @Test
    void deploy_shouldRefuseAnEnvironmentWithAnInvalidNamespace() {
        assertThatThrownBy(() -> invoke("""
                {"action": "deploy", "runId": "run-1",
                 "environment": {"name": "staging", "namespace": "Orders_Staging", "deployment": "orders", "container": "orders"},
                 "image": {"imageUri": "%s", "digest": "%s"}, "commit": "c"}""".formatted(REPO, DIGEST_B)))
                .isInstanceOf(InvalidDeployRequestException.class)
                .hasMessageContaining("namespace 'Orders_Staging' is not a valid Kubernetes namespace name");
    }
}
