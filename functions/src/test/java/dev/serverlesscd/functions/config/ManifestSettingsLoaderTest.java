package dev.serverlesscd.functions.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesscd.functions.common.Json;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** An environment's manifests block (docs/configuration.md, "Manifests"): directory, replicas and variables. */
@Tag("unit")
class ManifestSettingsLoaderTest {

    @Test
    void parse_shouldReadTheManifestsBlock_andDefaultTheDirectoryToDeployEnvironment() throws Exception {
        // WHEN
        PipelineConfig config = PipelineConfigLoader.parse("""
                repositories:
                  acme/orders-service:
                    environments:
                      staging: {namespace: orders-staging, deployment: orders}
                      production:
                        namespace: orders-production
                        deployment: orders
                        manifests: k8s/prod/
                        replicas: 3
                        variables: {LOG_LEVEL: warn, FEATURE_X: "true"}
                """, "inline");

        // THEN
        Map<String, EnvironmentTarget> environments = config.repository("acme/orders-service").orElseThrow().environments();
        EnvironmentTarget staging = environments.get("staging");
        EnvironmentTarget production = environments.get("production");
        assertThat(staging.manifests()).isNull();
        assertThat(staging.manifestSettings().directoryFor("staging")).isEqualTo("deploy/staging");
        assertThat(staging.manifestSettings().configured()).isFalse();
        assertThat(production.manifests()).isEqualTo(new ManifestSettings("k8s/prod", 3,
                Map.of("LOG_LEVEL", "warn", "FEATURE_X", "true")));
        // an environment without the block serializes as before; one with it carries it to the Deploy task
        assertThat(Json.MAPPER.writeValueAsString(staging)).doesNotContain("manifests");
        assertThat(Json.MAPPER.readValue(Json.MAPPER.writeValueAsString(production), EnvironmentTarget.class))
                .isEqualTo(production);
    }

    @Test
    void parse_shouldNameEachBadValue_withItsLine() {
        String yaml = """
                repositories:
                  acme/orders-service:
                    environments:
                      staging:
                        namespace: orders-staging
                        deployment: orders
                        manifests: ../secrets
                        replicas: 5000
                        variables: {"1BAD": x}
                """;

        assertThatThrownBy(() -> PipelineConfigLoader.parse(yaml, "pipeline.yml"))
                .isInstanceOf(PipelineConfigException.class)
                .satisfies(e -> assertThat(((PipelineConfigException) e).problems()).containsExactly(
                        "repositories.acme/orders-service.environments.staging.manifests (line 7): '../secrets' must be a"
                                + " directory inside the repository (relative, letters, digits, '.', '_', '-' and '/', no '..')",
                        "repositories.acme/orders-service.environments.staging.replicas (line 8): 5000 is outside 0..1000",
                        "repositories.acme/orders-service.environments.staging.variables.1BAD (line 9): '1BAD' is not an"
                                + " environment variable name (letters, digits, '_', '.', '-'; not a digit first)"));
    }
}
