package dev.serverlesscd.functions.metrics;

import static dev.serverlesscd.functions.metrics.MetricsHistories.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesscd.functions.approval.DynamoDbApprovalStore;
import dev.serverlesscd.functions.config.EnvironmentTarget;
import dev.serverlesscd.functions.config.PipelineConfig;
import dev.serverlesscd.functions.config.RepositoryConfig;
import dev.serverlesscd.functions.deploy.DynamoDbDeploymentHistory;
import dev.serverlesscd.functions.deploy.DeploymentStatus;
import dev.serverlesscd.functions.run.DynamoDbRunStore;
import dev.serverlesscd.functions.run.Run;
import dev.serverlesscd.functions.testing.DynamoDbLocal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/** The metrics read back from DynamoDB Local: the same answers as on the constructed records. */
@Tag("dynamodb")
class MetricsServiceTest {
    static final DynamoDbLocal DB = DynamoDbLocal.start();

    @AfterAll
    static void stop() {
        DB.close();
    }

    static PipelineConfig config() {
        Map<String, EnvironmentTarget> environments = new LinkedHashMap<>();
        environments.put("staging", new EnvironmentTarget("staging", "orders-staging", "orders", "orders", "/health",
                0, List.of()));
        environments.put("production", new EnvironmentTarget("production", "orders-production", "orders", "orders",
                "/health", 1, List.of("lead@example.com")));
        return new PipelineConfig(Map.of(), Map.of(MetricsHistories.REPOSITORY,
                new RepositoryConfig(MetricsHistories.REPOSITORY, environments, List.of(), List.of(), null)));
    }

    @Test
    void reports_shouldGiveWhatTheRecordsSay_perEnvironment_readFromTheIndexes() {
        // GIVEN the history of DeliveryMetricsTest, recorded through the stores
        MetricsHistories history = DeliveryMetricsTest.history();
        history.approval("p1", "production", at("2026-03-05T10:00:00Z"), at("2026-03-05T10:30:00Z"));
        DynamoDbRunStore runs = new DynamoDbRunStore(DB.client(), DB.tableName());
        DynamoDbDeploymentHistory deployments = new DynamoDbDeploymentHistory(DB.client(), DB.tableName());
        DynamoDbApprovalStore approvals = new DynamoDbApprovalStore(DB.client(), DB.tableName());
        for (Run run : history.runs.values()) {
            runs.create(new Run(run.runId(), run.deliveryId(), run.repository(), null, run.event(), run.ref(),
                    run.branch(), run.defaultBranch(), null, run.commit(), null, run.author(), List.of(), run.version(), run.tier(),
                    true, List.of(), null, null, run.createdAt(), run.createdAt(), null, null, null,
                    run.firstCommitAt()));
        }
        history.deployments.forEach(deployments::record);
        history.approvals.forEach(a -> approvals.create(a, "token-" + a.approvalId()));
        MetricsService service = new MetricsService(runs, deployments, approvals, config());

        // WHEN
        List<MetricsReport> reports = service.reports(DeliveryMetricsTest.WINDOW, null, null);

        // THEN staging then production, as configured; production as computed by hand in DeliveryMetricsTest
        assertThat(reports).extracting(MetricsReport::environment).containsExactly("staging", "production");
        MetricsReport.Dora production = reports.get(1).dora();
        assertThat(production.deployments()).isEqualTo(3);
        assertThat(production.leadTimeP50()).isEqualTo(Duration.ofMinutes(65));
        assertThat(production.changeFailRate()).isEqualTo(0.6);
        assertThat(production.recoveryP50()).isEqualTo(Duration.ofMinutes(62));
        assertThat(production.reworkRate()).isEqualTo(0.6);
        assertThat(approvals.requestedBetween(DeliveryMetricsTest.WINDOW.from(), DeliveryMetricsTest.WINDOW.to()))
                .extracting(a -> a.approvalId()).containsExactly("p1");
    }
}
