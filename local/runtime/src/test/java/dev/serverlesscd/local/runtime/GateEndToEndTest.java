package dev.serverlesscd.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.serverlesscd.asl.ScaledClock;
import dev.serverlesscd.functions.run.RunStatus;
import dev.serverlesscd.functions.run.StageRecord;
import dev.serverlesscd.local.demo.DemoSession.Outcome;
import dev.serverlesscd.local.demo.DemoSession.Scenario;
import dev.serverlesscd.local.demo.DemoSession;
import dev.serverlesscd.local.demo.SampleSource.Change;
import dev.serverlesscd.local.demo.SampleSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * The checks and gates through the local runtime: each scenario is a real commit of the sample (untested code, a
 * planted private key, a password in plain text, a slower pricing path; {@link SampleSource.Change}) pushed with a
 * signed delivery, its stages run by the sample's own buildspecs, and judged by the gate with the tier the branch
 * gets (main: full; develop: standard, staging only). Each test asserts on the run record and the stage verdicts
 * stored in DynamoDB Local. (The failing-test run is PipelineEndToEndTest's.)
 *
 * <p>One session for all. Each test first asks for main's baseline run ({@link #mainBaseline()}): a successful run
 * of the sample's first commit, made by whichever test runs first, whose measurements {@code RunRecorder.finish}
 * promotes to the baselines, so every later main run is compared with it. No test relies on another having run.
 */
@Tag("e2e")
class GateEndToEndTest {
    @TempDir
    static Path workspace;
    static DemoSession session;
    /** The successful run of main whose measurements are the baselines (the first test to ask makes it). */
    private static Outcome mainBaseline;

    @BeforeAll
    static void start() {
        session = DemoSession.builder(PipelineEndToEndTest.repositoryRoot(), workspace)
                // three paired rounds instead of the buildspec's five: the one regression judged here is several
                // times slower, beyond any interval three forks a side give; the others do not judge the benchmark
                .pipeline(pipeline -> pipeline.clock(new ScaledClock(20))
                        .buildEnvironment(java.util.Map.of("BENCHMARK_ROUNDS", "3")))
                .out(line -> System.out.println("[gate-e2e] " + line))
                .start();
    }

    @AfterAll
    static void stop() {
        session.close();
    }

    /** The session's first run: a successful run of main's first commit (made now if no test made it yet). */
    static synchronized Outcome mainBaseline() {
        if (mainBaseline == null) {
            mainBaseline = session.run(Scenario.success());
        }
        return mainBaseline;
    }

    @Test
    void performanceRegression_stopsTheRunAtTheGates_withTheBenchmarksNumbers() {
        // GIVEN a successful run of main: the first commit, so there is no base commit to measure beside it and no
        // stored baseline, and the benchmark judge notes both; its scores become main's baseline when the run succeeds
        Outcome baseline = mainBaseline();
        assertThat(baseline.run().status()).as("%s: %s", baseline.error(), baseline.cause()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(stage(baseline, "benchmark").status()).isEqualTo("SUCCEEDED");
        assertThat(stage(baseline, "benchmark").summary()).contains("no baseline yet (first run of main)",
                "not measured against a base commit in this build (no base commit: HEAD has no parent (the first commit))");
        assertThat(baseline.run().defaultBranch()).as("the push's repository.default_branch").isEqualTo("main");

        // WHEN a commit formats a debug line for every priced order line (several times slower, far past the 20%
        // fail band whatever the noise of JMH on two shared cores; the bands' exact edges, 20.0% warns and 20.1%
        // fails, are BaselineRulesTest's performance_shouldWarnAboveTenAndFailAboveTwentyPercentSlower)
        Outcome outcome = session.run(Scenario.success().withChange(Change.SLOWER_PRICING));

        // THEN the gates stop it, naming the benchmark, how much slower, both scores, the interval and the base commit
        // (main's previous commit, whichever run pushed it, measured alternately with it in the same build); the stored
        // baseline, main's last
        // successful run, is the trend
        assertStoppedAtTheGates(outcome);
        assertThat(outcome.run().cause())
                .containsPattern("benchmark: performance: com\\.example\\.orders\\.PricingBenchmark\\.\\w+ \\[(thrpt|avgt)\\]"
                        + " \\d+\\.\\d% slower \\([\\d.]+ → [\\d.]+ (ops/ms|us/op); 99% CI \\+[\\d.]+% to \\+[\\d.]+%\\)")
                .containsPattern("against base commit [0-9a-f]{7}, measured alternately in this build")
                .contains("more than 20% across the 99% interval fails tier full");
        assertThat(stage(outcome, "benchmark").status()).isEqualTo("FAILED");
        assertThat(stage(outcome, "benchmark").summary()).containsPattern("trend: .* slower .* against run "
                + baseline.runId() + " on main");
        assertThat(stage(outcome, "test").status()).isEqualTo("SUCCEEDED");
        assertThat(stage(outcome, "gates").status()).isEqualTo("FAILED");
        assertThat(outcome.stages()).extracting(StageReporter.Stage::name).doesNotContain("build image");
    }

    @Test
    void untestedCode_belowTheCoverageMinimum_stopsTheRunAtTheGates_withTheCoverage() {
        // GIVEN main's baseline run
        String mainBaselineRunId = mainBaseline().runId();

        // WHEN a commit to main adds sixty lines of code and no test (JaCoCo: 107 of 167 lines covered, 64.0% as the gate floors it; was 107 of 119)
        Outcome outcome = session.run(Scenario.success().withChange(Change.UNTESTED_CODE));

        // THEN the gates stop it with the measured coverage and the full tier's minimum (and, main's baseline
        // being there, the drop against it)
        assertStoppedAtTheGates(outcome);
        assertThat(outcome.run().cause())
                .contains("test: line coverage 64.0% is below the minimum of 85.0% for tier full")
                .contains("line coverage -25.8 points against 89.9% (run " + mainBaselineRunId
                        + " on main): a drop of more than 5 points fails tier full");
        assertThat(stage(outcome, "test").status()).isEqualTo("FAILED");
        assertThat(stage(outcome, "test").summary()).contains("16 of 16 tests passed");
        assertThat(stage(outcome, "lint").status()).isEqualTo("SUCCEEDED");
    }

    @Test
    void criticalFinding_aPrivateKey_stopsAStandardTierRunAtTheGates() {
        // GIVEN main's baseline run (the session's first)
        mainBaseline();

        // WHEN a commit to develop (tier standard: fails on CRITICAL only) holds a private key
        Outcome outcome = session.run(Scenario.success().onBranch("develop").withChange(Change.PRIVATE_KEY));

        // THEN the secret scan rates it CRITICAL (security-severity 9.5) and the gates stop the run, naming it
        assertThat(outcome.run().tier()).isEqualTo("standard");
        assertStoppedAtTheGates(outcome);
        assertThat(outcome.run().cause()).contains("scan: secret-scan: 1 CRITICAL finding (private-key at deploy-key.pem:1)");
        assertThat(stage(outcome, "scan").status()).isEqualTo("FAILED");
        assertThat(outcome.storedStages()).extracting(StageRecord::stage).doesNotContain("benchmark");
    }

    @Test
    void highFinding_onTheStandardTier_passesWithAWarning_andDeploysToStagingOnly() {
        // GIVEN main's baseline run (its image is what the image gate compares with), and what production runs now
        mainBaseline();
        String productionBefore = session.liveImages().get("production");

        // WHEN a commit to develop holds a database password in plain text
        Outcome outcome = session.run(Scenario.success().onBranch("develop").withChange(Change.PLAIN_TEXT_PASSWORD));

        // THEN it is rated HIGH, a warning on tier standard: the run succeeds, the warning in its summary
        assertThat(outcome.run().status()).as("%s: %s", outcome.error(), outcome.cause()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(outcome.executionStatus()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode gate = outcome.run().summary().path("gate");
        assertThat(gate.path("verdict").asText()).isEqualTo("WARN");
        assertThat(texts(gate.path("warnings"))).contains("scan: secret-scan: 1 HIGH finding (password-assignment at"
                + " src/main/resources/database.yml:4), a warning for tier standard");
        assertThat(stage(outcome, "scan").status()).isEqualTo("WARN");
        assertThat(stage(outcome, "gates").status()).isEqualTo("WARN");
        // AND its image was judged (size from IMAGE_SIZE_BYTES against main's last good image; no registry scan here)
        assertThat(stage(outcome, "image").summary()).containsPattern("image \\d+\\.\\d (KB|MB), [+-]\\d+\\.\\d MB against sha256:");
        // AND it deployed to staging only: the develop rule's one environment
        String digest = outcome.run().summary().path("image").path("digest").asText();
        assertThat(digest).startsWith("sha256:");
        assertThat(outcome.liveImages().get("staging")).endsWith("@" + digest);
        assertThat(outcome.liveImages().get("production")).isEqualTo(productionBefore);
        assertThat(outcome.stages()).extracting(StageReporter.Stage::name)
                .contains("deploy (staging)").doesNotContain("approval (production)", "deploy (production)");
    }

    private static void assertStoppedAtTheGates(Outcome outcome) {
        assertThat(outcome.executionStatus()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(outcome.run().status()).isEqualTo(RunStatus.FAILED);
        assertThat(outcome.run().error()).as(outcome.run().cause()).isEqualTo("Gates.FAIL");
        assertThat(outcome.stages()).extracting(StageReporter.Stage::name).doesNotContain("build image", "deploy (staging)");
    }

    /** The stage's verdict as the gate recorded it in DynamoDB Local. */
    private static StageRecord stage(Outcome outcome, String name) {
        List<StageRecord> stages = session.pipeline().runs().stages(outcome.runId());
        return stages.stream().filter(s -> s.stage().equals(name)).reduce((first, later) -> later)
                .orElseThrow(() -> new AssertionError("no stage " + name + " recorded for " + outcome.runId() + ": " + stages));
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}
