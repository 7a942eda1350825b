package dev.serverlesscd.infra.config;

import dev.serverlesscd.functions.config.DefaultBranchModel;
import dev.serverlesscd.functions.config.PipelineConfig;
import dev.serverlesscd.functions.config.PipelineConfigLoader;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Configuration enters once, validated at synth; each problem names the field and what to do. */
@Tag("unit")
class InfraConfigTest {
    private static final String DEPLOYMENT = """
            clusterName: prod-eks
            senderEmail: pipeline@acme.example
            alarmEmail: oncall@acme.example
            pipelineConfigFile: pipeline.yaml
            """;
    private static final String PIPELINE = """
            # the pipeline configuration, in the functions' format
            repositories:
              acme/orders-service:
                environments:
                  staging: {namespace: orders-staging, deployment: orders}
                  production:
                    namespace: orders-production
                    deployment: orders
                    requiredApprovals: 1
                    approvers: [Lead@acme.example]
                branches:
                  - {pattern: main, tier: full, environments: [staging, production]}
                  - {pattern: "**", tier: standard}
            """;

    @TempDir
    Path dir;

    @Test
    void load_readsTheFile_appliesDefaults_andNormalizesThePipeline() throws IOException {
        // GIVEN
        write(DEPLOYMENT, PIPELINE);

        // WHEN
        InfraConfig config = InfraConfig.load(Map.of("configFile", dir.resolve("deployment.yaml").toString())::get, dir);

        // THEN
        assertThat(config.clusterName()).isEqualTo("prod-eks");
        assertThat(config.stackName()).isEqualTo("ServerlessCd");
        assertThat(config.githubApiUrl()).hasToString("https://api.github.com");
        assertThat(config.logRetentionDays()).isEqualTo(90);
        assertThat(config.account()).isNull();
        PipelineConfig pipeline = config.pipeline().config();
        assertThat(pipeline.approvers()).containsExactly("lead@acme.example");
        assertThat(pipeline.namespaces()).containsExactly("orders-production", "orders-staging");
        assertThat(pipeline.repository("acme/orders-service").orElseThrow().environments().get("staging").container())
                .isEqualTo("orders");
        assertThat(pipeline.tiers()).isEqualTo(DefaultBranchModel.TIERS);
        assertThat(config.pipeline().defaultRepository()).isEqualTo("acme/orders-service");
        // AND the functions receive it without comments, and read the same configuration from it
        assertThat(config.pipeline().yaml()).contains("acme/orders-service").doesNotContain("#").doesNotStartWith("---");
        assertThat(PipelineConfigLoader.parse(config.pipeline().yaml(), "PIPELINE_CONFIG")).isEqualTo(pipeline);
    }

    @Test
    void load_letsContextOverrideTheFile() throws IOException {
        write(DEPLOYMENT, PIPELINE);

        InfraConfig config = InfraConfig.load(Map.of("configFile", "deployment.yaml", "clusterName", "other",
                "logRetentionDays", "30")::get, dir);

        assertThat(config.clusterName()).isEqualTo("other");
        assertThat(config.logRetentionDays()).isEqualTo(30);
    }

