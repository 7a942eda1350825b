package dev.serverlesscd.functions.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;

/**
 * The webhook secret from Secrets Manager ({@code SecretString}, the secret itself), cached for {@code ttl}.
 * After a rotation GitHub signs with the new value while the cache holds the old one: a mismatch calls
 * {@link #refresh()}, which reads the secret again, at most once per {@code minRefreshInterval} so forged requests
 * cannot turn into a flood of Secrets Manager calls.
 */
public final class SecretsManagerWebhookSecret implements WebhookSecret {
    private final SecretsManagerClient secretsManager;
    private final String secretId;
    private final Clock clock;
    private final Duration ttl;
    private final Duration minRefreshInterval;
    private byte[] cached;
    private Instant fetchedAt;

    public SecretsManagerWebhookSecret(SecretsManagerClient secretsManager, String secretId, Clock clock,
                                       Duration ttl, Duration minRefreshInterval) {
        this.secretsManager = Objects.requireNonNull(secretsManager, "Secrets Manager client is not specified");
        if (secretId == null || secretId.isBlank()) {
            throw new IllegalArgumentException("Secret id is not specified");
        }
        this.secretId = secretId;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.minRefreshInterval = Objects.requireNonNull(minRefreshInterval, "minRefreshInterval");
    }

    @Override
    public synchronized byte[] current() {
        Instant now = clock.instant();
        if (cached == null || !now.isBefore(fetchedAt.plus(ttl))) {
            fetch(now);
        }
        return cached.clone();
    }

    @Override
    public synchronized boolean refresh() {
        Instant now = clock.instant();
        if (cached != null && now.isBefore(fetchedAt.plus(minRefreshInterval))) {
            return false;
        }
        byte[] before = cached;
        fetch(now);
        return !Arrays.equals(before, cached);
    }

    private void fetch(Instant now) {
        String value = secretsManager.getSecretValue(GetSecretValueRequest.builder().secretId(secretId).build())
                .secretString();
        if (value == null || value.isEmpty()) {
            throw new IllegalStateException("Secret " + secretId + " has no SecretString");
        }
        cached = value.getBytes(StandardCharsets.UTF_8);
        fetchedAt = now;
    }
}
