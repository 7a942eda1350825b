package dev.serverlesscd.functions.github;

import dev.serverlesscd.functions.common.Env;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the commit statuses a function posts with, once per container, from {@link GitHubStatusConfig}: the REST
 * API with the token {@link GitHubClients} reads (Secrets Manager, {@code GITHUB_TOKEN} or a GitHub App's), wrapped so a failure is logged and
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
        GitHubToken token = GitHubClients.token(config);
        return new SafeCommitStatuses(new GitHubCommitStatuses(config.apiUrl(), token,
                GitHubCommitStatuses.defaultHttpClient(), RetryPolicy.withBudget(config.budget())));
    }
}
