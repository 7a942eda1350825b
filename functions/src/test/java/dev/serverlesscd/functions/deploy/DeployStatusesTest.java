package dev.serverlesscd.functions.deploy;

import static dev.serverlesscd.functions.deploy.Fixtures.DIGEST_B;
import static dev.serverlesscd.functions.deploy.Fixtures.IMAGE_A;
import static dev.serverlesscd.functions.deploy.Fixtures.REPO;
import static dev.serverlesscd.functions.deploy.Fixtures.seed;
import static dev.serverlesscd.functions.testing.StreamHandlers.invoke;
import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesscd.functions.github.CommitState;
import dev.serverlesscd.functions.github.CommitStatus;
import dev.serverlesscd.functions.github.RecordingStatuses;
import dev.serverlesscd.functions.github.RunLinks;
import dev.serverlesscd.functions.lambda.DeployHandler;
import dev.serverlesscd.functions.run.StageStatuses;
import dev.serverlesscd.functions.run.Supersession;
import dev.serverlesscd.functions.testing.DynamoDbLocal;
import dev.serverlesscd.functions.wiring.GivenPorts;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Each environment's deploy is posted to GitHub as commit status serverless-cd/deploy-<environment>. */
@Tag("dynamodb")
@EnableKubernetesMockClient(crud = true)
class DeployStatusesTest {
    static final DynamoDbLocal DB = DynamoDbLocal.start();
    static final String SHA = "6113728f27ae82c7b1a177c8d03f9e96e0adf246";
    static final String ENVIRONMENT = """
            {"name": "staging", "namespace": "orders-staging", "deployment": "orders", "container": "orders",
             "healthPath": "/health", "requiredApprovals": 0, "approvers": []}""";

    KubernetesClient client;

    @AfterAll
    static void stop() {
        DB.close();
    }

    @Test
    void deployThenRecord_postsPendingThenSuccess_forTheEnvironmentsContext() throws IOException {
        // GIVEN orders runs image A, and a handler that posts statuses
        seed(client, IMAGE_A, 2);
        RecordingStatuses github = new RecordingStatuses();
        DeployHandler handler = handler(github);

        // WHEN the new image is deployed, its rollout is left to the state machine, and the deployment recorded
        invoke(handler, """
                {"action": "deploy", "runId": "run-1", "repository": "acme/orders-service", "environment": %s,
                 "image": {"imageUri": "%s:main-6113728", "digest": "%s"}, "commit": "%s", "version": "main-6113728"}"""
                .formatted(ENVIRONMENT, REPO, DIGEST_B, SHA));
        client.apps().deployments().inNamespace("orders-staging").withName("orders").get();
        invoke(handler, """
                {"action": "record", "runId": "run-1", "repository": "acme/orders-service", "environment": %s,
                 "image": "%s@%s", "previousImage": "%s", "commit": "%s", "version": "main-6113728", "status": "SUCCEEDED"}"""
                .formatted(ENVIRONMENT, REPO, DIGEST_B, IMAGE_A, SHA));

        // THEN
        String link = "https://runs.example/run-1";
        assertThat(github.posted()).containsExactly(
                new CommitStatus("acme/orders-service", SHA, CommitState.PENDING, "serverless-cd/deploy-staging",
                        "Deploying main-6113728 to staging: " + REPO + "@" + DIGEST_B, link),
                new CommitStatus("acme/orders-service", SHA, CommitState.SUCCESS, "serverless-cd/deploy-staging",
                        "Deployed main-6113728 to staging, healthy", link));
    }

    @Test
    void rollback_postsAFailureNamingTheImageAndTheReason() throws IOException {
        // GIVEN a deploy of B over A
        seed(client, IMAGE_A, 2);
        RecordingStatuses github = new RecordingStatuses();
        DeployHandler handler = handler(github);
        invoke(handler, """
                {"action": "deploy", "runId": "run-2", "repository": "acme/orders-service", "environment": %s,
                 "image": {"imageUri": "%s", "digest": "%s"}, "commit": "%s", "version": "main-6113728"}"""
                .formatted(ENVIRONMENT, REPO, DIGEST_B, SHA));

        // WHEN its rollout failed and the state machine rolls back
        invoke(handler, """
                {"action": "rollback", "runId": "run-2", "repository": "acme/orders-service", "environment": %s,
                 "failedImage": "%s@%s", "commit": "%s", "version": "main-6113728", "reason": "rollout failed: ProgressDeadlineExceeded"}"""
                .formatted(ENVIRONMENT, REPO, DIGEST_B, SHA));

        // THEN
        assertThat(github.posted()).last().isEqualTo(new CommitStatus("acme/orders-service", SHA, CommitState.FAILURE,
                "serverless-cd/deploy-staging", "Rolled back to " + IMAGE_A + ": rollout failed: ProgressDeadlineExceeded",
                "https://runs.example/run-2"));
    }

    private DeployHandler handler(RecordingStatuses github) {
        Clock clock = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);
        return new DeployHandler(GivenPorts.builder()
                .cluster(new KubernetesCluster(client))
                .deployments(new DynamoDbDeploymentHistory(DB.client(), DB.tableName()))
                .healthEndpoints(HealthEndpoints.none())
                .probe(new JdkHttpProbe(Duration.ofSeconds(1)))
                .supersession(Supersession.NONE)
                .locks(EnvironmentLocks.NONE)
                .statuses(new StageStatuses(github, RunLinks.of("https://runs.example")))
                .clock(clock)
                .build());
    }
}
