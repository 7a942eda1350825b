package dev.serverlesscd.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.serverlesscd.asl.AslError;
import dev.serverlesscd.asl.AslExecutor;
import dev.serverlesscd.asl.AutoAdvanceClock;
import dev.serverlesscd.asl.Execution;
import dev.serverlesscd.asl.ExecutionStatus;
import dev.serverlesscd.asl.StateMachine;
import dev.serverlesscd.asl.TaskBindings;
import dev.serverlesscd.functions.common.Json;
import dev.serverlesscd.functions.config.EnvironmentTarget;
import dev.serverlesscd.functions.config.PipelineConfigLoader;
import dev.serverlesscd.functions.config.RunContext;
import dev.serverlesscd.functions.plan.Plan;
import dev.serverlesscd.functions.plan.StagePlanner;
import dev.serverlesscd.functions.run.Run;
import dev.serverlesscd.functions.run.RunStatus;
import dev.serverlesscd.functions.workflow.ExecutionInput;
import dev.serverlesscd.local.bindings.LambdaBinding;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * statemachines/pipeline.asl.json running plans in the local executor with every task answered in memory (the
 * builds named in {@code failing} fail): which stages run, which are skipped and why, what the gate is asked. The
 * builds themselves are PlannedStagesEndToEndTest's.
 */
@Tag("unit")
class PipelinePlanExecutionTest {
    private static final Path ROOT = RepositoryRoot.find();

    final List<String> built = new CopyOnWriteArrayList<>();
    final List<JsonNode> gateRequests = new CopyOnWriteArrayList<>();
    final Map<String, Boolean> failing = new ConcurrentHashMap<>();
    final List<String> deployed = new CopyOnWriteArrayList<>();

