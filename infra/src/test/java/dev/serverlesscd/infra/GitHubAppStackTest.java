package dev.serverlesscd.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesscd.functions.common.EnvironmentVariables;
import dev.serverlesscd.infra.config.InfraConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Template;

/**
 * A deployment that names a GitHub App ({@code githubAppId}, {@code githubAppInstallationId}): the functions that call
 * GitHub call it as the app, with its private key in a secret of its own, and no longer read the token secret.
 */
@Tag("unit")
class GitHubAppStackTest {
    private static Template template;

    @BeforeAll
    static void synthesize() {
        InfraConfig config = InfraConfig.load(Map.of(InfraConfig.CONFIG_FILE_KEY, InfraConfig.DEFAULT_CONFIG_FILE,
                "githubAppId", "123456", "githubAppInstallationId", "45678901")::get, StackFixture.LAYOUT.infraDir());
        template = Template.fromStack(ServerlessCdApp.createStack(new App(), config,
                StackFixture.LAYOUT.requireFunctionsJar(), StackFixture.definition()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> props(Object resource) {
        return (Map<String, Object>) ((Map<String, Object>) resource).get("Properties");
    }

    @Test
    void theFunctionsThatCallGitHub_callItAsTheApp_withItsKeySecret_andNotWithTheToken() {
        // GIVEN the app's private key secret
        Map<String, Map<String, Object>> keys = template.findResources("AWS::SecretsManager::Secret",
                Map.of("Properties", Map.of("Name", "ServerlessCd/github-app-private-key")));
        assertThat(keys).hasSize(1);
        String keyId = keys.keySet().iterator().next();

        // WHEN the functions' environments are read
        List<String> callers = new ArrayList<>();
        template.findResources("AWS::Lambda::Function").forEach((id, function) -> {
            Map<?, ?> environment = (Map<?, ?>) props(function).get("Environment");
            @SuppressWarnings("unchecked")
            Map<String, Object> variables = environment == null ? Map.of()
                    : (Map<String, Object>) environment.get("Variables");
            if (variables.containsKey(EnvironmentVariables.GITHUB_API_URL)) {
                callers.add((String) props(function).get("Handler"));
                // THEN each calls GitHub as installation 45678901 of app 123456, the key by its secret's ARN
                assertThat(variables).containsEntry(EnvironmentVariables.GITHUB_APP_ID, "123456")
                        .containsEntry(EnvironmentVariables.GITHUB_APP_INSTALLATION_ID, "45678901")
                        .containsEntry(EnvironmentVariables.GITHUB_APP_PRIVATE_KEY_SECRET_ARN, Map.of("Ref", keyId))
                        .doesNotContainKey(EnvironmentVariables.GITHUB_TOKEN_SECRET_ARN);
            }
        });
        assertThat(callers).hasSize(5);

        // AND the roles may read the key, and no role reads the token secret any more
        String policies = template.findResources("AWS::IAM::Policy").toString();
        assertThat(policies).contains("Ref=" + keyId);
        String tokenId = template.findResources("AWS::SecretsManager::Secret",
                Map.of("Properties", Map.of("Name", "ServerlessCd/github-token"))).keySet().iterator().next();
        assertThat(policies).doesNotContain("Ref=" + tokenId + "}");
    }
}
