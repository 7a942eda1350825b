package dev.serverlesscd.local.runtime;

import dev.serverlesscd.asl.AutoAdvanceClock;
import dev.serverlesscd.asl.Execution;
import dev.serverlesscd.asl.TaskBinding;
import dev.serverlesscd.functions.approval.Approval;
import dev.serverlesscd.functions.approval.Decision;
import dev.serverlesscd.functions.config.DeclaredStages;
import dev.serverlesscd.functions.config.PipelineConfig;
import dev.serverlesscd.functions.plan.StagePlanner;
import dev.serverlesscd.functions.run.Run;
import dev.serverlesscd.functions.workflow.ExecutionInput;
import dev.serverlesscd.local.demo.DemoSession;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Runs started straight into a {@link LocalPipeline}'s state machine, for the end-to-end tests that skip the webhook. */
final class LocalRuns {
    private LocalRuns() {
    }

    /**
     * The execution input of {@code run} (not a fork's) with today's stages ({@link DeclaredStages#DEFAULTS}) planned
     * for it, as the webhook would plan them for a repository that declares none.
     */
    static ExecutionInput input(Run run) {
        return ExecutionInput.of(run, false, new StagePlanner().plan(DeclaredStages.DEFAULTS, run));
    }

    /**
     * A pipeline over the service's clone at {@code clone} (as {@link DemoSession#CLONE_URL}), with {@code build} in
     * place of CodeBuild, the simulated cluster stepping every 2 ms and a clock that skips the state machine's waits.
     */
    static LocalPipeline start(Path workspace, PipelineConfig config, Path clone, TaskBinding build) {
        return LocalPipeline.builder(PipelineEndToEndTest.repositoryRoot(), workspace, config,
                        DemoSession.WEBHOOK_SECRET)
                .sources(Map.of(DemoSession.CLONE_URL, clone))
                .clusterStep(Duration.ofMillis(2))
                .buildBinding(build)
                .clock(new AutoAdvanceClock())
                .start();
    }

    /**
     * Starts {@code input}'s execution, approves what it asks (as each approval's first approver), and answers the
     * stored run once it has ended; fails the test when it does not end within {@code limit}.
     */
    static Run run(LocalPipeline pipeline, ExecutionInput input, Duration limit) throws InterruptedException {
        String arn = pipeline.ports().executions().start(input.runId(), input).executionArn();
        Instant deadline = Instant.now().plus(limit);
        Execution execution = pipeline.executor().execution(arn);
        while (execution == null || !execution.isDone()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("run " + input.runId() + " did not end in " + limit.toSeconds() + " s");
            }
            for (Approval approval : pipeline.approvals().pendingForRun(input.runId(), Instant.now())) {
                pipeline.approvals().decide(approval.approvalId(), approval.approvers().get(0), Decision.APPROVE,
                        "test", Instant.now());
            }
            Thread.sleep(5);
            execution = pipeline.executor().execution(arn);
        }
        return pipeline.runs().find(input.runId()).orElseThrow();
    }
}
