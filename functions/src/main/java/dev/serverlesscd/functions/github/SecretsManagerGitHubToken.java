package dev.serverlesscd.functions.github;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The GitHub token from Secrets Manager ({@code SecretString} = the token), read at first use and cached for
 * {@code ttl}, so a rotated token is picked up within the TTL without a call per status. A 401 from GitHub
 * {@linkplain #invalidate() invalidates} the cache at once.
 */
public final class SecretsManagerGitHubToken implements GitHubToken {
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);

    private final SecretsManagerClient secretsManager;
    private final String secretId;
    private final Clock clock;
    private final Duration ttl;
    private String cached;
    private Instant fetchedAt;

    public SecretsManagerGitHubToken(SecretsManagerClient secretsManager, String secretId, Clock clock, Duration ttl) {
        this.secretsManager = Objects.requireNonNull(secretsManager, "Secrets Manager client is not specified");
        if (secretId == null || secretId.isBlank()) {
            throw new IllegalArgumentException("GitHub token secret id is not specified");
        }
        this.secretId = secretId;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
    }

    @Override
    public synchronized String current() {
        Instant now = clock.instant();
        if (cached == null || !now.isBefore(fetchedAt.plus(ttl))) {
            String value = secretsManager.getSecretValue(r -> r.secretId(secretId)).secretString();
            if (value == null || value.isBlank()) {
                throw new CommitStatusException("GitHub token secret " + secretId + " has no SecretString");
            }
            cached = value.strip();
            fetchedAt = now;
        }
        return cached;
    }

    @Override
    public synchronized void invalidate() {
        cached = null;
    }
}
