package dev.serverlesscd.functions.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesscd.functions.common.Env;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class PipelineConfigLoaderTest {

    private static final String ORDERS_ENVIRONMENTS = """
            repositories:
              acme/orders-service:
                environments:
                  staging: {namespace: orders-staging, deployment: orders}
                  production:
                    namespace: orders-production
                    deployment: orders
                    requiredApprovals: 1
                    approvers: [lead@example.com]
                  research: {namespace: orders-research, deployment: orders}
            """;

    @Test
    void load_shouldReadTheSampleConfiguration_withTheDefaultBranchModelWrittenOut() {
        // GIVEN samples/pipeline-config.yml
        Path sample = repositoryRoot().resolve("samples/pipeline-config.yml");

        // WHEN it is loaded
        PipelineConfig config = PipelineConfigLoader.load(sample);

        // THEN main goes to staging then production (one approval from the lead), with the full tier
        Route main = config.routeBranch("acme/orders-service", "main").orElseThrow();
        assertThat(main.tier()).isEqualTo("full");
        assertThat(main.environments()).containsExactly(
                new EnvironmentTarget("staging", "orders-staging", "orders", "orders", "/health", 0, List.of()),
                new EnvironmentTarget("production", "orders-production", "orders", "orders", "/health", 1,
                        List.of("lead@example.com")));
        // AND the sample leaves tiers out: the team's defaults apply
        assertThat(config.tiers().get("full").minCoverage()).isEqualTo(85);
        assertThat(config.tiers()).isEqualTo(DefaultBranchModel.TIERS);
    }

    @Test
    void parse_shouldGiveEveryTierTheTeamsThresholds_whenTheFileLeavesTiersOut() {
        // GIVEN a file without tiers
        PipelineConfig config = PipelineConfigLoader.parse(ORDERS_ENVIRONMENTS, "inline");

        // THEN coverage at least 85 / 80 / none; a drop of more than 5 points fails; HIGH fails full and warns
        // standard and basic, CRITICAL fails standard, basic never fails; perf 10 % warns, 20 % fails; image 20 MB
        // warns, 50 MB fails
        assertThat(config.tiers()).containsOnlyKeys("full", "standard", "basic");
        assertThat(config.tiers().get("full")).isEqualTo(
                new Tier("full", 0, 85, 5, Severity.HIGH, Severity.MEDIUM, 10, 20, 20, 50));
        assertThat(config.tiers().get("standard")).isEqualTo(
                new Tier("standard", 0, 80, 5, Severity.CRITICAL, Severity.HIGH, 10, 20, 20, 50));
        assertThat(config.tiers().get("basic")).isEqualTo(
                new Tier("basic", 0, 0, 5, Severity.NONE, Severity.HIGH, 10, 20, 20, 50));
        assertThat(config.tiers().get("basic").asksCoverage()).isFalse();
        assertThat(config.tiers().get("standard").failsOn(Severity.HIGH)).isFalse();
        assertThat(config.tiers().get("standard").warnsOn(Severity.HIGH)).isTrue();
        assertThat(config.tiers().get("basic").failsOn(Severity.CRITICAL)).isFalse();
    }

    @Test
    void parse_shouldOverrideOnlyTheFieldsATierSets_andAcceptANewTier() {
        // GIVEN a stricter full tier and a custom tier
        PipelineConfig config = PipelineConfigLoader.parse("""
                tiers:
                  full: {minCoverage: 90, warnOnSeverity: low, imageGrowthWarnMb: 10, imageGrowthFailMb: 30}
                  nightly: {failOnSeverity: NONE, warnOnSeverity: NONE}
                repositories:
                  acme/orders-service:
                    branches:
                      - {pattern: "**", tier: nightly}
                """, "inline");

        // THEN the rest keeps the defaults; a new tier starts from standard's
        assertThat(config.tiers().get("full")).isEqualTo(
                new Tier("full", 0, 90, 5, Severity.HIGH, Severity.LOW, 10, 20, 10, 30));
        assertThat(config.tiers().get("nightly")).isEqualTo(
                new Tier("nightly", 0, 80, 5, Severity.NONE, Severity.NONE, 10, 20, 20, 50));
    }

    @Test
    void fromEnv_shouldReadTheYamlInline_orTheFileItNames() throws java.io.IOException {
        // GIVEN the same configuration inline and in a file
        Path file = Files.createTempFile("pipeline", ".yml");
        Files.writeString(file, ORDERS_ENVIRONMENTS);

        // WHEN
        PipelineConfig inline = PipelineConfigLoader.fromEnv(new Env(Map.of("PIPELINE_CONFIG", ORDERS_ENVIRONMENTS)));
        PipelineConfig fromFile = PipelineConfigLoader.fromEnv(new Env(Map.of("PIPELINE_CONFIG_FILE", file.toString())));

        // THEN
        assertThat(inline).isEqualTo(fromFile);
        assertRoute(inline.routeBranch("acme/orders-service", "main"), "full", "staging", "production");
        Files.delete(file);
    }

    @Test
    void fromEnv_shouldNameBothVariables_whenNeitherOrBothAreSet() {
        assertThatThrownBy(() -> PipelineConfigLoader.fromEnv(new Env(Map.of("TABLE_NAME", "pipeline"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Environment variable PIPELINE_CONFIG (the pipeline configuration YAML) or "
                        + "PIPELINE_CONFIG_FILE (a path to it) is not set");
        assertThatThrownBy(() -> PipelineConfigLoader.fromEnv(new Env(Map.of(
                "PIPELINE_CONFIG", ORDERS_ENVIRONMENTS, "PIPELINE_CONFIG_FILE", "pipeline.yml"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Set one of PIPELINE_CONFIG (the pipeline configuration YAML) and "
                        + "PIPELINE_CONFIG_FILE (a path to it), not both");
    }

    @Test
    void fromEnv_shouldNameTheFieldAndLine_whenTheInlineYamlIsInvalid() {
        assertThatThrownBy(() -> PipelineConfigLoader.fromEnv(new Env(Map.of("PIPELINE_CONFIG", "repositories:\n  acme/x: {colour: blue}\n"))))
                .isInstanceOf(PipelineConfigException.class)
                .hasMessage("Pipeline configuration from PIPELINE_CONFIG is invalid:\n  - repositories.acme/x.colour (line 2): "
                        + "unknown field; expected one of branches, chat, codeScanning, environments, pullRequests, release, schedules, stages, tags");
    }

    @Test
    void namespacesAndApprovers_shouldCoverEveryRepositorysEnvironments() {
        PipelineConfig config = PipelineConfigLoader.parse(ORDERS_ENVIRONMENTS + """
                  acme/billing:
                    environments:
                      production: {namespace: billing-production, deployment: billing, approvers: [Lead@example.com, cfo@example.com]}
                """, "inline");

        assertThat(config.namespaces()).containsExactly("billing-production", "orders-production", "orders-research", "orders-staging");
        assertThat(config.approvers()).containsExactly("cfo@example.com", "lead@example.com");
    }

    @Test
    void parse_shouldApplyTheDefaultBranchModel_whenARepositoryLeavesItsRulesOut() {
        // GIVEN a repository with environments only
        PipelineConfig config = PipelineConfigLoader.parse(ORDERS_ENVIRONMENTS, "inline");

        // WHEN its refs are routed
        // THEN the teams' branch model
        assertRoute(config.routeBranch("acme/orders-service", "main"), "full", "staging", "production");
        assertRoute(config.routeBranch("acme/orders-service", "master"), "full", "staging", "production");
        assertRoute(config.routeBranch("acme/orders-service", "develop"), "standard", "staging");
        assertRoute(config.routeBranch("acme/orders-service", "research"), "basic", "research");
        assertRoute(config.routeBranch("acme/orders-service", "feature/login"), "standard");
        assertRoute(config.routeTag("acme/orders-service", "v1.4.0"), "full", "staging", "production");
        assertRoute(config.routePullRequest("acme/orders-service"), "standard");
        assertThat(config.routeTag("acme/orders-service", "nightly")).isEmpty();
        assertThat(config.routeBranch("acme/unknown", "main")).isEmpty();
        assertThat(config.repository("ACME/Orders-Service")).isPresent();
    }

    @Test
    void parse_shouldLeaveOutDefaultTargetsTheRepositoryDoesNotDefine() {
        // GIVEN a repository with a staging environment only
        PipelineConfig config = PipelineConfigLoader.parse("""
                repositories:
                  acme/tiny:
                    environments:
                      staging: {namespace: tiny-staging, deployment: tiny}
                """, "inline");

        // WHEN main and research are routed
        // THEN main deploys to staging only, research nowhere
        assertRoute(config.routeBranch("acme/tiny", "main"), "full", "staging");
        assertRoute(config.routeBranch("acme/tiny", "research"), "basic");
    }

    @Test
    void parse_shouldUseTheFirstMatchingRule_withGitGlobs() {
        // GIVEN explicit rules with * and **
        PipelineConfig config = PipelineConfigLoader.parse(ORDERS_ENVIRONMENTS + """
                    branches:
                      - {pattern: "release/*", tier: full, environments: [staging, production]}
                      - {pattern: "team-?/**", tier: basic, environments: [research]}
                      - {pattern: "**", tier: standard}
                """, "inline");

        // THEN
        assertRoute(config.routeBranch("acme/orders-service", "release/1.2"), "full", "staging", "production");
        assertRoute(config.routeBranch("acme/orders-service", "release/1.2/hotfix"), "standard");
        assertRoute(config.routeBranch("acme/orders-service", "team-a/x/y"), "basic", "research");
        assertRoute(config.routeBranch("acme/orders-service", "main"), "standard");
    }

    @Test
    void parse_shouldReportEveryProblemWithItsFieldAndLine() {
        // GIVEN a file with five mistakes
        String yaml = """
                tiers:
                  full: {minCoverage: 180}
                repositories:
                  acme/orders-service:
                    environments:
                      staging: {deployment: orders}
                      production: {namespace: orders-production, deployment: orders, requiredApprovals: 2, approvers: [lead@example.com]}
                    branches:
                      - {pattern: main, tier: fulll, environments: [staging, prod]}
                    pullRequest: {tier: standard}
                """;

        // WHEN it is parsed
        // THEN all five, each with its path and line
        assertThatThrownBy(() -> PipelineConfigLoader.parse(yaml, "pipeline.yml"))
                .isInstanceOf(PipelineConfigException.class)
                .hasMessageStartingWith("Pipeline configuration pipeline.yml is invalid:")
                .satisfies(e -> assertThat(((PipelineConfigException) e).problems()).containsExactly(
                        "tiers.full.minCoverage (line 2): 180 is outside 0..100",
                        "repositories.acme/orders-service.environments.staging.namespace (line 6): required",
                        "repositories.acme/orders-service.environments.production.requiredApprovals (line 7): "
                                + "2 approvals required but 1 distinct approver(s) listed",
                        "repositories.acme/orders-service.branches[0].tier (line 9): unknown tier 'fulll'; known: basic, full, standard",
                        "repositories.acme/orders-service.branches[0].environments (line 9): unknown environment 'prod'; "
                                + "defined: staging, production",
                        "repositories.acme/orders-service.pullRequest (line 10): unknown field; expected one of "
                                + "branches, chat, codeScanning, environments, pullRequests, release, schedules, stages, tags"));
    }

    @Test
    void parse_shouldReportTheLine_whenTheYamlIsNotYaml() {
        // GIVEN broken YAML on line 3
        String yaml = "repositories:\n  acme/x:\n    environments: [unclosed\n";

        // THEN
        assertThatThrownBy(() -> PipelineConfigLoader.parse(yaml, "bad.yml"))
                .isInstanceOf(PipelineConfigException.class)
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void parse_shouldRefuseAFileWithoutRepositories() {
        assertThatThrownBy(() -> PipelineConfigLoader.parse("", "empty.yml"))
                .hasMessageContaining("at least one repository is required");
        assertThatThrownBy(() -> PipelineConfigLoader.parse("tiers: {}\n", "none.yml"))
                .hasMessageContaining("repositories (line 1): required");
        assertThatThrownBy(() -> PipelineConfigLoader.parse("repositories: {}\n", "none.yml"))
                .hasMessageContaining("at least one repository is required");
    }

    @Test
    void parse_shouldRefuseBadNamesAndValues() {
        // GIVEN an invalid repository name, namespace, health path, approver and severity
        String yaml = """
                tiers:
                  full: {failOnSeverity: SEVERE, performanceWarnPercent: 30, performanceFailPercent: 10}
                  standard: {warnOnSeverity: CRITICAL, failOnSeverity: HIGH, imageGrowthWarnMb: 60}
                repositories:
                  not-a-full-name:
                    environments:
                      staging: {namespace: Orders_Staging, deployment: orders, healthPath: health, approvers: [nobody]}
                """;

        // THEN each is named
        assertThatThrownBy(() -> PipelineConfigLoader.parse(yaml, "x.yml"))
                .isInstanceOf(PipelineConfigException.class)
                .satisfies(e -> assertThat(((PipelineConfigException) e).problems()).containsExactlyInAnyOrder(
                        "tiers.full.failOnSeverity (line 2): 'SEVERE' is not one of NONE, LOW, MEDIUM, HIGH, CRITICAL",
                        "tiers.full.performanceWarnPercent (line 2): 30.0 is above performanceFailPercent 10.0; "
                                + "the warn band lies below the fail band",
                        "tiers.standard.warnOnSeverity (line 3): CRITICAL is above failOnSeverity HIGH; lower it to HIGH "
                                + "or below, or set NONE to never warn",
                        "tiers.standard.imageGrowthWarnMb (line 3): 60.0 is above imageGrowthFailMb 50.0; "
                                + "the warn band lies below the fail band",
                        "repositories.not-a-full-name (line 6): 'not-a-full-name' is not a GitHub repository's full name (owner/name)",
                        "repositories.not-a-full-name.environments.staging.namespace (line 7): 'Orders_Staging' is not a "
                                + "Kubernetes namespace name (lower case letters, digits, '-', at most 63)",
                        "repositories.not-a-full-name.environments.staging.healthPath (line 7): 'health' must start with /",
                        "repositories.not-a-full-name.environments.staging.approvers (line 7): 'nobody' is not an email address"));
    }

    private static void assertRoute(java.util.Optional<Route> route, String tier, String... environments) {
        assertThat(route).isPresent();
        assertThat(route.get().tier()).isEqualTo(tier);
        assertThat(route.get().environments()).extracting(EnvironmentTarget::name).containsExactly(environments);
        assertThat(route.get().deploy()).isEqualTo(environments.length > 0);
    }

    static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("samples")) && Files.exists(dir.resolve("mvnw"))) {
                return dir;
            }
        }
        throw new IllegalStateException("No repository root above " + Path.of("").toAbsolutePath());
    }
}
