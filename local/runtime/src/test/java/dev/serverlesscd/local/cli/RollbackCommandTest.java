package dev.serverlesscd.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesscd.asl.ScaledClock;
import dev.serverlesscd.functions.config.EnvironmentTarget;
import dev.serverlesscd.functions.config.PipelineConfig;
import dev.serverlesscd.functions.config.PipelineConfigLoader;
import dev.serverlesscd.functions.deploy.DeployService;
import dev.serverlesscd.functions.deploy.DeploymentRef;
import dev.serverlesscd.functions.deploy.DeploymentStatus;
import dev.serverlesscd.functions.deploy.DynamoDbEnvironmentLocks;
import dev.serverlesscd.functions.deploy.EnvironmentLocks;
import dev.serverlesscd.functions.deploy.HealthEndpoints;
import dev.serverlesscd.functions.deploy.JdkHttpProbe;
import dev.serverlesscd.functions.deploy.KubernetesCluster;
import dev.serverlesscd.functions.run.StageStatuses;
import dev.serverlesscd.functions.run.Supersession;
import dev.serverlesscd.local.cli.PipelineCliTest.Result;
import dev.serverlesscd.local.demo.DemoSession;
import dev.serverlesscd.local.runtime.LocalPipeline;
import dev.serverlesscd.local.runtime.ManualRollback;
import dev.serverlesscd.local.runtime.RepositoryRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pipeline rollback} against a running local runtime: rollback.asl.json executed by the local Step Functions
 * runtime with the deploy handlers in-process, the simulated cluster and DynamoDB Local. The two versions it rolls
 * between are deployed and recorded through the deploy service directly (the pipeline runs that would deploy them
 * are PipelineEndToEndTest's subject).
 */
@Tag("e2e")
class RollbackCommandTest {
    private static final Path ROOT = RepositoryRoot.find();
    private static final String REPO = "registry.local/orders-service";
    private static final String IMAGE_V1 = REPO + "@sha256:" + "1".repeat(64);
    private static final String IMAGE_V2 = REPO + "@sha256:" + "2".repeat(64);
    private static final DeploymentRef PRODUCTION = new DeploymentRef("orders-production", "orders");

    /** The image whose rollouts the simulated cluster fails now (none: null). */
    private static final java.util.concurrent.atomic.AtomicReference<String> FAILING =
            new java.util.concurrent.atomic.AtomicReference<>();

    @TempDir
    static Path workspace;
    static LocalPipeline pipeline;
    /** Deploys and records what production runs before a test (each test says what it starts from). */
    static DeployService deploys;
    static EnvironmentTarget production;
    static final java.util.concurrent.atomic.AtomicInteger RUNS = new java.util.concurrent.atomic.AtomicInteger();

    @BeforeAll
    static void start() {
        // GIVEN the local runtime serving as `pipeline local serve` does, production having run v1 then v2 successfully
        PipelineConfig config = PipelineConfigLoader.load(ROOT.resolve("samples/pipeline-config.yml"));
        pipeline = LocalPipeline.builder(ROOT, workspace, config, DemoSession.WEBHOOK_SECRET)
                .failingImages(image -> image.equals(FAILING.get()))
                .clusterStep(Duration.ofMillis(20))
                .clock(new ScaledClock(50))
                .start();
        LocalState.at(workspace).writeServed(new LocalState.Served(pipeline.httpEndpoint(),
                pipeline.stepFunctionsEndpoint(), pipeline.dynamo().endpoint(), pipeline.stateMachineArn(),
                pipeline.rollbackStateMachineArn(), ProcessHandle.current().pid()));
        production = config.repository(DemoSession.REPOSITORY).orElseThrow().environments().get("production");
        deploys = DeployService.builder()
                .cluster(new KubernetesCluster(pipeline.kubernetes()))
                .history(pipeline.deployments())
                .healthEndpoints(HealthEndpoints.none())
                .probe(new JdkHttpProbe(Duration.ofSeconds(5)))
                .supersession(Supersession.NONE)
                .locks(EnvironmentLocks.NONE)
                .statuses(StageStatuses.off("not in this test"))
                .clock(Clock.systemUTC())
                .build();
        givenProductionRuns(IMAGE_V1, "v1");
        givenProductionRuns(IMAGE_V2, "v2");
    }

    @AfterAll
    static void stop() {
        pipeline.close();
    }

    @Test
    void rollback_shouldSetProductionBackToTheVersion_recordAndNotifyIt_whenItSucceededThereBefore() throws IOException {
        // GIVEN production runs v2
        givenProductionRuns(IMAGE_V2, "v2");

        // WHEN the on-call engineer rolls production back to v1
        Result result = run("rollback", "--environment", "production", "--to-version", "v1",
                "--reason", "v2 double-charges orders", "--requested-by", "oncall@example.com");

        // THEN v1 runs again, the CLI says so, and the rollback is recorded with its reason and who asked
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("rolling production back to v1 (v2 double-charges orders, asked by oncall@example.com)",
                "live now    production (orders-production/orders) runs " + IMAGE_V1, "version     v1, commit commit-v1",
                "replaced    " + IMAGE_V2);
        assertThat(liveImage()).isEqualTo(IMAGE_V1);
        assertThat(pipeline.deployments().succeeded(PRODUCTION, 1)).singleElement().satisfies(record -> {
            assertThat(record.runId()).startsWith("rollback-production-");
            assertThat(record.image()).isEqualTo(IMAGE_V1);
            assertThat(record.previousImage()).isEqualTo(IMAGE_V2);
            assertThat(record.version()).isEqualTo("v1");
            assertThat(record.reason()).isEqualTo("v2 double-charges orders");
            assertThat(record.requestedBy()).isEqualTo("oncall@example.com");
        });
        assertThat(outbox()).anySatisfy(mail -> assertThat(mail).contains("To: oncall@example.com", "ROLLED_BACK",
                "rolled production back to v1"));
    }

    @Test
    void rollback_shouldFailNamingTheKnownVersions_andLeaveProductionUnchanged_whenTheVersionIsUnknown() {
        // GIVEN production runs v1
        givenProductionRuns(IMAGE_V1, "v1");

        // WHEN
        Result result = run("rollback", "--environment", "production", "--to-version", "v9", "--reason", "try");

        // THEN
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("rollback FAILED: Deploy.NoRollbackTarget: no successful"
                + " deployment of version v9 in production (orders-production/orders); known: v1, v2");
        assertThat(liveImage()).isEqualTo(IMAGE_V1);
        assertThat(pipeline.deployments().recent(PRODUCTION, 10))
                .noneMatch(record -> record.status() == DeploymentStatus.DEPLOYING && record.reason() != null
                        && record.reason().equals("try"));
    }

    @Test
    void rollback_shouldGoBackToTheLastGoodVersion_whenNoVersionIsGiven() {
        // GIVEN production runs v1 (the last good one other than it is v2)
        givenProductionRuns(IMAGE_V1, "v1");

        // WHEN
        Result result = run("rollback", "--environment", "production", "--reason", "v1 was the wrong call");

        // THEN
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("rolling production back to the last good version", "version     v2");
        assertThat(liveImage()).isEqualTo(IMAGE_V2);
    }

    @Test
    void rollback_shouldFailRecordAndNotifyIt_whenTheRollbacksOwnRolloutFails() throws IOException {
        // GIVEN v2 runs; v1's rollouts fail in the cluster from now on
        givenProductionRuns(IMAGE_V2, "v2");
        FAILING.set(IMAGE_V1);
        try {
            // WHEN
            Result result = run("rollback", "--environment", "production", "--to-version", "v1",
                    "--reason", "back again", "--requested-by", "oncall@example.com");

            // THEN the failure is named, recorded as FAILED with the reason, and mailed
            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.err()).contains("rollback FAILED: Rollback.Failed: rolling production back to v1 ("
                    + IMAGE_V1 + ") failed: rollout failed: ", "progress deadline");
            assertThat(pipeline.deployments().recent(PRODUCTION, 1)).singleElement().satisfies(record -> {
                assertThat(record.status()).isEqualTo(DeploymentStatus.FAILED);
                assertThat(record.image()).isEqualTo(IMAGE_V1);
                assertThat(record.reason()).isEqualTo("back again");
            });
            assertThat(outbox()).anySatisfy(mail -> assertThat(mail).contains("ROLLBACK_FAILED", "Rollback.Failed"));
        } finally {
            FAILING.set(null);
        }
    }

    @Test
    void rollback_shouldWaitWhileARunHoldsTheEnvironmentsLock_andRollBackOnceItIsReleased() throws Exception {
        // GIVEN production runs v1, and a pipeline run deploying to production: it holds the environment's lock
        givenProductionRuns(IMAGE_V1, "v1");
        DynamoDbEnvironmentLocks locks = new DynamoDbEnvironmentLocks(pipeline.dynamo().client(),
                pipeline.dynamo().tableName());
        locks.acquire(PRODUCTION, "run-deploying", java.time.Instant.now());
        String before = liveImage();

        // WHEN the on-call engineer rolls production back to v2 meanwhile
        CompletableFuture<Result> rollback = CompletableFuture.supplyAsync(() -> run("rollback", "--environment",
                "production", "--to-version", "v2", "--reason", "v1 is broken", "--requested-by", "oncall@example.com"));

        // THEN Restore is retried without touching production while the run holds the lock...
        Thread.sleep(1500);
        assertThat(rollback).isNotDone();
        assertThat(liveImage()).isEqualTo(before);

        // ...and the rollback goes through once the run's deploy is over
        locks.release(PRODUCTION, "run-deploying");
        Result result = rollback.get(2, TimeUnit.MINUTES);
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(liveImage()).isEqualTo(IMAGE_V2);
        assertThat(locks.release(PRODUCTION, "run-deploying")).isFalse();
    }

    @Test
    void rollbackStateMachine_shouldFailWithTheMissingField_whenAnApiCallerLeavesOutVersionAndReason() {
        // GIVEN an input as an API caller might send it: no version (the last good one), no reason
        com.fasterxml.jackson.databind.node.ObjectNode input = dev.serverlesscd.functions.common.Json.MAPPER.createObjectNode();
        input.set("environment", dev.serverlesscd.functions.common.Json.MAPPER.valueToTree(new EnvironmentTarget(
                "production", "orders-production", "orders", "orders", "/health", 1, java.util.List.of())));
        input.put("requestedBy", "oncall");

        // WHEN
        ManualRollback.Outcome outcome = new ManualRollback(pipeline.stepFunctions(), pipeline.rollbackStateMachineArn())
                .run(input, Duration.ofMinutes(1));

        // THEN the deploy handler names the missing field, and nothing changed
        assertThat(outcome.status()).isEqualTo("FAILED");
        assertThat(outcome.error()).isEqualTo("Deploy.InvalidRequest");
        assertThat(outcome.cause()).isEqualTo("reason is missing");
    }

    @Test
    void rollback_shouldRefuseNamingTheKnownEnvironments_whenTheEnvironmentIsUnknown() {
        Result result = run("rollback", "--environment", "prod", "--reason", "r");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("rollback refused: unknown environment 'prod'; known: production, research, staging");
    }

    @Test
    void rollback_shouldRefuse_whenTheReasonIsMissingOrBlank() {
        Result missing = run("rollback", "--environment", "production");
        Result blank = run("rollback", "--environment", "production", "--reason", " ");

        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("Missing required option: '--reason=TEXT'");
        assertThat(blank.exitCode()).isEqualTo(2);
        assertThat(blank.err()).contains("rollback refused: a reason is required");
    }

    @Test
    void rollback_shouldRefuse_whenNoLocalServerIsRunning(@TempDir Path elsewhere) {
        Result result = PipelineCliTest.run("rollback", "--environment", "production", "--reason", "r",
                "--workspace", elsewhere.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("no `pipeline local serve` with a rollback state machine is running");
    }

    /** Production runs {@code image} as {@code version}: deployed and recorded SUCCEEDED by a run of its own. */
    private static void givenProductionRuns(String image, String version) {
        String runId = "run-" + RUNS.incrementAndGet();
        String digest = image.substring(image.indexOf('@') + 1);
        deploys.deploy(runId, production, REPO, digest, "commit-" + version, version);
        deploys.record(runId, production, image, null, "SUCCEEDED");
    }

    private static Result run(String... args) {
        String[] withWorkspace = Stream.concat(Stream.of(args), Stream.of("--workspace", workspace.toString()))
                .toArray(String[]::new);
        return PipelineCliTest.run(withWorkspace);
    }

    private static String liveImage() {
        return pipeline.kubernetes().apps().deployments().inNamespace("orders-production").withName("orders").get()
                .getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }

    private static java.util.List<String> outbox() throws IOException {
        try (Stream<Path> files = Files.list(workspace.resolve("outbox"))) {
            return files.map(file -> {
                try {
                    return Files.readString(file);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }
}
