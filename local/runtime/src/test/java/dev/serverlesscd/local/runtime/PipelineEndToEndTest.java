package dev.serverlesscd.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesscd.asl.ScaledClock;
import dev.serverlesscd.functions.approval.Decision;
import dev.serverlesscd.functions.run.RunStatus;
import dev.serverlesscd.functions.run.StageRecord;
import dev.serverlesscd.local.runtime.DemoSession.Outcome;
import dev.serverlesscd.local.runtime.DemoSession.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * The whole pipeline through the local runtime: the sample service pushed to main, its real buildspecs run,
 * the handlers invoked in-process by pipeline.asl.json, DynamoDB Local behind the stores and the simulated
 * cluster behind the deploys. Each test asserts on the stored run record and on what the cluster runs afterwards.
 */
class PipelineEndToEndTest {
    @TempDir
    static Path workspace;
    static DemoSession session;

    @BeforeAll
    static void start() {
        session = DemoSession.start(repositoryRoot(), workspace, new ScaledClock(20), false,
                line -> System.out.println("[e2e] " + line), (stage, line) -> System.out.println("[build " + stage + "] " + line));
    }

    @AfterAll
    static void stop() {
        session.close();
    }

    @Test
    void success_deploysToStagingAndProduction_afterTheApproval() {
        // WHEN
        Outcome outcome = session.run(Scenario.success());

        // THEN
        assertThat(outcome.executionStatus()).as("%s: %s", outcome.error(), outcome.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(outcome.run().status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(outcome.storedStages()).extracting(StageRecord::stage).contains("test", "scan", "lint", "gates");
        assertThat(outcome.liveImages().values()).allSatisfy(image -> assertThat(image).contains("@sha256:"));
    }

    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("statemachines"))) {
            dir = dir.getParent();
        }
        return dir;
    }
}
