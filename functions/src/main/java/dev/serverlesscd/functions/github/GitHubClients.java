package dev.serverlesscd.functions.github;

import dev.serverlesscd.functions.common.AwsClients;
import dev.serverlesscd.functions.common.Env;
import dev.serverlesscd.functions.common.SecretsManagerSecrets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * Builds the {@link GitHubClient} a container uses, once, from {@link GitHubStatusConfig}: the REST API with the
 * Secrets Manager token (cached 5 minutes), {@code GITHUB_TOKEN}, or a GitHub App's installation token
 * ({@link GitHubAppToken}); without any, a client that says GitHub is off on every call.
 */
public final class GitHubClients {

    private GitHubClients() {
    }

    public static GitHubClient fromEnv(Env env) {
        return create(GitHubStatusConfig.from(env));
    }

    public static GitHubClient create(GitHubStatusConfig config) {
        if (!config.enabled()) {
            return new OffGitHubClient(config.offReason().orElseThrow());
        }
        return new RestGitHubClient(new GitHubRest(config.apiUrl(), token(config), GitHubRest.defaultHttpClient(),
                RetryPolicy.withBudget(config.budget())));
    }

    /** The token the configuration names: a GitHub App's, the Secrets Manager secret's, or the one given. */
    static GitHubToken token(GitHubStatusConfig config) {
        if (config.app() != null) {
            GitHubAppConfig app = config.app();
            Supplier<String> key = app.privateKeySecretArn() != null
                    ? () -> SecretsManagerSecrets.read(app.privateKeySecretArn())
                    : () -> readFile(Path.of(app.privateKeyFile()));
            return new GitHubAppToken(app.appId(), app.installationId(), key, config.apiUrl(),
                    GitHubRest.defaultHttpClient(), Clock.systemUTC(), Sleeper.THREAD,
                    RetryPolicy.withBudget(config.budget()));
        }
        if (config.tokenSecretArn() != null) {
            return new SecretsManagerGitHubToken(AwsClients.secretsManager(), config.tokenSecretArn(),
                    Clock.systemUTC(), SecretsManagerGitHubToken.DEFAULT_TTL);
        }
        return GitHubToken.of(config.token());
    }

    private static String readFile(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("The GitHub App's private key file " + file + " cannot be read: "
                    + e.getMessage(), e);
        }
    }
}
