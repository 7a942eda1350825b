package dev.serverlesscd.infra.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Configuration enters once, validated at synth; each problem names the field and what to do. */
class InfraConfigTest {
    private static final String DEPLOYMENT = """
            clusterName: prod-eks
            senderEmail: pipeline@acme.example
            alarmEmail: oncall@acme.example
            pipelineConfigFile: pipeline.yaml
            """;
    private static final String PIPELINE = """
            repositories:
              - name: acme/orders-service
                rules:
                  - branches: [main]
                    tier: full
                    environments: [staging, production]
            tiers:
              full: {coverageMin: 80, failOnSeverity: HIGH}
            environments:
              staging: {namespace: orders-staging, deployment: orders, healthPath: /health}
              production:
                namespace: orders-production
                deployment: orders
                healthPath: /health
                requiredApprovals: 1
                approvers: [Lead@acme.example]
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
        assertThat(config.pipeline().approverEmails()).containsExactly("lead@acme.example");
        assertThat(config.pipeline().environments().get("staging").container()).isEqualTo("orders");
        assertThat(config.pipeline().yaml()).contains("acme/orders-service").doesNotStartWith("---");
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
    void load_rejectsAPipelineThatReferencesWhatItDoesNotDefine() throws IOException {
        write(DEPLOYMENT, """
                repositories:
                  - name: not-a-repo
                    rules:
                      - branches: [main]
                        tags: ["v*"]
                        tier: gold
                        environments: [qa]
                tiers:
                  full: {coverageMin: 120, perfWarnPercent: 20, perfFailPercent: 10, coverageMinimum: 3}
                environments:
                  production:
                    namespace: Orders_Prod
                    deployment: orders
                    healthPath: health
                    requiredApprovals: 2
                    approvers: [lead@acme.example]
                """);

        assertThatThrownBy(() -> InfraConfig.load(Map.of("configFile", "deployment.yaml")::get, dir))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("pipeline.yaml")
                .satisfies(e -> assertThat(((ConfigException) e).problems())
                        .anySatisfy(p -> assertThat(p).startsWith("repositories[0].name: 'not-a-repo' is not owner/repo"))
                        .anySatisfy(p -> assertThat(p).startsWith("repositories[0].rules[0]: give exactly one of branches or tags"))
                        .anySatisfy(p -> assertThat(p).startsWith("repositories[0].rules[0].tier: 'gold' is not defined"))
                        .anySatisfy(p -> assertThat(p).startsWith("repositories[0].rules[0].environments: 'qa' is not defined"))
                        .anySatisfy(p -> assertThat(p).startsWith("tiers.full.coverageMin: '120' is not valid"))
                        .anySatisfy(p -> assertThat(p).startsWith("tiers.full.perfWarnPercent: is above perfFailPercent"))
                        .anySatisfy(p -> assertThat(p).startsWith("tiers.full.coverageMinimum: unknown field"))
                        .anySatisfy(p -> assertThat(p).startsWith("environments.production.namespace: 'Orders_Prod'"))
                        .anySatisfy(p -> assertThat(p).startsWith("environments.production.healthPath: 'health' must start with '/'"))
                        .anySatisfy(p -> assertThat(p).startsWith("environments.production.requiredApprovals: is 2 but 1 approver")));
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
