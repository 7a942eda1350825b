package dev.serverlesscd.functions.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The {@code stages:}, {@code beforeDeploy:} and {@code afterDeploy:} sections of the pipeline configuration. */
@Tag("unit")
class StageConfigLoaderTest {
    private static final String ENVIRONMENTS = """
            repositories:
              acme/orders-service:
                environments:
                  staging:
                    namespace: orders-staging
                    deployment: orders
            """;

    @Test
    void parse_shouldKeepTodaysStages_whenTheRepositoryDeclaresNone() {
        // WHEN
        RepositoryConfig repository = PipelineConfigLoader.parse(ENVIRONMENTS, "p.yml")
                .repository("acme/orders-service").orElseThrow();

        // THEN test, scan, lint, and a benchmark for tier full; the smoke test after each deploy
        assertThat(repository.stages()).isEqualTo(DeclaredStages.DEFAULTS);
        assertThat(repository.stages().stages()).extracting(StageConfig::name)
                .containsExactly("test", "scan", "lint", "benchmark");
        assertThat(repository.stages().stages().get(3).when()).isEqualTo(StageCondition.tiers("full"));
        assertThat(repository.stages().afterDeploy("staging")).extracting(StageConfig::name).containsExactly("smoke");
        assertThat(repository.stages().beforeDeploy("staging")).isEmpty();
    }

    @Test
    void parse_shouldReadEveryFieldOfAStage() {
        // GIVEN
        String yaml = ENVIRONMENTS + """
                    beforeDeploy:
                      migrate: {buildspec: buildspecs/migrate.yml, timeout: 10}
                    afterDeploy:
                      e2e: {buildspec: buildspecs/e2e.yml, onFailure: warn}
                stages:
                  test:
                    buildspec: buildspecs/test.yml
                    judgedAs: tests
                    matrix: {toolchain: [stable, "1.88.0"]}
                    size: large
                    privileged: true
                    timeout: 45
                  audit:
                    buildspec: buildspecs/audit.yml
                    judgedAs: findings
                    needs: [test]
                    onFailure: warn
                    when:
                      branches: [main, "release/*"]
                      tags: ["v*"]
                      pullRequests: false
                      paths: ["Cargo.lock"]
                      tiers: [full]
                  bench:
                    buildspec: buildspecs/bench.yml
                    when: {baseBranches: [main], labels: [benchmark], schedules: [nightly]}
                """.indent(4);

        // WHEN
        DeclaredStages stages = PipelineConfigLoader.parse(yaml, "p.yml").repository("acme/orders-service")
                .orElseThrow().stages();

        // THEN
        StageConfig test = stages.stages().get(0);
        assertThat(test.matrix()).isEqualTo(Map.of("toolchain", List.of("stable", "1.88.0")));
        assertThat(test.judgedAs()).isEqualTo(JudgedAs.TESTS);
        assertThat(test.size()).isEqualTo(BuildSize.LARGE);
        assertThat(test.privileged()).isTrue();
        assertThat(test.timeoutMinutes()).isEqualTo(45);
        StageConfig audit = stages.stages().get(1);
        assertThat(audit.needs()).containsExactly("test");
        assertThat(audit.onFailure()).isEqualTo(StageConfig.OnFailure.WARN);
        assertThat(audit.size()).as("a findings stage's default size").isEqualTo(BuildSize.SMALL);
        assertThat(audit.timeoutMinutes()).as("a findings stage's default time limit").isEqualTo(20);
        assertThat(audit.when().branches()).extracting(GlobPattern::glob).containsExactly("main", "release/*");
        assertThat(audit.when().tags()).extracting(GlobPattern::glob).containsExactly("v*");
        assertThat(audit.when().pullRequests()).isFalse();
        assertThat(audit.when().paths()).extracting(GlobPattern::glob).containsExactly("Cargo.lock");
        assertThat(audit.when().tiers()).containsExactly("full");
        StageConfig bench = stages.stages().get(2);
        assertThat(bench.judgedAs()).isEqualTo(JudgedAs.NONE);
        assertThat(bench.when().baseBranches()).extracting(GlobPattern::glob).containsExactly("main");
        assertThat(bench.when().labels()).containsExactly("benchmark");
        assertThat(bench.when().schedules()).containsExactly("nightly");
        assertThat(stages.beforeDeploy("staging")).singleElement()
                .satisfies(migrate -> assertThat(migrate.timeoutMinutes()).isEqualTo(10));
        assertThat(stages.afterDeploy("staging")).singleElement()
                .satisfies(e2e -> assertThat(e2e.onFailure()).isEqualTo(StageConfig.OnFailure.WARN));
    }

