package dev.serverlesscd.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesscd.functions.deploy.DeploymentRecord;
import dev.serverlesscd.functions.deploy.DeploymentRef;
import dev.serverlesscd.functions.deploy.DeploymentStatus;
import dev.serverlesscd.functions.deploy.DynamoDbDeploymentHistory;
import dev.serverlesscd.functions.run.DynamoDbRunStore;
import dev.serverlesscd.functions.run.Run;
import dev.serverlesscd.functions.run.RunStatus;
import dev.serverlesscd.local.runtime.LocalDynamoDb;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pipeline metrics} and {@code pipeline open} on a workspace's DynamoDB Local, with records written directly. */
@Tag("dynamodb")
class MetricsCommandTest {

    @TempDir
    Path workspace;

    @Test
    void metrics_printsTheFiguresOfTheRecords_perEnvironment() {
        // GIVEN one run of main, first commit 2 h before its production deployment went live, 3 days ago
        Instant live = Instant.now().minus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        try (LocalDynamoDb db = LocalDynamoDb.start(workspace.resolve("dynamodb"))) {
            DynamoDbRunStore runs = new DynamoDbRunStore(db.client(), db.tableName());
            runs.create(new Run("run-1", "d-1", "acme/orders-service", null, "push", "refs/heads/main", "main", "main",
                    null, "c0ffee", null, "octocat", List.of(), "main-c0ffee", "full", true, List.of(), RunStatus.RECEIVED, null,
                    live.minusSeconds(3600), live.minusSeconds(3600), null, null, null, live.minusSeconds(7200)));
            DeploymentRef production = new DeploymentRef("orders-production", "orders");
            DynamoDbDeploymentHistory history = new DynamoDbDeploymentHistory(db.client(), db.tableName());
            history.record(new DeploymentRecord(production, "production", "run-1", DeploymentStatus.DEPLOYING,
                    "registry/orders@sha256:1", null, "c0ffee", "main-c0ffee", null, null, live.minusSeconds(60)));
            history.record(new DeploymentRecord(production, "production", "run-1", DeploymentStatus.SUCCEEDED,
                    "registry/orders@sha256:1", null, "c0ffee", "main-c0ffee", null, null, live));
        }

        // WHEN
        PipelineCliTest.Result result = PipelineCliTest.run("metrics", "--environment", "production", "--since", "7d",
                "--workspace", workspace.toString());

        // THEN the figures the metrics page shows, worded the same
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("acme/orders-service production")
                .contains("deployment frequency     1 (1.0 a week)")
                .contains("change lead time         p50 2 h, p90 2 h")
                .contains("change fail rate         0.0 % (0 of 1)")
                .contains("rework rate              0.0 % (0 of 1)")
                .doesNotContain("staging");
    }

    @Test
    void metrics_refusesAWindowItCannotRead() {
        PipelineCliTest.Result result = PipelineCliTest.run("metrics", "--since", "a month", "--workspace",
                workspace.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("metrics: since must be a number and a unit: 30d, 12w or 48h (was 'a month')");
    }

    @Test
    void open_printsTheRunsPageAddress_andRefusesWithoutAServer() {
        PipelineCliTest.Result none = PipelineCliTest.run("open", "run-1", "--workspace", workspace.toString());

        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("no `pipeline local serve` is running");
        assertThat(OpenCommand.address(URI.create("http://127.0.0.1:8080"), "run-a b"))
                .isEqualTo("http://127.0.0.1:8080/run?id=run-a+b");
        assertThat(OpenCommand.address(URI.create("http://127.0.0.1:8080"), null))
                .isEqualTo("http://127.0.0.1:8080/runs");
    }
}
