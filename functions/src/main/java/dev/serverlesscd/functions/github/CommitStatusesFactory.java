package dev.serverlesscd.functions.github;

import dev.serverlesscd.functions.common.AwsClients;
import dev.serverlesscd.functions.common.Env;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the commit statuses a function posts with, once per container, from {@link GitHubStatusConfig}: the REST
 * API with the Secrets Manager token (cached 5 minutes) or {@code GITHUB_TOKEN}, wrapped so a failure is logged and
 * never thrown; without a token, {@link LoggingCommitStatuses}, which says statuses are off.
 */
public final class CommitStatusesFactory {
    private static final Logger LOG = LoggerFactory.getLogger(CommitStatusesFactory.class);

    private CommitStatusesFactory() {
    }

    public static CommitStatuses fromEnv(Env env) {
        return create(GitHubStatusConfig.from(env));
    }

    public static CommitStatuses create(GitHubStatusConfig config) {
        if (!config.enabled()) {
            String why = config.offReason().orElseThrow();
            LOG.warn("GitHub commit statuses are off: {}; each status is logged instead", why);
            return new LoggingCommitStatuses(why);
        }
        GitHubToken token = config.tokenSecretArn() != null
                ? new SecretsManagerGitHubToken(
                        AwsClients.secretsManager(),
                        config.tokenSecretArn(), Clock.systemUTC(), SecretsManagerGitHubToken.DEFAULT_TTL)
                : GitHubToken.of(config.token());
        return new SafeCommitStatuses(new GitHubCommitStatuses(config.apiUrl(), token,
                GitHubCommitStatuses.defaultHttpClient(), RetryPolicy.withBudget(config.budget())));
    }
}
