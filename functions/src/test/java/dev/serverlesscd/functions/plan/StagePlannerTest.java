package dev.serverlesscd.functions.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesscd.functions.config.DeclaredStages;
import dev.serverlesscd.functions.config.EnvironmentTarget;
import dev.serverlesscd.functions.config.GlobPattern;
import dev.serverlesscd.functions.config.JudgedAs;
import dev.serverlesscd.functions.config.PipelineConfigLoader;
import dev.serverlesscd.functions.config.RunContext;
import dev.serverlesscd.functions.config.StageCondition;
import dev.serverlesscd.functions.config.StageConfig;
import dev.serverlesscd.functions.run.Run;
import dev.serverlesscd.functions.run.RunStatus;
import dev.serverlesscd.functions.run.Trigger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class StagePlannerTest {
    private static final StagePlanner PLANNER = new StagePlanner();
    private static final RunContext MAIN_FULL = RunContext.push("main", "full", null);
    private static final EnvironmentTarget STAGING =
            new EnvironmentTarget("staging", "orders-staging", "orders", "orders", "/health", 0, List.of());

    private static DeclaredStages declared(String stagesYaml) {
        String yaml = """
                repositories:
                  acme/orders-service:
                    environments:
                      staging:
                        namespace: orders-staging
                        deployment: orders
                """ + stagesYaml;
        return PipelineConfigLoader.parse(yaml, "p.yml").repository("acme/orders-service").orElseThrow().stages();
    }

    private static List<List<String>> waves(Plan plan) {
        return plan.waves().stream().map(w -> w.stages().stream().map(PlannedStage::name).toList()).toList();
    }

    @Test
    void plan_shouldRunTodaysChecksInOneWave_andTheBenchmarkOnTierFullOnly() {
        // WHEN
        Plan full = PLANNER.plan(DeclaredStages.DEFAULTS, MAIN_FULL, List.of(STAGING));
        Plan standard = PLANNER.plan(DeclaredStages.DEFAULTS, RunContext.push("develop", "standard", null), List.of());

        // THEN
        assertThat(waves(full)).containsExactly(List.of("test", "scan", "lint", "benchmark"));
        assertThat(full.skipped()).isEmpty();
        assertThat(waves(standard)).containsExactly(List.of("test", "scan", "lint"));
        assertThat(standard.skipped()).containsExactly(new SkippedStage("benchmark", "benchmark", "benchmark", "fail",
                "SKIPPED", "runs for tier full only; this run is tier standard"));
        // today's projects, sizes and time limits; the stage's name as STAGE
        PlannedStage test = full.waves().get(0).stages().get(0);
        assertThat(test).isEqualTo(new PlannedStage("test", "test", "test", "buildspecs/test.yml", "test",
                List.of(Map.of("Name", "STAGE", "Value", "test", "Type", "PLAINTEXT"),
                        Map.of("Name", "STAGE_NAME", "Value", "test", "Type", "PLAINTEXT")),
                "BUILD_GENERAL1_MEDIUM", false, 30, "tests", "fail", List.of()));
        // the smoke test after staging's deploy, keyed by the environment as today's
        assertThat(full.environments().get("staging").afterDeploy()).extracting(PlannedStage::key)
                .containsExactly("smoke-staging");
        assertThat(full.environments().get("staging").beforeDeploy()).isEmpty();
    }

    @Test
    void plan_shouldOrderTheStagesIntoWaves_byTheirNeeds() {
        // GIVEN a diamond and a stage needing nothing, declared out of order
        DeclaredStages stages = declared("""
                    stages:
                      deploy-docs: {buildspec: d.yml, needs: [docs, e2e]}
                      e2e: {buildspec: e.yml, needs: [build]}
                      build: {buildspec: b.yml}
                      docs: {buildspec: o.yml, needs: [build]}
                      lint: {buildspec: l.yml}
                """);

        // WHEN
        Plan plan = PLANNER.plan(stages, MAIN_FULL, List.of());

        // THEN each stage one wave after the last it needs; declaration order within a wave
        assertThat(waves(plan)).containsExactly(List.of("build", "lint"), List.of("e2e", "docs"), List.of("deploy-docs"));
        assertThat(plan.waves().get(2).stages().get(0).needs()).containsExactly("docs", "e2e");
    }

    @Test
    void plan_shouldExpandAMatrix_intoOneInstancePerCombination_withItsValuesAsVariables() {
        // GIVEN
        DeclaredStages stages = declared("""
                    stages:
                      test:
                        buildspec: t.yml
                        judgedAs: tests
                        matrix: {toolchain: [stable, "1.88.0"], os: [linux, arm]}
                      report: {buildspec: r.yml, needs: [test]}
                """);

        // WHEN
        Plan plan = PLANNER.plan(stages, MAIN_FULL, List.of());

        // THEN four instances, the last axis varying fastest, named and keyed by their values
        List<PlannedStage> tests = plan.waves().get(0).stages();
        assertThat(tests).extracting(PlannedStage::name).containsExactly(
                "test (toolchain=stable, os=linux)", "test (toolchain=stable, os=arm)",
                "test (toolchain=1.88.0, os=linux)", "test (toolchain=1.88.0, os=arm)");
        assertThat(tests).extracting(PlannedStage::key).containsExactly("test.toolchain-stable.os-linux",
                "test.toolchain-stable.os-arm", "test.toolchain-1.88.0.os-linux", "test.toolchain-1.88.0.os-arm");
        assertThat(tests.get(2).variables()).containsExactly(
                Map.of("Name", "STAGE", "Value", "test.toolchain-1.88.0.os-linux", "Type", "PLAINTEXT"),
                Map.of("Name", "STAGE_NAME", "Value", "test", "Type", "PLAINTEXT"),
                Map.of("Name", "TOOLCHAIN", "Value", "1.88.0", "Type", "PLAINTEXT"),
                Map.of("Name", "OS", "Value", "linux", "Type", "PLAINTEXT"));
        // a stage needing a matrix waits for every instance
        assertThat(plan.waves().get(1).stages()).singleElement().satisfies(report -> assertThat(report.needs())
                .containsExactly("test.toolchain-stable.os-linux", "test.toolchain-stable.os-arm",
                        "test.toolchain-1.88.0.os-linux", "test.toolchain-1.88.0.os-arm"));
    }

    @Test
    void plan_shouldLeaveOutAStageWhoseConditionDoesNotHold_andTheStagesThatNeedIt() {
        // GIVEN
        DeclaredStages stages = declared("""
                    stages:
                      test: {buildspec: t.yml}
                      bench: {buildspec: b.yml, when: {labels: [benchmark]}}
                      compare: {buildspec: c.yml, needs: [bench]}
                      publish: {buildspec: p.yml, needs: [compare, test]}
                """);

        // WHEN a pull request without the label
        Plan plan = PLANNER.plan(stages, RunContext.pullRequest("feature/x", "main", List.of("docs"), "standard"),
                List.of());

        // THEN
        assertThat(waves(plan)).containsExactly(List.of("test"));
        assertThat(plan.skipped()).extracting(SkippedStage::stage, SkippedStage::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple("bench", "runs for pull requests labelled benchmark only; this one has labels docs"),
                org.assertj.core.groups.Tuple.tuple("compare", "needs bench, which does not run: runs for pull requests"
                        + " labelled benchmark only; this one has labels docs"),
                org.assertj.core.groups.Tuple.tuple("publish", "needs compare, which does not run: needs bench, which"
                        + " does not run: runs for pull requests labelled benchmark only; this one has labels docs"));
    }

    @Test
    void plan_shouldApplyTheEnvironmentsStages_keyedByTheEnvironment() {
        // GIVEN
        DeclaredStages stages = declared("""
                        beforeDeploy:
                          migrate: {buildspec: buildspecs/migrate.yml}
                        afterDeploy:
                          smoke: {buildspec: buildspecs/smoke.yml}
                          e2e: {buildspec: buildspecs/e2e.yml, onFailure: warn, when: {branches: [main]}}
                """); // staging's mapping goes on

        // WHEN on main, and on develop
        Plan main = PLANNER.plan(stages, MAIN_FULL, List.of(STAGING));
        Plan develop = PLANNER.plan(stages, RunContext.push("develop", "standard", null), List.of(STAGING));

        // THEN
        Plan.EnvironmentStages staging = main.environments().get("staging");
        assertThat(staging.beforeDeploy()).extracting(PlannedStage::key).containsExactly("migrate-staging");
        assertThat(staging.beforeDeploy().get(0).project()).isEqualTo("smoke");
        assertThat(staging.afterDeploy()).extracting(PlannedStage::key).containsExactly("smoke-staging", "e2e-staging");
        assertThat(staging.afterDeploy().get(1).onFailure()).isEqualTo("warn");
        assertThat(develop.environments().get("staging").afterDeploy()).extracting(PlannedStage::name)
                .containsExactly("smoke");
    }

    @Test
    void planOfARun_shouldReadItsTriggerAndChangedPaths_andPlanItsOwnEnvironments() {
        // GIVEN stages for schedules, pull requests into main, and source changes
        DeclaredStages stages = declared("""
                    stages:
                      test: {buildspec: t.yml}
                      nightly: {buildspec: n.yml, when: {schedules: [nightly]}}
                      into-main: {buildspec: i.yml, when: {baseBranches: [main]}}
                      source: {buildspec: s.yml, when: {paths: ["src/**"]}}
                """);
        Run push = run("push", "feature/x", List.of(STAGING));
        Run pullRequest = run("pull_request", "feature/x", List.of())
                .withTrigger(Trigger.pullRequest("main", List.of()));
        Run scheduled = run("schedule", "main", List.of()).withTrigger(Trigger.schedule("nightly"));

        // WHEN each is planned, the push once with the paths it changed and once with none known
        Plan docsOnly = PLANNER.plan(stages, push, List.of("docs/a.md"));
        Plan unknown = PLANNER.plan(stages, push);

        // THEN each reads what its trigger says, and the changed paths only when they are known
        assertThat(waves(docsOnly)).containsExactly(List.of("test"));
        assertThat(docsOnly.environments()).containsOnlyKeys("staging");
        assertThat(waves(unknown)).containsExactly(List.of("test", "source"));
        assertThat(waves(PLANNER.plan(stages, pullRequest))).containsExactly(List.of("test", "into-main", "source"));
        assertThat(waves(PLANNER.plan(stages, scheduled))).containsExactly(List.of("test", "nightly", "source"));
    }

    private static Run run(String event, String branch, List<EnvironmentTarget> environments) {
        return new Run("run-1", "1", "acme/orders-service", "https://github.com/acme/orders-service.git", event,
                "refs/heads/" + branch, branch, "main", null, "6113728f27ae82c7b1a177c8d03f9e96e0adf246", "octocat",
                branch + "-6113728", "standard", !environments.isEmpty(), environments, RunStatus.RECEIVED, null, null,
                null, null, null, null);
    }

    @Test
    void plan_shouldRefuseStagesWithACycleOrAnUnknownNeed_thatTheLoaderWouldHaveRefused() {
        StageConfig a = new StageConfig("a", "a.yml", List.of("b"), Map.of(), null, JudgedAs.NONE, null, null, false, 0);
        StageConfig b = new StageConfig("b", "b.yml", List.of("a"), Map.of(), null, JudgedAs.NONE, null, null, false, 0);
        StageConfig c = new StageConfig("c", "c.yml", List.of("x"), Map.of(), null, JudgedAs.NONE, null, null, false, 0);

        assertThatThrownBy(() -> PLANNER.plan(new DeclaredStages(List.of(a, b), null, null), MAIN_FULL, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the stages' needs form a cycle: a -> b -> a");
        assertThatThrownBy(() -> PLANNER.plan(new DeclaredStages(List.of(c), null, null), MAIN_FULL, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("stage 'c' needs 'x', which is not declared");
    }

    // ---------------------------------------------------------------- each when: condition

    private static StageCondition when(String yaml) {
        return declared("    stages:\n      s: {buildspec: s.yml, when: " + yaml + "}\n").stages().get(0).when();
    }

    @Test
    void when_branchesAndTags_matchTheRefByPattern_eitherOneSufficing() {
        StageCondition condition = when("{branches: [main, \"release/*\"], tags: [\"v*\"]}");

        assertThat(condition.holds(RunContext.push("main", "full", null))).isTrue();
        assertThat(condition.holds(RunContext.push("release/1.2", "full", null))).isTrue();
        assertThat(condition.holds(RunContext.tag("v1.0.0", "full"))).isTrue();
        assertThat(condition.unmet(RunContext.push("release/1.2/x", "full", null)))
                .hasValue("runs for branches main, release/* or tags v* only; this run is branch release/1.2/x");
        assertThat(condition.unmet(RunContext.tag("nightly", "full")))
                .hasValue("runs for branches main, release/* or tags v* only; this run is tag nightly");
    }

    @Test
    void when_pullRequests_includesOrExcludesPullRequests() {
        RunContext pullRequest = RunContext.pullRequest("feature/x", "main", List.of(), "standard");

        assertThat(when("{pullRequests: true}").holds(pullRequest)).isTrue();
        assertThat(when("{pullRequests: true}").unmet(MAIN_FULL)).hasValue("runs for pull requests only");
        assertThat(when("{pullRequests: false}").unmet(pullRequest)).hasValue("does not run for pull requests");
        assertThat(when("{pullRequests: false}").holds(MAIN_FULL)).isTrue();
    }

    @Test
    void when_baseBranches_matchAPullRequestsBase() {
        StageCondition condition = when("{baseBranches: [main]}");

        assertThat(condition.holds(RunContext.pullRequest("feature/x", "main", List.of(), "standard"))).isTrue();
        assertThat(condition.unmet(RunContext.pullRequest("feature/x", "develop", List.of(), "standard")))
                .hasValue("runs for pull requests into main only; this one is into develop");
        assertThat(condition.unmet(MAIN_FULL)).hasValue("runs for pull requests into main only; this run is no pull request");
    }

    @Test
    void when_labels_needOneOfThemOnThePullRequest() {
        StageCondition condition = when("{labels: [benchmark, perf]}");

        assertThat(condition.holds(RunContext.pullRequest("f", "main", List.of("docs", "perf"), "standard"))).isTrue();
        assertThat(condition.unmet(RunContext.pullRequest("f", "main", List.of(), "standard")))
                .hasValue("runs for pull requests labelled benchmark or perf only; this one has no label");
        assertThat(condition.unmet(MAIN_FULL))
                .hasValue("runs for pull requests labelled benchmark or perf only; this run is no pull request");
    }

    @Test
    void when_schedules_matchTheScheduleThatStartedTheRun() {
        StageCondition condition = when("{schedules: [nightly]}");
        RunContext nightly = new RunContext("schedule", "main", null, "full", null, List.of(), "nightly", null);
        RunContext weekly = new RunContext("schedule", "main", null, "full", null, List.of(), "weekly", null);

        assertThat(condition.holds(nightly)).isTrue();
        assertThat(condition.unmet(weekly)).hasValue("runs for schedules nightly only; this run is schedule weekly");
        assertThat(condition.unmet(MAIN_FULL)).hasValue("runs for schedules nightly only; this run was not scheduled");
    }

    @Test
    void when_paths_needAChangedPathToMatch_andHoldWhenTheChangeIsNotKnown() {
        StageCondition condition = when("{paths: [\"migrations/**\", Cargo.lock]}");

        assertThat(condition.holds(RunContext.push("main", "full", List.of("src/a.rs", "migrations/2026/01.sql")))).isTrue();
        assertThat(condition.holds(RunContext.push("main", "full", List.of("Cargo.lock")))).isTrue();
        assertThat(condition.unmet(RunContext.push("main", "full", List.of("src/a.rs", "Cargo.toml"))))
                .hasValue("runs for changes to migrations/**, Cargo.lock only; this change touches none");
        assertThat(condition.holds(RunContext.push("main", "full", null))).as("changed paths not known").isTrue();
    }

    @Test
    void when_tiers_matchTheRunsTier() {
        assertThat(when("{tiers: [full]}").holds(MAIN_FULL)).isTrue();
        assertThat(when("{tiers: [full, standard]}").unmet(RunContext.push("research", "basic", null)))
                .hasValue("runs for tier full or standard only; this run is tier basic");
    }

    @Test
    void when_everyConditionGiven_mustHold() {
        StageCondition condition = new StageCondition(List.of(new GlobPattern("main")), null, null, null, null, null,
                null, List.of("full"));

        assertThat(condition.holds(MAIN_FULL)).isTrue();
        assertThat(condition.holds(RunContext.push("main", "standard", null))).isFalse();
        assertThat(condition.holds(RunContext.push("develop", "full", null))).isFalse();
        assertThat(StageCondition.ALWAYS.holds(RunContext.tag("v1", "basic"))).isTrue();
    }
}
