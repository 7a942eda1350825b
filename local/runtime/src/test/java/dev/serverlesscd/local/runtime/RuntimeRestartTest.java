package dev.serverlesscd.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesscd.asl.AslError;
import dev.serverlesscd.functions.common.Json;
import dev.serverlesscd.functions.config.EnvironmentTarget;
import dev.serverlesscd.functions.config.PipelineConfig;
import dev.serverlesscd.functions.deploy.DeploymentRef;
import dev.serverlesscd.functions.github.CommitState;
import dev.serverlesscd.functions.github.CommitStatus;
import dev.serverlesscd.functions.github.RunLinks;
import dev.serverlesscd.functions.run.Run;
import dev.serverlesscd.functions.run.RunRecorder;
import dev.serverlesscd.functions.run.RunStatus;
import dev.serverlesscd.functions.run.StageStatuses;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local runtime keeps no execution across a stop or a restart: the runs it ran end ABORTED with the reason, their
 * environment locks released and their commit statuses posted, instead of staying RUNNING for ever.
 */
@Tag("e2e")
class RuntimeRestartTest {
    static final PipelineConfig CONFIG = PipelineEndToEndTest.configWithoutBenchmarks();

    @TempDir
    Path workspace;
    final List<CommitStatus> posted = new CopyOnWriteArrayList<>();

    LocalPipeline start() {
        return LocalPipeline.builder(PipelineEndToEndTest.repositoryRoot(), workspace, CONFIG, "secret")
                .persistent(true)
                .statuses(new StageStatuses(posted::add, RunLinks.none()))
                // every build runs until it is stopped: the run is still running when the runtime goes
                .buildBinding(invocation -> {
                    try {
                        Thread.sleep(Duration.ofMinutes(30).toMillis());
                        throw new AslError("States.TaskFailed", "not stopped");
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new AslError("States.TaskFailed", "stopped");
                    }
                })
                .start();
    }

    @Test
    void start_shouldAbortTheRunsAPreviousRuntimeLeftRunning_releaseTheirLocks_andPostTheirStatuses() {
        // GIVEN a runtime killed (kill -9) while a run deployed to staging: the run RUNNING, its lock held
        String runId = "run-" + UUID.randomUUID();
        String lostExecution = "arn:aws:states:us-east-1:123456789012:execution:pipeline:" + runId;
        Run run = run(runId);
        Run startedBeforeRecorded = run("run-" + UUID.randomUUID());
        String startedExecution = "arn:aws:states:us-east-1:123456789012:execution:pipeline:"
                + startedBeforeRecorded.runId();
        Run neverStarted = run("run-" + UUID.randomUUID());
        DeploymentRef staging = staging(run);
        try (LocalPipeline before = start()) {
            before.runs().create(run);
            before.runs().markStarted(runId, lostExecution, Instant.now());
            before.ports().locks().acquire(staging, runId, Instant.now());
            // and two runs still RECEIVED: one whose execution was started (its delivery marked STARTED) but was
            // killed before the execution's first state marked it RUNNING; one whose start was never made
            before.runs().create(startedBeforeRecorded);
            before.ports().deliveries().claim(startedBeforeRecorded.deliveryId(), startedBeforeRecorded.runId(), "a",
                    Instant.now());
            before.ports().deliveries().markStarted(startedBeforeRecorded.deliveryId(), startedExecution, Instant.now());
            before.runs().create(neverStarted);
        } // its execution never ran in this runtime: closing it leaves the run as a kill -9 would

        // WHEN the runtime starts again on the same directory
        Instant restart = Instant.now();
        try (LocalPipeline after = start()) {
            // THEN the run is ABORTED with the reason, its lock is free and its status posted
            Run stored = after.runs().find(runId).orElseThrow();
            assertThat(stored.status()).isEqualTo(RunStatus.ABORTED);
            assertThat(stored.error()).isEqualTo(RunRecorder.ABORTED_ERROR);
            assertThat(stored.cause()).startsWith("the local runtime restarted at ")
                    .endsWith("; its execution " + lostExecution + " was lost");
            assertThat(Instant.parse(stored.cause().substring("the local runtime restarted at ".length(),
                    stored.cause().indexOf(';')))).isAfterOrEqualTo(restart.minusSeconds(1));
            after.ports().locks().acquire(staging, "run-next", Instant.now()); // free: taken at once
            assertThat(after.runs().find(startedBeforeRecorded.runId())).get().satisfies(lost -> {
                assertThat(lost.status()).isEqualTo(RunStatus.ABORTED);
                assertThat(lost.cause()).endsWith("; its execution " + startedExecution + " was lost");
            });
            assertThat(after.runs().find(neverStarted.runId())).get().extracting(Run::status)
                    .as("never started: GitHub's redelivery starts it").isEqualTo(RunStatus.RECEIVED);
            assertThat(posted).filteredOn(status -> status.context().equals(StageStatuses.PIPELINE_CONTEXT))
                    .as("one per aborted run").hasSize(2).allSatisfy(status -> {
                        assertThat(status.state()).isEqualTo(CommitState.ERROR);
                        assertThat(status.description()).contains("Aborted").contains("the local runtime restarted");
                    });
        }
    }