    @Test
    void parse_shouldReportEveryProblemOfTheStages_withFieldAndLine() {
        // GIVEN
        String yaml = ENVIRONMENTS + """
                    beforeDeploy:
                      migrate: {buildspec: buildspecs/migrate.yml, needs: [x], judgedAs: tests}
                stages:
                  test:
                    buildspec: /etc/passwd
                    judgedAs: coverage
                    needs: [lint, nosuch]
                    matrix: {stage: [a], toolchain: []}
                    size: huge
                    onFailure: maybe
                    timeout: 2
                    when: {tiers: [fulll], colour: blue}
                  lint:
                    buildspec: buildspecs/lint.yml
                    needs: [test]
                  Bad Name: {buildspec: x.yml}
                  nospec: {judgedAs: lint}
                """.indent(4);

        // WHEN / THEN every problem, sorted by line
        assertThatThrownBy(() -> PipelineConfigLoader.parse(yaml, "p.yml"))
                .isInstanceOf(PipelineConfigException.class)
                .satisfies(e -> assertThat(((PipelineConfigException) e).problems()).containsExactly(
                        "repositories.acme/orders-service.environments.staging.beforeDeploy.migrate.needs (line 8): a stage"
                                + " around an environment has no needs (beforeDeploy stages run one after another in the"
                                + " order listed, afterDeploy stages at once)",
                        "repositories.acme/orders-service.environments.staging.beforeDeploy.migrate.judgedAs (line 8): a"
                                + " stage around an environment is judged by its build's result only (none); the gates"
                                + " judge the stages before the image",
                        "repositories.acme/orders-service.stages.test.buildspec (line 11): '/etc/passwd' must be a path"
                                + " inside the service's repository, without '..'",
                        "repositories.acme/orders-service.stages.test.judgedAs (line 12): 'coverage' is not one of tests,"
                                + " findings, lint, benchmark, none",
                        "repositories.acme/orders-service.stages.test.needs (line 13): unknown stage 'nosuch'; declared:"
                                + " test, lint, Bad Name, nospec",
                        "repositories.acme/orders-service.stages.test.needs (line 13): the stages' needs form a cycle:"
                                + " test -> lint -> test",
                        "repositories.acme/orders-service.stages.test.matrix.stage (line 14): the pipeline sets STAGE"
                                + " itself; name the axis otherwise",
                        "repositories.acme/orders-service.stages.test.matrix.toolchain (line 14): at least one value",
                        "repositories.acme/orders-service.stages.test.size (line 15): 'huge' is not one of small, medium,"
                                + " large, xlarge",
                        "repositories.acme/orders-service.stages.test.onFailure (line 16): 'maybe' must be fail (the run"
                                + " fails) or warn (the run goes on with a warning)",
                        "repositories.acme/orders-service.stages.test.timeout (line 17): 2 is outside 5..480",
                        "repositories.acme/orders-service.stages.test.when.colour (line 18): unknown field; expected one"
                                + " of baseBranches, branches, labels, paths, pullRequests, schedules, tags, tiers",
                        "repositories.acme/orders-service.stages.test.when.tiers (line 18): unknown tier 'fulll'; known:"
                                + " basic, full, standard",
                        "repositories.acme/orders-service.stages.Bad Name (line 22): stage name 'Bad Name' must be 1-40"
                                + " lower case letters, digits, '-' and '_'",
                        "repositories.acme/orders-service.stages.nospec.buildspec (line 23): required"));
    }

    @Test
    void parse_shouldAcceptTheExampleOfTheDocs() throws java.io.IOException {
        // GIVEN the first YAML block of docs/configuration.md's "Stages"
        String docs = java.nio.file.Files.readString(dev.serverlesscd.functions.webhook.SamplesTest.repositoryRoot()
                .resolve("docs/configuration.md"));
        String section = docs.substring(docs.indexOf("\n## Stages\n"));
        String yaml = section.substring(section.indexOf("```yaml\n") + 8, section.indexOf("\n```", section.indexOf("```yaml\n")));

        // WHEN
        DeclaredStages stages = PipelineConfigLoader.parse(yaml, "docs/configuration.md").repository("acme/orders-service")
                .orElseThrow().stages();

        // THEN
        assertThat(stages.stages()).extracting(StageConfig::name).containsExactly("test", "audit", "bench");
        assertThat(stages.beforeDeploy("staging")).extracting(StageConfig::name).containsExactly("migrate");
        assertThat(stages.afterDeploy("staging")).extracting(StageConfig::name).containsExactly("smoke", "e2e");
    }

    @Test
    void parse_shouldRefuseALongerCycle_namingItsStages() {
        String yaml = ENVIRONMENTS + """
                stages:
                  a: {buildspec: a.yml, needs: [c]}
                  b: {buildspec: b.yml, needs: [a]}
                  c: {buildspec: c.yml, needs: [b]}
                """.indent(4);

        assertThatThrownBy(() -> PipelineConfigLoader.parse(yaml, "p.yml"))
                .satisfies(e -> assertThat(((PipelineConfigException) e).problems()).containsExactly(
                        "repositories.acme/orders-service.stages.a.needs (line 8): the stages' needs form a cycle:"
                                + " a -> c -> b -> a"));
    }
}
