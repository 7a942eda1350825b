package dev.serverlesscd.local.runtime;

import static dev.serverlesscd.local.testing.Git.git;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.serverlesscd.asl.Execution;
import dev.serverlesscd.functions.config.EnvironmentTarget;
import dev.serverlesscd.functions.config.PipelineConfig;
import dev.serverlesscd.functions.config.PipelineConfigLoader;
import dev.serverlesscd.functions.deploy.DeploymentRecord;
import dev.serverlesscd.functions.deploy.DeploymentRef;
import dev.serverlesscd.functions.deploy.DeploymentStatus;
import dev.serverlesscd.functions.run.Run;
import dev.serverlesscd.functions.run.RunStatus;
import dev.serverlesscd.functions.workflow.ExecutionInput;
import dev.serverlesscd.local.demo.DemoSession;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bake period through the whole local runtime (pipeline.asl.json's Wait states and CheckBake task, the real
 * handlers, DynamoDB Local, the embedded cluster), with builds that only write passing reports, so the one run
 * takes seconds: staging's probe
 * answers 200 and its bake ends, so the run goes on; production's probe answers 503, so the bake fires, production
 * rolls back, and the run and the deployment record say which signal fired, with its numbers.
 */
@Tag("e2e")
class BakeEndToEndTest {

    @TempDir
    Path workspace;
    @TempDir
    Path clone;

    @Test
    void aBakeWhoseProbeAnswersErrors_rollsBack_namingTheSignalAndItsNumbers_afterABakeThatPassed() throws Exception {
        // GIVEN a service that answers 200 on /ok and 503 on /errors, and counts the requests
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        HttpServer service = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        service.createContext("/ok", exchange -> {
            ok.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        service.createContext("/errors", exchange -> {
            errors.incrementAndGet();
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        service.start();
        String base = "http://127.0.0.1:" + service.getAddress().getPort();
        // AND staging bakes 30 s on /ok, production on /errors (3 checks of 4 requests each)
        PipelineConfig config = PipelineConfigLoader.parse("""
                repositories:
                  acme/orders-service:
                    environments:
                      staging:
                        namespace: orders-staging
                        deployment: orders
                        bake: {duration: 30s, interval: 10s, probe: {url: "%s/ok", requests: 4, maxLatencyMs: 5000}}
                      production:
                        namespace: orders-production
                        deployment: orders
                        bake: {duration: 30s, interval: 10s, probe: {url: "%s/errors", requests: 4, maxErrorRate: 5%%}}
                """.formatted(base, base), "test");
        git(clone, "init", "-q", "-b", "main");
        Files.writeString(clone.resolve("README.md"), "orders\n");
        git(clone, "add", "README.md");
        git(clone, "-c", "user.name=Test", "-c", "user.email=test@example.com", "commit", "-q", "-m", "feat: orders");
        String commit = git(clone, "rev-parse", "HEAD").strip();

        try (LocalPipeline pipeline = LocalRuns.start(workspace, config, clone,
                new PipelineRunBenchmark.ReportsOnlyBuild(workspace))) {
            String before = liveImage(pipeline, "orders-production");

            // WHEN main's run deploys both
            List<EnvironmentTarget> environments = List.copyOf(
                    config.repository("acme/orders-service").orElseThrow().environments().values());
            Run run = run(pipeline, LocalRuns.input(new Run("bake-1", "bake-1", "acme/orders-service",
                    DemoSession.CLONE_URL, "push", "refs/heads/main", "main", "main", null, commit, "octocat",
                    "0.1.0-bake-1", "full", true, environments, RunStatus.RECEIVED, null, null, null, null, null,
                    null)));

            // THEN staging baked its 3 checks and stayed; production fired on its first check and rolled back
            assertThat(ok.get()).isEqualTo(12);
            assertThat(errors.get()).isEqualTo(4);
            String reason = "bake: probe error rate 100.0% > 5% over 4 requests (4 failed; last: GET " + base
                    + "/errors answered 503)";
            assertThat(run.status()).isEqualTo(RunStatus.ROLLED_BACK);
            assertThat(run.cause()).startsWith("production: " + reason + "; rolled back to ");
            assertThat(liveImage(pipeline, "orders-production")).isEqualTo(before);
            assertThat(liveImage(pipeline, "orders-staging")).isEqualTo("orders-service@sha256:" + "a".repeat(64));
            DeploymentRecord rolledBack = pipeline.deployments()
                    .findByRun(new DeploymentRef("orders-production", "orders"), "bake-1", DeploymentStatus.ROLLED_BACK)
                    .orElseThrow();
            assertThat(rolledBack.reason()).contains(reason);
            assertThat(pipeline.deployments()
                    .findByRun(new DeploymentRef("orders-staging", "orders"), "bake-1", DeploymentStatus.SUCCEEDED))
                    .isPresent();
        } finally {
            service.stop(0);
        }
    }

    private static String liveImage(LocalPipeline pipeline, String namespace) {
        return pipeline.kubernetes().apps().deployments().inNamespace(namespace).withName("orders").get()
                .getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }

    /** Starts the execution and answers the stored run once it has ended. */
    private static Run run(LocalPipeline pipeline, ExecutionInput input) throws InterruptedException {
        String arn = pipeline.ports().executions().start(input.runId(), input).executionArn();
        Instant deadline = Instant.now().plusSeconds(120);
        Execution execution = pipeline.executor().execution(arn);
        while (execution == null || !execution.isDone()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("run " + input.runId() + " did not end in 120 s");
            }
            Thread.sleep(5);
            execution = pipeline.executor().execution(arn);
        }
        return pipeline.runs().find(input.runId()).orElseThrow();
    }
}
