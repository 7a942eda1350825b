package dev.serverlesscd.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesscd.asl.ScaledClock;
import dev.serverlesscd.functions.approval.Decision;
import dev.serverlesscd.functions.config.PipelineConfig;
import dev.serverlesscd.functions.config.PipelineConfigLoader;
import dev.serverlesscd.functions.deploy.DeploymentRecord;
import dev.serverlesscd.functions.deploy.DeploymentRef;
import dev.serverlesscd.functions.run.RunStatus;
import dev.serverlesscd.functions.run.StageRecord;
import dev.serverlesscd.local.demo.DemoSession.Outcome;
import dev.serverlesscd.local.demo.DemoSession.Scenario;
import dev.serverlesscd.local.demo.DemoSession;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * The whole pipeline through the local runtime, as `pipeline demo` runs it: the sample service committed and
 * pushed to main with a signed delivery over HTTP, its real buildspecs run by the shell build runner,
 * pipeline.asl.json executed by the local Step Functions runtime with the handlers in-process, DynamoDB Local
 * behind every store and the simulated cluster behind the deploys. Each test asserts on the run record stored in
 * DynamoDB Local and on what the cluster runs afterwards.
 */
@Tag("e2e")
class PipelineEndToEndTest {

    @TempDir
    static Path workspace;
    static DemoSession session;
    /**
     * The runs some tests start from, each made once, by whichever test needs it first: a first successful run
     * (what the rollbacks go back to), and a second one after it. No test relies on another having run before it.
     */
    private static Outcome firstSuccess;
    private static Outcome secondSuccess;

    @BeforeAll
    static void start() {
        session = DemoSession.builder(repositoryRoot(), workspace)
                .config(configWithoutBenchmarks())
                .pipeline(pipeline -> pipeline.clock(new ScaledClock(20)))
                .out(line -> System.out.println("[e2e] " + line))
                .start();
    }

    @AfterAll
    static void stop() {
        session.close();
    }

    /** The first successful run of the sample (made now if no test made it yet). */
    static synchronized Outcome firstSuccess() {
        if (firstSuccess == null) {
            firstSuccess = session.run(Scenario.success());
        }
        return firstSuccess;
    }

    /** A second successful run, after the first (both made now if no test made them yet). */
    static synchronized Outcome secondSuccess() {
        firstSuccess();
        if (secondSuccess == null) {
            secondSuccess = session.run(Scenario.success());
        }
        return secondSuccess;
    }

