package dev.serverlesscd.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesscd.asl.ScaledClock;
import dev.serverlesscd.functions.approval.Approval;
import dev.serverlesscd.functions.approval.ApprovalStatus;
import dev.serverlesscd.functions.approval.Decision;
import dev.serverlesscd.functions.deploy.DeploymentRef;
import dev.serverlesscd.functions.deploy.DeploymentStatus;
import dev.serverlesscd.functions.run.Run;
import dev.serverlesscd.functions.run.RunStatus;
import dev.serverlesscd.functions.run.Supersession;
import dev.serverlesscd.local.demo.DemoSession.Outcome;
import dev.serverlesscd.local.demo.DemoSession.Pushed;
import dev.serverlesscd.local.demo.DemoSession.Scenario;
import dev.serverlesscd.local.demo.DemoSession;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * Supersession through the local runtime: run A of main waits at its production approval, a newer push B to main
 * arrives, and A ends SUPERSEDED at once (its approval ended, nobody decides it) while production stays as it was
 * until B is approved and deploys.
 */
@Tag("e2e")
class SupersessionEndToEndTest {
    private static final DeploymentRef PRODUCTION = new DeploymentRef("orders-production", "orders");

    @TempDir
    static Path workspace;
    static DemoSession session;

    @BeforeAll
    static void start() {
        session = DemoSession.builder(PipelineEndToEndTest.repositoryRoot(), workspace)
                .config(PipelineEndToEndTest.configWithoutBenchmarks())
                .pipeline(pipeline -> pipeline.clock(new ScaledClock(20)))
                .out(line -> System.out.println("[e2e] " + line))
                .start();
    }

    @AfterAll
    static void stop() {
        session.close();
    }

    @Test
    void newerPush_supersedesARunWaitingAtTheProductionApproval_andProductionIsUntouchedByIt() {
        // GIVEN run A of main, deployed to staging and waiting at the production approval
        String productionBefore = session.liveImages().get("production");
        Pushed a = session.push(Scenario.success());
        Approval waiting = awaitApproval(a.runId());
        assertThat(waiting.environment().name()).isEqualTo("production");

        // WHEN B, a newer push to main, arrives
        Pushed b = session.push(Scenario.success());

        // THEN A ends SUPERSEDED without anyone deciding, and production is untouched by it
        assertThat(awaitEnd(a.executionArn())).isEqualTo(ExecutionStatus.FAILED);
        Run runA = session.pipeline().runs().find(a.runId()).orElseThrow();
        assertThat(runA.status()).isEqualTo(RunStatus.SUPERSEDED);
        assertThat(runA.error()).isEqualTo("Approval.Superseded");
        assertThat(runA.cause()).isEqualTo("superseded by " + b.runId() + ": a newer push to main");
        assertThat(session.pipeline().approvals().decisions(waiting.approvalId())).isEmpty();
        assertThat(session.pipeline().approvals().pendingForRun(a.runId(), Instant.now())).isEmpty();
        assertThat(session.liveImages().get("production")).isEqualTo(productionBefore);
        assertThat(session.pipeline().deployments().findByRun(PRODUCTION, a.runId(), DeploymentStatus.DEPLOYING)).isEmpty();
        assertThat(a.reporter().stages()).extracting(StageReporter.Stage::name).doesNotContain("deploy (production)");

        // AND B, approved, deploys to production
        Outcome outcomeB = session.follow(b, Decision.APPROVE);
        assertThat(outcomeB.run().status()).as("%s: %s", outcomeB.error(), outcomeB.cause()).isEqualTo(RunStatus.SUCCEEDED);
        String digestB = outcomeB.run().summary().path("image").path("digest").asText();
        assertThat(outcomeB.liveImages().get("production")).endsWith("@" + digestB);
    }

    private static Approval awaitApproval(String runId) {
        Instant limit = Instant.now().plus(Duration.ofMinutes(15));
        while (Instant.now().isBefore(limit)) {
            List<Approval> pending = session.pipeline().approvals().pendingForRun(runId, Instant.now());
            if (!pending.isEmpty()) {
                assertThat(pending.get(0).status()).isEqualTo(ApprovalStatus.PENDING);
                return pending.get(0);
            }
            sleep();
        }
        throw new AssertionError("run " + runId + " never waited for an approval");
    }

    private static ExecutionStatus awaitEnd(String executionArn) {
        Instant limit = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(limit)) {
            ExecutionStatus status = session.pipeline().stepFunctions()
                    .describeExecution(r -> r.executionArn(executionArn)).status();
            if (status != ExecutionStatus.RUNNING) {
                return status;
            }
            sleep();
        }
        throw new AssertionError("execution " + executionArn + " did not end");
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
