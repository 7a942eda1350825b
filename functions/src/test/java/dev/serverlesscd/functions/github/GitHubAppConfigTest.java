package dev.serverlesscd.functions.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesscd.functions.common.Env;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class GitHubAppConfigTest {

    @Test
    void from_shouldReadTheApp_andTurnGitHubOn() {
        Env env = new Env(Map.of("GITHUB_APP_ID", "1234", "GITHUB_APP_INSTALLATION_ID", "42",
                "GITHUB_APP_PRIVATE_KEY_SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:1:secret:app-key"));

        GitHubStatusConfig config = GitHubStatusConfig.from(env);

        assertThat(config.app()).isEqualTo(new GitHubAppConfig("1234", 42, "arn:aws:secretsmanager:eu-west-1:1:secret:app-key", null));
        assertThat(config.enabled()).isTrue();
        assertThat(GitHubClients.create(config)).isInstanceOf(RestGitHubClient.class);
    }

    @Test
    void from_shouldNameWhatIsMissing_whenTheAppIsHalfConfigured() {
        assertThatThrownBy(() -> GitHubAppConfig.from(new Env(Map.of("GITHUB_APP_ID", "1234"))))
                .hasMessage("A GitHub App needs GITHUB_APP_ID, GITHUB_APP_INSTALLATION_ID and one of "
                        + "GITHUB_APP_PRIVATE_KEY_SECRET_ARN and GITHUB_APP_PRIVATE_KEY_FILE; set were: GITHUB_APP_ID");
        assertThatThrownBy(() -> GitHubAppConfig.from(new Env(Map.of("GITHUB_APP_ID", "1234",
                "GITHUB_APP_INSTALLATION_ID", "many", "GITHUB_APP_PRIVATE_KEY_FILE", "/key.pem"))))
                .hasMessageContaining("GITHUB_APP_INSTALLATION_ID must be the installation's id (a positive number), was 'many'");
        assertThatThrownBy(() -> GitHubStatusConfig.from(new Env(Map.of("GITHUB_TOKEN", "t", "GITHUB_APP_ID", "1",
                "GITHUB_APP_INSTALLATION_ID", "2", "GITHUB_APP_PRIVATE_KEY_FILE", "/key.pem"))))
                .hasMessageContaining("not both");
    }

    @Test
    void create_shouldSayGitHubIsOff_whenNothingIsConfigured() {
        GitHubClient client = GitHubClients.fromEnv(new Env(Map.of()));

        assertThatThrownBy(() -> client.tags("acme/orders-service"))
                .isInstanceOf(GitHubApiException.class)
                .hasMessageStartingWith("GitHub is off (neither GITHUB_TOKEN_SECRET_ARN nor GITHUB_TOKEN nor a GitHub App");
    }
}
