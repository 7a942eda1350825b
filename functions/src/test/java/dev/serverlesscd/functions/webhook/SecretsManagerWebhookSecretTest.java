package dev.serverlesscd.functions.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesscd.functions.lambda.WebhookHandler;
import dev.serverlesscd.functions.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/** Caching and rotation of the webhook secret from Secrets Manager (the client stubbed at its interface). */
@Tag("dynamodb")
class SecretsManagerWebhookSecretTest {
    final AtomicReference<String> stored = new AtomicReference<>("first");
    final AtomicInteger calls = new AtomicInteger();
    final MutableClock clock = new MutableClock(WebhookFixture.T0);
    final SecretsManagerClient secretsManager = new SecretsManagerClient() {
        @Override
        public GetSecretValueResponse getSecretValue(GetSecretValueRequest request) {
            calls.incrementAndGet();
            return GetSecretValueResponse.builder().secretString(stored.get()).build();
        }

        @Override
        public String serviceName() {
            return "secretsmanager";
        }

        @Override
        public void close() {
        }
    };
    final SecretsManagerWebhookSecret secret = new SecretsManagerWebhookSecret(secretsManager, "github-webhook",
            clock, Duration.ofMinutes(5), Duration.ofSeconds(30));

    @Test
    void current_shouldReadTheSecretOnce_andAgainAfterItsTtl() {
        // WHEN read three times within the TTL, then after it
        secret.current();
        secret.current();
        clock.advance(Duration.ofMinutes(1));
        secret.current();
        clock.advance(Duration.ofMinutes(5));
        secret.current();

        // THEN two calls to Secrets Manager
        assertThat(calls).hasValue(2);
    }

    @Test
    void refresh_shouldPickUpARotatedSecret_atMostOncePerInterval() {
        // GIVEN the cached secret, then a rotation
        secret.current();
        stored.set("second");
        clock.advance(Duration.ofSeconds(31));

        // WHEN a mismatch asks for a refresh, and forged requests keep asking
        boolean changed = secret.refresh();
        boolean again = secret.refresh();

        // THEN the new value, and no second read within the interval
        assertThat(changed).isTrue();
        assertThat(again).isFalse();
        assertThat(new String(secret.current(), StandardCharsets.UTF_8)).isEqualTo("second");
        assertThat(calls).hasValue(2);
    }

    @Test
    void service_shouldAcceptADeliverySignedWithTheRotatedSecret() {
        // GIVEN a webhook that cached the old secret, and GitHub now signing with the new one
        secret.current();
        stored.set("second");
        clock.advance(Duration.ofMinutes(1));
        try (var db = dev.serverlesscd.functions.testing.DynamoDbLocal.start()) {
            WebhookFixture fixture = new WebhookFixture(db);
            WebhookService service = new WebhookService(secret, WebhookFixture.CONFIG, fixture.launcher, clock,
                    WebhookConfig.MAX_BODY_BYTES);

            // WHEN a push signed with the new secret arrives
            var response = WebhookHandler.handle(service, Deliveries.of("push", WebhookFixture.delivery(),
                    WebhookFixture.pushJson("refs/heads/main")).sign("second").event());

            // THEN the secret is refreshed and the push accepted
            assertThat(response.getStatusCode()).isEqualTo(202);
            assertThat(calls).hasValue(2);
        }
    }
}