    @Test
    void load_takesThePagesOidcIssuerAndAudience_together_orNeither() throws IOException {
        write(DEPLOYMENT, PIPELINE);

        InfraConfig own = InfraConfig.load(Map.of("configFile", "deployment.yaml",
                "pagesOidcIssuer", "https://login.example.com/realms/eng", "pagesOidcAudience", "pipeline-pages")::get,
                dir);
        InfraConfig stacks = InfraConfig.load(Map.of("configFile", "deployment.yaml")::get, dir);

        assertThat(own.pagesUseOwnIssuer()).isTrue();
        assertThat(own.pagesOidcAudience()).isEqualTo("pipeline-pages");
        assertThat(stacks.pagesUseOwnIssuer()).isFalse();
        assertThatThrownBy(() -> InfraConfig.load(Map.of("configFile", "deployment.yaml",
                "pagesOidcIssuer", "http://login.example.com")::get, dir))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).anySatisfy(p -> assertThat(p)
                        .startsWith("pagesOidcAudience: pagesOidcIssuer and pagesOidcAudience go together")));
    }

    @Test
    void load_takesTheSignInShellsClientAndEndpoints_onlyWithTheOwnIssuer_endpointsTogether_https() throws IOException {
        write(DEPLOYMENT, PIPELINE);
        Map<String, Object> issuer = Map.of("configFile", "deployment.yaml",
                "pagesOidcIssuer", "https://login.example.com/realms/eng", "pagesOidcAudience", "pipeline-pages");

        InfraConfig defaults = InfraConfig.load(issuer::get, dir);
        Map<String, Object> given = new java.util.HashMap<>(issuer);
        given.putAll(Map.of("pagesOidcClientId", "spa", "pagesOidcScopes", "openid profile",
                "pagesOidcAuthorizationEndpoint", "https://login.example.com/auth",
                "pagesOidcTokenEndpoint", "https://login.example.com/token",
                "pagesOidcLogoutUrl", "https://login.example.com/logout"));
        InfraConfig explicit = InfraConfig.load(given::get, dir);

        assertThat(defaults.pagesSignIn()).isEqualTo(new InfraConfig.PagesSignIn("pipeline-pages", "openid", null,
                null, null));
        assertThat(explicit.pagesSignIn()).isEqualTo(new InfraConfig.PagesSignIn("spa", "openid profile",
                "https://login.example.com/auth", "https://login.example.com/token", "https://login.example.com/logout"));
        assertThat(InfraConfig.load(Map.of("configFile", "deployment.yaml")::get, dir).pagesSignIn()).isNull();

        Map<String, Object> bad = new java.util.HashMap<>(issuer);
        bad.putAll(Map.of("pagesOidcTokenEndpoint", "http://login.example.com/token", "pagesOidcScopes", "openid  \"x\""));
        assertThatThrownBy(() -> InfraConfig.load(bad::get, dir))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).contains(
                        "pagesOidcAuthorizationEndpoint: pagesOidcAuthorizationEndpoint and pagesOidcTokenEndpoint go "
                                + "together, or neither to read them from the issuer's discovery document",
                        "pagesOidcTokenEndpoint: 'http://login.example.com/token' must be an https:// URL",
                        "pagesOidcScopes: 'openid  \"x\"' must be OAuth scopes separated by single spaces"));
        assertThatThrownBy(() -> InfraConfig.load(Map.of("configFile", "deployment.yaml",
                "pagesOidcClientId", "spa")::get, dir))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).contains("pagesOidcClientId: only with "
                        + "pagesOidcIssuer: the stack's own user pool sets up its client and endpoints itself"));
    }

    @Test
    void load_takesTheGitHubAppIdAndInstallation_together_asNumbers() throws IOException {
        write(DEPLOYMENT, PIPELINE);

        InfraConfig app = InfraConfig.load(Map.of("configFile", "deployment.yaml",
                "githubAppId", "123456", "githubAppInstallationId", "45678901")::get, dir);
        InfraConfig token = InfraConfig.load(Map.of("configFile", "deployment.yaml")::get, dir);

        assertThat(app.githubApp()).isTrue();
        assertThat(app.githubAppInstallationId()).isEqualTo("45678901");
        assertThat(token.githubApp()).isFalse();
        assertThatThrownBy(() -> InfraConfig.load(Map.of("configFile", "deployment.yaml",
                "githubAppId", "my-app")::get, dir))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).anySatisfy(p -> assertThat(p)
                        .startsWith("githubAppInstallationId: githubAppId and githubAppInstallationId go together"))
                        .anySatisfy(p -> assertThat(p)
                                .startsWith("githubAppId: 'my-app' must be the number GitHub shows in the app's settings")));
    }

    @Test
    void load_listsEveryDeploymentProblem_namingTheFieldAndTheFix() throws IOException {
        write("""
                clusterName: ""
                senderEmail: not-an-email
                githubApiUrl: http://api.github.com
                logRetentionDays: 42
                account: "123"
                colour: blue
                pipelineConfigFile: pipeline.yaml
                """, PIPELINE);

        assertThatThrownBy(() -> InfraConfig.load(Map.of("configFile", "deployment.yaml")::get, dir))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).anySatisfy(p -> assertThat(p)
                                .startsWith("clusterName: is missing"))
                        .anySatisfy(p -> assertThat(p).startsWith("senderEmail: 'not-an-email' is not an email"))
                        .anySatisfy(p -> assertThat(p).startsWith("alarmEmail: is missing"))
                        .anySatisfy(p -> assertThat(p).startsWith("githubApiUrl:").contains("https"))
                        .anySatisfy(p -> assertThat(p).startsWith("logRetentionDays: 42 is not a CloudWatch"))
                        .anySatisfy(p -> assertThat(p).startsWith("account: '123' is not a 12-digit"))
                        .anySatisfy(p -> assertThat(p).startsWith("colour: unknown field")));
    }

    @Test
    void load_rejectsAPipelineThatReferencesWhatItDoesNotDefine_namingEachFieldAndLine() throws IOException {
        write(DEPLOYMENT, """
                tiers:
                  full: {minCoverage: 120, performanceWarnPercent: 20, performanceFailPercent: 10, coverageMin: 3}
                repositories:
                  not-a-repo:
                    environments:
                      production:
                        namespace: Orders_Prod
                        deployment: orders
                        healthPath: health
                        requiredApprovals: 2
                        approvers: [lead@acme.example]
                    branches:
                      - {pattern: main, tier: gold, environments: [qa]}
                """);

        assertThatThrownBy(() -> InfraConfig.load(Map.of("configFile", "deployment.yaml")::get, dir))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("pipeline.yaml (format: docs/configuration.md")
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly(
                        "tiers.full.coverageMin (line 2): unknown field; expected one of failOnSeverity, imageGrowthFailMb, "
                                + "imageGrowthWarnMb, maxCoverageDrop, maxFailedTests, minCoverage, performanceFailPercent, "
                                + "performanceWarnPercent, warnOnSeverity",
                        "tiers.full.minCoverage (line 2): 120 is outside 0..100",
                        "tiers.full.performanceWarnPercent (line 2): 20.0 is above performanceFailPercent 10.0; "
                                + "the warn band lies below the fail band",
                        "repositories.not-a-repo (line 5): 'not-a-repo' is not a GitHub repository's full name (owner/name)",
                        "repositories.not-a-repo.environments.production.namespace (line 7): 'Orders_Prod' is not a "
                                + "Kubernetes namespace name (lower case letters, digits, '-', at most 63)",
                        "repositories.not-a-repo.environments.production.healthPath (line 9): 'health' must start with /",
                        "repositories.not-a-repo.environments.production.requiredApprovals (line 10): 2 approvals "
                                + "required but 1 distinct approver(s) listed",
                        "repositories.not-a-repo.branches[0].tier (line 13): unknown tier 'gold'; known: basic, full, standard",
                        "repositories.not-a-repo.branches[0].environments (line 13): unknown environment 'qa'; "
                                + "defined: production"));
    }

    @Test
    void load_rejectsAPipelineTooLargeForTheFunctionsEnvironment() throws IOException {
        // GIVEN forty repositories
        StringBuilder pipeline = new StringBuilder("repositories:\n");
        for (int i = 0; i < 40; i++) {
            pipeline.append("  acme/service-").append(i).append(":\n    environments:\n      staging: ")
                    .append("{namespace: service-").append(i).append("-staging, deployment: service}\n");
        }
        write(DEPLOYMENT, pipeline.toString());

        assertThatThrownBy(() -> InfraConfig.load(Map.of("configFile", "deployment.yaml")::get, dir))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).singleElement().asString()
                        .startsWith("(file): is ").contains("more than the 3072 bytes"));
    }

    @Test
    void load_namesTheSetting_whenThePipelineFileIsMissing() throws IOException {
        Files.writeString(dir.resolve("deployment.yaml"), DEPLOYMENT.replace("pipeline.yaml", "nowhere.yaml"));

        assertThatThrownBy(() -> InfraConfig.load(Map.of("configFile", "deployment.yaml")::get, dir))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("pipelineConfigFile: no file at " + dir.resolve("nowhere.yaml"));
    }

    @Test
    void load_failsWithThePath_whenTheConfigFileIsMissing() {
        assertThatThrownBy(() -> InfraConfig.load(Map.of("configFile", "nowhere.yaml")::get, dir))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("configFile: no file at " + dir.resolve("nowhere.yaml"));
    }

    private void write(String deployment, String pipeline) throws IOException {
        Files.writeString(dir.resolve("deployment.yaml"), deployment);
        Files.writeString(dir.resolve("pipeline.yaml"), pipeline);
    }
}