    @Test
    void aStageWhoseNeedFailed_isSkippedNamingIt_andTheWavesRunInOrder() throws Exception {
        // GIVEN a, then b needing a, then c needing b; d beside a; a's build fails (warn only)
        Plan plan = plan("""
                    stages:
                      a: {buildspec: a.yml, onFailure: warn}
                      d: {buildspec: d.yml}
                      b: {buildspec: b.yml, needs: [a]}
                      c: {buildspec: c.yml, needs: [b]}
                """, RunContext.push("feature/x", "standard", null));
        failing.put("a", true);

        // WHEN
        Execution execution = run(plan);

        // THEN a and d ran, b and c did not; the gate was asked about all four, b and c skipped naming why
        assertThat(execution.status()).as("%s %s", execution.error(), execution.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(built).containsExactlyInAnyOrder("a", "d");
        JsonNode checks = gateRequests.get(0).path("checks");
        assertThat(checks).extracting(check -> check.path("stage").asText() + " " + check.path("status").asText()
                + " " + check.path("reason").asText("")).containsExactly(
                "a FAILED ", "d SUCCEEDED ", "b SKIPPED needs a, which failed", "c SKIPPED needs b, which was skipped");
    }

    @Test
    void aPlanWhoseEveryStageIsLeftOut_hasNothingForTheGates_andIsNoError() throws Exception {
        // GIVEN a pull request without the label its only stage asks for
        Plan plan = plan("""
                    stages:
                      bench: {buildspec: b.yml, when: {labels: [benchmark]}}
                """, RunContext.pullRequest("feature/x", "main", List.of(), "standard"));

        // WHEN
        Execution execution = run(plan);

        // THEN nothing was built or judged, and the run succeeded
        assertThat(execution.status()).as("%s %s", execution.error(), execution.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(built).isEmpty();
        assertThat(gateRequests).isEmpty();
    }

    @Test
    void aFailedMigration_stopsTheEnvironmentBeforeItsDeploy_andAWarnOnlyEndToEndTestDoesNotRollBack() throws Exception {
        // GIVEN staging with a migration before its deploy; production with a warn-only end-to-end test after it
        var config = PipelineConfigLoader.parse("""
                repositories:
                  acme/orders-service:
                    environments:
                      production:
                        namespace: orders-production
                        deployment: orders
                        afterDeploy:
                          e2e: {buildspec: e2e.yml, onFailure: warn}
                      staging:
                        namespace: orders-staging
                        deployment: orders
                        beforeDeploy:
                          migrate: {buildspec: migrate.yml}
                    stages:
                      check: {buildspec: c.yml}
                """, "p.yml");
        var repository = config.repository("acme/orders-service").orElseThrow();
        var environments = List.of(repository.environments().get("production"), repository.environments().get("staging"));
        Plan plan = new StagePlanner().plan(repository.stages(), RunContext.push("main", "full", null), environments);
        failing.put("e2e-production", true);
        failing.put("migrate-staging", true);

        // WHEN production, then staging
        Execution execution = run(plan, environments);

        // THEN production's failed end-to-end test only warned; staging's migration failed before its deploy
        assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(execution.error()).isEqualTo("Deploy.BeforeDeployFailed");
        assertThat(execution.cause()).startsWith("migrate failed before the deploy, so nothing was changed: States.TaskFailed");
        assertThat(built).containsExactly("check", "build", "e2e-production", "migrate-staging");
        assertThat(deployed).containsExactly("orders-production");
    }

    private static Plan plan(String stagesYaml, RunContext context) {
        var stages = PipelineConfigLoader.parse("""
                repositories:
                  acme/orders-service:
                """ + stagesYaml, "p.yml").repository("acme/orders-service").orElseThrow().stages();
        return new StagePlanner().plan(stages, context, List.of());
    }

    private Execution run(Plan plan) throws Exception {
        return run(plan, List.of());
    }

    private Execution run(Plan plan, List<EnvironmentTarget> environments) throws Exception {
        ExecutionInput input = ExecutionInput.of(new Run("run-plan", "plan", "acme/orders-service",
                "https://github.com/acme/orders-service.git", "push", "refs/heads/feature/x", "feature/x", "main", null,
                "6113728f27ae82c7b1a177c8d03f9e96e0adf246", "octocat", "x", "standard", !environments.isEmpty(),
                environments, RunStatus.RECEIVED, null, null, null, null, null, null), false, plan);
        StateMachine machine = StateMachine.parse(PipelineDefinition.load(ROOT).substitute(LocalPipeline.substitutions()));
        TaskBindings bindings = TaskBindings.builder()
                .bind("arn:aws:states:::lambda:invoke", invocation -> {
                    if (invocation.arguments().path("FunctionName").asText().equals(LambdaBinding.functionArn("gate"))) {
                        gateRequests.add(invocation.arguments().path("Payload"));
                    }
                    if (invocation.arguments().path("Payload").path("action").asText().equals("deploy")) {
                        deployed.add(invocation.arguments().path("Payload").path("environment").path("namespace").asText());
                    }
                    return PipelineRunBenchmark.lambdaAnswer(invocation);
                })
                .bind("arn:aws:states:::codebuild:startBuild.sync", invocation -> {
                    String stage = "";
                    for (JsonNode variable : invocation.arguments().path("EnvironmentVariablesOverride")) {
                        if (variable.path("Name").asText().equals("STAGE")) {
                            stage = variable.path("Value").asText();
                        }
                    }
                    built.add(stage);
                    if (failing.containsKey(stage)) {
                        throw new AslError("States.TaskFailed", "{\"Build\": {\"BuildStatus\": \"FAILED\"}}");
                    }
                    return PipelineRunBenchmark.buildDocument();
                })
                .build();
        try (AslExecutor executor = new AslExecutor(bindings, new AutoAdvanceClock())) {
            return executor.run(machine, "arn:aws:states:local:000000000000:stateMachine:pipeline", "plan",
                    Json.MAPPER.valueToTree(input));
        }
    }
}
