package dev.serverlesscd.functions.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesscd.functions.run.EnvironmentTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

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
        assertThat(config.tiers().get("full").minCoverage()).isEqualTo(80);
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
                                + "branches, environments, pullRequests, tags"));
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
                        "repositories.not-a-full-name (line 5): 'not-a-full-name' is not a GitHub repository's full name (owner/name)",
                        "repositories.not-a-full-name.environments.staging.namespace (line 6): 'Orders_Staging' is not a "
                                + "Kubernetes namespace name (lower case letters, digits, '-', at most 63)",
                        "repositories.not-a-full-name.environments.staging.healthPath (line 6): 'health' must start with /",
                        "repositories.not-a-full-name.environments.staging.approvers (line 6): 'nobody' is not an email address"));
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