    @Test
    void failingTest_stopsTheRunAtTheGates_andNamesTheTest() {
        // GIVEN what the environments run now
        java.util.Map<String, String> before = session.liveImages();

        // WHEN a push whose unit tests fail
        Outcome outcome = session.run(new Scenario(true, Decision.APPROVE, false));

        // THEN the run failed at the gates, naming the test, and nothing was built or deployed
        assertThat(outcome.executionStatus()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(outcome.run().status()).isEqualTo(RunStatus.FAILED);
        assertThat(outcome.run().error()).isEqualTo("Gates.FAIL");
        assertThat(outcome.run().cause()).contains("1 of 16 tests failed", "PriceCalculatorTest.roundsHalfUpToCents");
        assertThat(outcome.storedStages()).filteredOn(stage -> stage.stage().equals("test"))
                .singleElement().satisfies(stage -> assertThat(stage.status()).isEqualTo("FAILED"));
        assertThat(outcome.stages()).extracting(StageReporter.Stage::name).doesNotContain("build image", "deploy (staging)");
        assertThat(outcome.liveImages()).isEqualTo(before);
    }

    @Test
    void success_deploysTheNewImageToStagingThenProduction_afterTheApproval() throws java.io.IOException {
        // WHEN
        Outcome outcome = firstSuccess();

        // THEN
        assertThat(outcome.executionStatus()).as("%s: %s", outcome.error(), outcome.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(outcome.run().status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(outcome.run().summary().path("image").path("digest").asText()).startsWith("sha256:");
        assertThat(outcome.storedStages()).extracting(StageRecord::stage).contains("test", "scan", "lint", "gates");
        String digest = outcome.run().summary().path("image").path("digest").asText();
        assertThat(outcome.liveImages().values()).allSatisfy(image -> assertThat(image).endsWith("@" + digest));
        assertThat(outcome.stages()).extracting(StageReporter.Stage::name)
                .containsSubsequence("test", "gates", "build image", "deploy (staging)", "rollout (staging)",
                        "health (staging)", "approval (production)", "deploy (production)", "rollout (production)");
        // the simulated cluster serves no traffic: the smoke test says it was skipped, never that it passed
        assertThat(outcome.stages()).filteredOn(stage -> stage.name().startsWith("smoke"))
                .extracting(StageReporter.Stage::status).containsOnly("SKIPPED");
        assertThat(session.pipeline().deployments().lastSucceeded(new DeploymentRef("orders-production", "orders"), null))
                .map(DeploymentRecord::image).hasValueSatisfying(image -> assertThat(image).endsWith(digest));
        // the image build left the image's SBOM beside its other reports
        Path sbom = workspace.resolve("runs").resolve(outcome.run().runId()).resolve("build").resolve("sbom.cdx.json");
        assertThat(sbom).exists();
        assertThat(readJson(sbom).path("bomFormat").asText()).isEqualTo("CycloneDX");
        assertThat(readJson(sbom).path("metadata").path("component").path("name").asText()).isEqualTo("orders-service");
        // the sample's chat channel heard both deploys (written locally as the Slack payload; no URL is set here)
        try (java.util.stream.Stream<Path> messages = java.nio.file.Files.list(workspace.resolve("chat").resolve("team"))) {
            assertThat(messages.map(file -> file.getFileName().toString()))
                    .filteredOn(name -> name.endsWith("-deployed.json")).hasSizeGreaterThanOrEqualTo(2);
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode readJson(Path file) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void rejectedApproval_stopsBeforeProduction_andLeavesProductionUntouched() {
        // GIVEN what production runs now
        String productionBefore = session.liveImages().get("production");

        // WHEN the approver rejects
        Outcome outcome = session.run(new Scenario(false, Decision.REJECT, false));

        // THEN
        assertThat(outcome.executionStatus()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(outcome.run().status()).isEqualTo(RunStatus.REJECTED);
        assertThat(outcome.run().error()).isEqualTo("Approval.Rejected");
        assertThat(outcome.run().cause()).contains("lead@example.com");
        assertThat(outcome.liveImages().get("production")).isEqualTo(productionBefore);
        assertThat(outcome.stages()).extracting(StageReporter.Stage::name).doesNotContain("deploy (production)");
    }

    @Test
    void failedRollout_isRolledBackToTheLastGoodImage() {
        // GIVEN a successful run deployed staging, and what staging runs now
        firstSuccess();
        String stagingBefore = session.liveImages().get("staging");

        // WHEN a new image's rollout fails
        Outcome outcome = session.run(new Scenario(false, Decision.APPROVE, true));

        // THEN staging is back on the last good image and the run is recorded as rolled back
        assertThat(outcome.run().status()).isEqualTo(RunStatus.ROLLED_BACK);
        assertThat(outcome.run().error()).isEqualTo("Deploy.RolledBack");
        assertThat(outcome.run().cause()).contains("staging", "rolled back to");
        assertThat(outcome.stages()).extracting(StageReporter.Stage::name, StageReporter.Stage::status)
                .contains(org.assertj.core.api.Assertions.tuple("rollout (staging)", "FAILED"),
                        org.assertj.core.api.Assertions.tuple("rollback (staging)", "SUCCEEDED"),
                        org.assertj.core.api.Assertions.tuple("rollback rollout (staging)", "COMPLETE"));
        assertThat(outcome.liveImages().get("staging")).isEqualTo(stagingBefore);
        assertThat(outcome.stages()).extracting(StageReporter.Stage::name).doesNotContain("approval (production)");
    }

    @Test
    void manualRollback_setsProductionBackToTheFirstVersion_andRecordsIt_afterASecondSuccessfulRun() {
        // GIVEN a second successful run deployed a newer version to production
        String firstVersion = firstSuccess().run().version();
        String firstProductionImage = firstSuccess().liveImages().get("production");
        Outcome second = secondSuccess();
        assertThat(second.executionStatus()).as("%s: %s", second.error(), second.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        String secondImage = second.liveImages().get("production");
        assertThat(secondImage).isNotEqualTo(firstProductionImage);

        // WHEN the on-call engineer rolls production back to the first run's version
        ManualRollback.Outcome rollback = manualRollback(firstVersion, "the second release corrupts orders");

        // THEN production runs the first version's image again, and the history says who did it and why
        assertThat(rollback.status()).as("%s: %s", rollback.error(), rollback.cause()).isEqualTo("SUCCEEDED");
        assertThat(rollback.output().path("image").asText()).isEqualTo(firstProductionImage);
        assertThat(rollback.output().path("version").asText()).isEqualTo(firstVersion);
        assertThat(session.liveImages().get("production")).isEqualTo(firstProductionImage);
        assertThat(session.pipeline().deployments().succeeded(new DeploymentRef("orders-production", "orders"), 1))
                .singleElement().satisfies(record -> {
                    assertThat(record.image()).isEqualTo(firstProductionImage);
                    assertThat(record.previousImage()).isEqualTo(secondImage);
                    assertThat(record.version()).isEqualTo(firstVersion);
                    assertThat(record.reason()).isEqualTo("the second release corrupts orders");
                    assertThat(record.requestedBy()).isEqualTo("oncall@example.com");
                });
    }

    @Test
    void manualRollback_failsClearly_andLeavesProductionUnchanged_whenTheVersionNeverSucceededThere() {
        // GIVEN a version that succeeded in production, and what production runs now
        String firstVersion = firstSuccess().run().version();
        String productionBefore = session.liveImages().get("production");

        // WHEN
        ManualRollback.Outcome rollback = manualRollback("v0.0.0-never", "typo");

        // THEN
        assertThat(rollback.status()).isEqualTo("FAILED");
        assertThat(rollback.error()).isEqualTo("Deploy.NoRollbackTarget");
        assertThat(rollback.cause()).startsWith("no successful deployment of version v0.0.0-never in production"
                + " (orders-production/orders); known: ").contains(firstVersion);
        assertThat(session.liveImages().get("production")).isEqualTo(productionBefore);
    }

    private static ManualRollback.Outcome manualRollback(String version, String reason) {
        LocalPipeline pipeline = session.pipeline();
        return new ManualRollback(pipeline.stepFunctions(), pipeline.rollbackStateMachineArn()).run(
                ManualRollback.input(configWithoutBenchmarks(), null, "production", version, reason,
                        "oncall@example.com"),
                java.time.Duration.ofMinutes(5));
    }

    /**
     * The sample's configuration with main on tier standard instead of full, so these runs have no benchmark stage.
     * These tests are about the flow (gates, approval, deploy, rollout, rollback), not performance; a benchmark would
     * cost each run its exclusive time on this machine and could let noise decide. The full tier, benchmark
     * included, is what GateEndToEndTest runs.
     */
    static PipelineConfig configWithoutBenchmarks() {
        try {
            String sample = Files.readString(repositoryRoot().resolve("samples/pipeline-config.yml"));
            String mainRule = "{pattern: main,     tier: full,";
            if (!sample.contains(mainRule)) {
                throw new IllegalStateException("samples/pipeline-config.yml has no rule '" + mainRule + "' to change");
            }
            return PipelineConfigLoader.parse(sample.replace(mainRule, "{pattern: main,     tier: standard,"),
                    "samples/pipeline-config.yml (main on tier standard for the test)");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Path repositoryRoot() {
        return RepositoryRoot.find();
    }
}