    @Test
    void close_shouldAbortTheRunningExecutions_andTheirRuns_withTheReason() throws Exception {
        // GIVEN a run whose checks are building
        String runId = "run-" + UUID.randomUUID();
        String executionArn;
        try (LocalPipeline pipeline = start()) {
            String input = Json.MAPPER.writeValueAsString(LocalRuns.input(run(runId)));
            executionArn = pipeline.stepFunctions().startExecution(r -> r.stateMachineArn(pipeline.stateMachineArn())
                    .name(runId).input(input)).executionArn();
            awaitStatus(pipeline, runId, RunStatus.RUNNING);

            // WHEN the runtime stops (the server's shutdown hook on SIGTERM closes it)
            pipeline.close();

            // THEN the execution is ABORTED with the reason
            assertThat(pipeline.executor().execution(executionArn).status().name()).isEqualTo("ABORTED");
            assertThat(pipeline.executor().execution(executionArn).cause()).contains("the local runtime stopped at ");
        }
        // AND so is the run, as the next start finds it (nothing left for it to abort)
        try (LocalPipeline after = start()) {
            Run stored = after.runs().find(runId).orElseThrow();
            assertThat(stored.status()).isEqualTo(RunStatus.ABORTED);
            assertThat(stored.cause()).startsWith("the local runtime stopped at ")
                    .endsWith("; its execution " + executionArn + " was aborted");
            assertThat(posted).filteredOn(status -> status.context().equals(StageStatuses.PIPELINE_CONTEXT))
                    .extracting(CommitStatus::state).containsExactly(CommitState.PENDING, CommitState.ERROR);
        }
    }

    static Run run(String runId) {
        List<EnvironmentTarget> environments = List.copyOf(
                CONFIG.repositories().get("acme/orders-service").environments().values());
        return new Run(runId, "delivery-" + runId, "acme/orders-service",
                "https://github.com/acme/orders-service.git", "push", "refs/heads/main", "main", "main", null,
                "6113728f27ae82c7b1a177c8d03f9e96e0adf246", null, "octocat", List.of(), "main-6113728", "standard", true, environments,
                RunStatus.RECEIVED, null, Instant.now(), Instant.now(), null, null, null);
    }

    static DeploymentRef staging(Run run) {
        EnvironmentTarget target = run.environments().get(0);
        return new DeploymentRef(target.namespace(), target.deployment());
    }

    static void awaitStatus(LocalPipeline pipeline, String runId, RunStatus status) throws InterruptedException {
        Instant limit = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(limit)) {
            if (pipeline.runs().find(runId).map(Run::status).orElse(null) == status) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("run " + runId + " never became " + status);
    }
}
