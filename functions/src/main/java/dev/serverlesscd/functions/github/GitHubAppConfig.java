package dev.serverlesscd.functions.github;

import dev.serverlesscd.functions.common.Env;
import dev.serverlesscd.functions.common.EnvironmentVariables;
import java.util.Optional;

/**
 * A GitHub App to call GitHub as, instead of a token ({@link GitHubAppToken}): {@code GITHUB_APP_ID},
 * {@code GITHUB_APP_INSTALLATION_ID}, and the app's private key (PEM) in Secrets Manager
 * ({@code GITHUB_APP_PRIVATE_KEY_SECRET_ARN}, on AWS) or a file ({@code GITHUB_APP_PRIVATE_KEY_FILE}, locally).
 * All or none: a partial configuration fails naming what is missing.
 */
public record GitHubAppConfig(String appId, long installationId, String privateKeySecretArn, String privateKeyFile) {
    public static final String APP_ID = EnvironmentVariables.GITHUB_APP_ID;
    public static final String INSTALLATION_ID = EnvironmentVariables.GITHUB_APP_INSTALLATION_ID;
    public static final String KEY_SECRET_ARN = EnvironmentVariables.GITHUB_APP_PRIVATE_KEY_SECRET_ARN;
    public static final String KEY_FILE = EnvironmentVariables.GITHUB_APP_PRIVATE_KEY_FILE;

    /** Empty when none of the variables is set. */
    public static Optional<GitHubAppConfig> from(Env env) {
        Optional<String> appId = env.optional(APP_ID);
        Optional<String> installation = env.optional(INSTALLATION_ID);
        Optional<String> keyArn = env.optional(KEY_SECRET_ARN);
        Optional<String> keyFile = env.optional(KEY_FILE);
        if (appId.isEmpty() && installation.isEmpty() && keyArn.isEmpty() && keyFile.isEmpty()) {
            return Optional.empty();
        }
        if (appId.isEmpty() || installation.isEmpty() || keyArn.isEmpty() == keyFile.isEmpty()) {
            throw new IllegalStateException("A GitHub App needs " + APP_ID + ", " + INSTALLATION_ID + " and one of "
                    + KEY_SECRET_ARN + " and " + KEY_FILE + "; set were: " + String.join(", ",
                    java.util.stream.Stream.of(APP_ID, INSTALLATION_ID, KEY_SECRET_ARN, KEY_FILE)
                            .filter(name -> env.optional(name).isPresent()).toList()));
        }
        if (!appId.get().strip().matches("[0-9]+|Iv[0-9A-Za-z.]+")) {
            throw new IllegalStateException("Environment variable " + APP_ID + " must be the app's id (a number) or "
                    + "client id (Iv…), was '" + appId.get() + "'");
        }
        long installationId;
        try {
            installationId = Long.parseLong(installation.get().strip());
        } catch (NumberFormatException e) {
            installationId = -1;
        }
        if (installationId <= 0) {
            throw new IllegalStateException("Environment variable " + INSTALLATION_ID
                    + " must be the installation's id (a positive number), was '" + installation.get() + "'");
        }
        return Optional.of(new GitHubAppConfig(appId.get().strip(), installationId, keyArn.orElse(null),
                keyFile.orElse(null)));
    }
}
