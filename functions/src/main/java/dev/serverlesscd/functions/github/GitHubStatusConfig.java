package dev.serverlesscd.functions.github;

import dev.serverlesscd.functions.common.Env;
import dev.serverlesscd.functions.common.EnvironmentVariables;
import java.time.Duration;
import java.util.Optional;

/**
 * Commit status configuration from the environment:
 * <ul>
 *   <li>{@code GITHUB_API_URL}: the REST API's base, {@code https://api.github.com} by default, or a GitHub Enterprise
 *       Server's {@code https://<host>/api/v3};</li>
 *   <li>the token: {@code GITHUB_TOKEN_SECRET_ARN} (Secrets Manager, {@code SecretString} = the token) on AWS, or
 *       {@code GITHUB_TOKEN} locally; or a GitHub App ({@link GitHubAppConfig}); at most one. None: statuses (and
 *       everything else the pipeline tells GitHub) are off, and said so in the log;</li>
 *   <li>{@code RUN_LINK_BASE_URL} (optional): the link of a status is this base and the run id (see {@link RunLinks});
 *       without it statuses carry no link;</li>
 *   <li>{@code GITHUB_STATUS_BUDGET_SECONDS} (optional, default 10): the most one status may take, retries and
 *       rate limit waits included.</li>
 * </ul>
 * Reading it calls nothing, so a wrong value fails at cold start with the variable's name.
 */
public record GitHubStatusConfig(String apiUrl, String tokenSecretArn, String token, RunLinks runLinks, Duration budget,
                                 GitHubAppConfig app) {
    public static final String API_URL = EnvironmentVariables.GITHUB_API_URL;
    public static final String TOKEN_SECRET_ARN = EnvironmentVariables.GITHUB_TOKEN_SECRET_ARN;
    public static final String TOKEN = EnvironmentVariables.GITHUB_TOKEN;
    public static final String RUN_LINK_BASE_URL = EnvironmentVariables.RUN_LINK_BASE_URL;
    public static final String BUDGET_SECONDS = EnvironmentVariables.GITHUB_STATUS_BUDGET_SECONDS;

    public static GitHubStatusConfig from(Env env) {
        String apiUrl;
        try {
            apiUrl = GitHubCommitStatuses.normalizedBaseUrl(
                    env.optional(API_URL).orElse(GitHubCommitStatuses.DEFAULT_API_URL));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Environment variable " + API_URL + ": " + e.getMessage(), e);
        }
        String secretArn = env.optional(TOKEN_SECRET_ARN).orElse(null);
        String token = env.optional(TOKEN).orElse(null);
        if (secretArn != null && token != null) {
            throw new IllegalStateException("Set one of " + TOKEN_SECRET_ARN + " and " + TOKEN + ", not both");
        }
        GitHubAppConfig app = GitHubAppConfig.from(env).orElse(null);
        if (app != null && (secretArn != null || token != null)) {
            throw new IllegalStateException("Set a token (" + TOKEN_SECRET_ARN + " or " + TOKEN + ") or a GitHub App ("
                    + GitHubAppConfig.APP_ID + ", …), not both");
        }
        RunLinks links;
        try {
            links = RunLinks.of(env.optional(RUN_LINK_BASE_URL).orElse(null));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Environment variable " + RUN_LINK_BASE_URL + ": " + e.getMessage(), e);
        }
        Duration budget = env.optional(BUDGET_SECONDS).map(GitHubStatusConfig::seconds).orElse(RetryPolicy.DEFAULT_BUDGET);
        return new GitHubStatusConfig(apiUrl, secretArn, token, links, budget, app);
    }

    /** Statuses are posted only with a token. */
    public boolean enabled() {
        return tokenSecretArn != null || token != null || app != null;
    }

    /** Why statuses are off, for the log; empty when they are on. */
    public Optional<String> offReason() {
        return enabled() ? Optional.empty()
                : Optional.of("neither " + TOKEN_SECRET_ARN + " nor " + TOKEN + " nor a GitHub App ("
                        + GitHubAppConfig.APP_ID + ") is set");
    }

    private static Duration seconds(String value) {
        try {
            long seconds = Long.parseLong(value.strip());
            if (seconds >= 1 && seconds <= 900) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new IllegalStateException("Environment variable " + BUDGET_SECONDS
                + " must be a number of seconds from 1 to 900 (a Lambda's longest run), was '" + value + "'");
    }
}
