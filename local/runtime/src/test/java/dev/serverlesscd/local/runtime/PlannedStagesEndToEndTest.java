package dev.serverlesscd.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesscd.asl.ScaledClock;
import dev.serverlesscd.functions.approval.Decision;
import dev.serverlesscd.functions.config.PipelineConfigLoader;
import dev.serverlesscd.functions.run.RunStatus;
import dev.serverlesscd.functions.run.StageRecord;
import dev.serverlesscd.local.demo.DemoSession;
import dev.serverlesscd.local.demo.DemoSession.Outcome;
import dev.serverlesscd.local.demo.DemoSession.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * A pipeline the team declares, samples/pipeline-stages.yml, through the local runtime with its real buildspecs
 * (the sample's small ones under buildspecs/stages/): a two-value matrix, a stage that needs it, a warn-only stage that
 * fails and the stage that needs it skipped, naming it; around staging a migration before the deploy and the smoke and
 * end-to-end tests after it. Two runs of main in one test (the suite is near its time limit): the first passes with
 * the warning and deploys; the second's end-to-end test fails, and staging is rolled back to the first's image.
 */
@Tag("e2e")
class PlannedStagesEndToEndTest {

    @TempDir
    static Path workspace;

    @Test
    void declaredStages_runInWaves_warnOrSkip_andTheEnvironmentsStagesMigrateBeforeAndRollBackAfter() throws Exception {
        try (DemoSession session = DemoSession.builder(PipelineEndToEndTest.repositoryRoot(), workspace)
                .config(PipelineConfigLoader.load(PipelineEndToEndTest.repositoryRoot().resolve("samples/pipeline-stages.yml")))
                .pipeline(pipeline -> pipeline.clock(new ScaledClock(20)))
                .out(line -> System.out.println("[stages-e2e] " + line))
                .start()) {
            // WHEN main is pushed
            Outcome first = session.run(Scenario.success());

            // THEN the run succeeds, with the warn-only failure as its warning
            assertThat(first.executionStatus()).as("%s: %s", first.error(), first.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(first.run().status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(stored(first, "gates").status()).isEqualTo("WARN");
            assertThat(stored(first, "licence-headers").status()).isEqualTo("WARN");
            assertThat(stored(first, "licence-headers").summary()).contains("the build FAILED in BUILD", "(warn only)");
            // AND the stage that needs it is skipped, naming it
            assertThat(stored(first, "publish-licences").status()).isEqualTo("SKIPPED");
            assertThat(stored(first, "publish-licences").summary()).isEqualTo("skipped: needs licence-headers, which failed");
            // AND the matrix ran as two instances, each with its value, and checksums after both (the next wave)
            for (String toolchain : List.of("stable", "1.88.0")) {
                assertThat(stored(first, "toolchains (toolchain=" + toolchain + ")").status()).isEqualTo("SUCCEEDED");
                Path variables = workspace.resolve("runs").resolve(first.runId())
                        .resolve("toolchains.toolchain-" + toolchain).resolve("variables.txt");
                assertThat(Files.readString(variables)).contains("TOOLCHAIN=" + toolchain, "STAGE_NAME=toolchains",
                        "STAGE=toolchains.toolchain-" + toolchain);
            }
            assertThat(stored(first, "checksums").status()).isEqualTo("SUCCEEDED");
            List<String> order = first.stages().stream().map(StageReporter.Stage::name).toList();
            assertThat(order.indexOf("checksums")).isGreaterThan(order.indexOf("toolchains (toolchain=stable)"))
                    .isGreaterThan(order.indexOf("toolchains (toolchain=1.88.0)"));
            // AND the migration ran before staging's deploy, the smoke and end-to-end tests after its health check
            assertThat(order).containsSubsequence("gates", "build image", "migrate (staging)", "deploy (staging)",
                    "health (staging)");
            assertThat(order).containsSubsequence("health (staging)", "e2e (staging)");
            assertThat(order).containsSubsequence("health (staging)", "smoke (staging)");
            // (no database, no reachable service here: they say so, never that they passed)
            assertThat(first.stages()).filteredOn(stage -> stage.name().endsWith("(staging)")
                            && List.of("migrate", "smoke", "e2e").contains(stage.name().split(" ")[0]))
                    .extracting(StageReporter.Stage::status).containsOnly("SKIPPED");
            String firstImage = first.liveImages().get("staging");
            assertThat(firstImage).endsWith("@" + first.run().summary().path("image").path("digest").asText());

            // WHEN the next push's end-to-end test fails (FAIL_TESTS=true makes buildspecs/stages/e2e.yml fail)
            Outcome second = session.run(new Scenario(true, Decision.APPROVE, false));

            // THEN staging is rolled back to the first run's image, naming the stage
            assertThat(second.run().status()).as("%s: %s", second.error(), second.cause()).isEqualTo(RunStatus.ROLLED_BACK);
            assertThat(second.run().error()).isEqualTo("Deploy.RolledBack");
            assertThat(second.run().cause()).contains("staging: after-deploy stage e2e failed");
            assertThat(second.stages()).extracting(StageReporter.Stage::name)
                    .containsSubsequence("migrate (staging)", "deploy (staging)", "e2e (staging)", "rollback (staging)");
            assertThat(second.liveImages().get("staging")).isEqualTo(firstImage);
        }
    }

    private static StageRecord stored(Outcome outcome, String stage) {
        return outcome.storedStages().stream().filter(record -> record.stage().equals(stage)).findFirst()
                .orElseThrow(() -> new AssertionError("no stored stage '" + stage + "' in " + outcome.storedStages()));
    }
}
