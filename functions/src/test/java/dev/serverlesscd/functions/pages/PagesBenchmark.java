package dev.serverlesscd.functions.pages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesscd.functions.approval.DynamoDbApprovalStore;
import dev.serverlesscd.functions.config.EnvironmentTarget;
import dev.serverlesscd.functions.config.PipelineConfig;
import dev.serverlesscd.functions.config.RepositoryConfig;
import dev.serverlesscd.functions.deploy.DeploymentRecord;
import dev.serverlesscd.functions.deploy.DeploymentRef;
import dev.serverlesscd.functions.deploy.DeploymentStatus;
import dev.serverlesscd.functions.deploy.DynamoDbDeploymentHistory;
import dev.serverlesscd.functions.run.DynamoDbRunStore;
import dev.serverlesscd.functions.run.Run;
import dev.serverlesscd.functions.run.RunStatus;
import dev.serverlesscd.functions.testing.DynamoDbLocal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The runs page and the metrics page over 10,000 recorded runs on DynamoDB Local (docs/benchmarks.md): 10,000 runs
 * of one repository over 100 days (one every 14.4 minutes), every tenth deployed to staging and production; the
 * pages rendered through the router (as the handler does), 10 warm-up then 50 measured requests each.
 */
@Tag("benchmark")
class PagesBenchmark {
    static final DynamoDbLocal DB = DynamoDbLocal.start();
    static final int RUNS = 10_000;
    static final int WARM_UP = 10;
    static final int MEASURED = 50;

    @AfterAll
    static void stop() {
        DB.close();
    }

    @Test
    void runsAndMetricsPages_over10000Runs() {
        Instant now = Instant.parse("2026-12-01T00:00:00Z");
        EnvironmentTarget staging = new EnvironmentTarget("staging", "orders-staging", "orders", "orders", "/health",
                0, List.of());
        EnvironmentTarget production = new EnvironmentTarget("production", "orders-production", "orders", "orders",
                "/health", 1, List.of("lead@example.com"));
        Map<String, EnvironmentTarget> environments = new LinkedHashMap<>();
        environments.put("staging", staging);
        environments.put("production", production);
        PipelineConfig config = new PipelineConfig(Map.of(), Map.of("acme/orders-service",
                new RepositoryConfig("acme/orders-service", environments, List.of(), List.of(), null)));
        DynamoDbRunStore runs = new DynamoDbRunStore(DB.client(), DB.tableName());
        DynamoDbDeploymentHistory deployments = new DynamoDbDeploymentHistory(DB.client(), DB.tableName());
        long started = System.nanoTime();
        for (int i = 0; i < RUNS; i++) {
            Instant at = now.minus(Duration.ofDays(100)).plusSeconds(864L * i);
            String runId = "run-" + i;
            runs.create(new Run(runId, "d-" + i, "acme/orders-service", null, "push", "refs/heads/main", "main",
                    "main", null, "c0ffee" + i, null, "octocat", List.of(), "v" + i, "full", true, List.of(staging, production),
                    RunStatus.RECEIVED, null, at, at, null, null, null, at.minusSeconds(3600)));
            runs.finish(runId, i % 7 == 0 ? RunStatus.FAILED : RunStatus.SUCCEEDED, i % 7 == 0 ? "Gates.FAIL" : null,
                    i % 7 == 0 ? "test: 1 of 14 tests failed" : null, null, at.plusSeconds(600));
            if (i % 10 == 0 && i % 7 != 0) {
                for (EnvironmentTarget target : List.of(staging, production)) {
                    DeploymentRef ref = new DeploymentRef(target.namespace(), target.deployment());
                    Instant start = at.plusSeconds(target == staging ? 300 : 500);
                    deployments.record(new DeploymentRecord(ref, target.name(), runId, DeploymentStatus.DEPLOYING,
                            "registry/orders@sha256:" + i, null, null, "v" + i, null, null, start));
                    deployments.record(new DeploymentRecord(ref, target.name(), runId, i % 30 == 0
                            ? DeploymentStatus.ROLLED_BACK : DeploymentStatus.SUCCEEDED, "registry/orders@sha256:" + i,
                            null, null, "v" + i, null, null, start.plusSeconds(60)));
                }
            }
        }
        System.out.printf("%nrecorded %d runs in %.1f s%n", RUNS, (System.nanoTime() - started) / 1e9);
        PagesRouter router = new PagesRouter(new PagesService(runs, deployments,
                new DynamoDbApprovalStore(DB.client(), DB.tableName()), config, BuildLogLinks.localFiles(Path.of(".")),
                Clock.fixed(now, ZoneOffset.UTC)));

        double[] list = measure(() -> router.route("GET", "/runs", Map.of()));
        double[] filtered = measure(() -> router.route("GET", "/runs", Map.of("repository", "acme/orders-service",
                "status", "FAILED")));
        double[] metrics = measure(() -> router.route("GET", "/metrics", Map.of("since", "30d")));
        System.out.printf("runs page (newest 25): p50 %.1f ms, p90 %.1f ms%n", list[0], list[1]);
        System.out.printf("runs page, repository + status FAILED: p50 %.1f ms, p90 %.1f ms%n", filtered[0], filtered[1]);
        System.out.printf("metrics page (30 days: %d runs, both environments): p50 %.1f ms, p90 %.1f ms%n%n",
                runs.createdBetween(null, now.minus(Duration.ofDays(30)), now).size(), metrics[0], metrics[1]);
        assertThat(router.route("GET", "/metrics", Map.of("since", "30d")).status()).isEqualTo(200);
    }

    /** p50 and p90 in milliseconds, after a warm-up. */
    static double[] measure(java.util.function.Supplier<PageResponse> request) {
        for (int i = 0; i < WARM_UP; i++) {
            assertThat(request.get().status()).isEqualTo(200);
        }
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < MEASURED; i++) {
            long t = System.nanoTime();
            request.get();
            times.add((System.nanoTime() - t) / 1e6);
        }
        times.sort(Double::compare);
        return new double[] {times.get(MEASURED / 2 - 1), times.get((int) Math.ceil(MEASURED * 0.9) - 1)};
    }
}
