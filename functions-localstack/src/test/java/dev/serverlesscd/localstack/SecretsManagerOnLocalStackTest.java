package dev.serverlesscd.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesscd.functions.common.AwsClients;
import dev.serverlesscd.functions.common.Env;
import dev.serverlesscd.functions.common.EnvironmentVariables;
import dev.serverlesscd.functions.common.SecretsManagerSecrets;
import dev.serverlesscd.functions.wiring.AwsPorts;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/** Secrets Manager through the functions' readers: the link signing key's and the webhook secret's. */
@LocalStackTest
class SecretsManagerOnLocalStackTest {

    @BeforeAll
    static void start() {
        LocalStack.start();
    }

    @Test
    void read_shouldAnswerTheSecretString() {
        // GIVEN
        String name = "pipeline/link-signing-key-" + UUID.randomUUID();
        AwsClients.secretsManager().createSecret(r -> r.name(name).secretString("s3cr3t-signing-key"));

        // WHEN
        String value = SecretsManagerSecrets.read(name);

        // THEN
        assertThat(value).isEqualTo("s3cr3t-signing-key");
    }

    @Test
    void read_shouldFailWithResourceNotFound_whenNoSuchSecret() {
        // GIVEN no secret of that name
        String name = "pipeline/missing-" + UUID.randomUUID();

        // WHEN / THEN
        assertThatThrownBy(() -> SecretsManagerSecrets.read(name)).isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void webhookSecret_shouldBeTheSecretNamedByItsArn_asTheLambdaReadsIt() {
        // GIVEN the secret, and the webhook function's environment naming its ARN
        String arn = AwsClients.secretsManager().createSecret(r -> r.name("pipeline/webhook-" + UUID.randomUUID())
                .secretString("webhook-secret")).arn();
        Env env = new Env(Map.of(EnvironmentVariables.GITHUB_WEBHOOK_SECRET_ARN, arn));

        // WHEN
        byte[] secret = AwsPorts.create(env, Clock.systemUTC()).webhookSecret().current();

        // THEN
        assertThat(new String(secret, StandardCharsets.UTF_8)).isEqualTo("webhook-secret");
    }
}
