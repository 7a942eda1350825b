package dev.serverlesscd.functions.webhook;

import dev.serverlesscd.functions.common.AwsClients;
import dev.serverlesscd.functions.common.Env;
import dev.serverlesscd.functions.common.EnvironmentVariables;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * The webhook's secret, from environment variables, checked once at cold start, and the webhook's fixed limits. The
 * table, the state machine and the pipeline configuration come from the wiring ({@code AwsPorts}).
 *
 * <table>
 *   <tr><td>{@code GITHUB_WEBHOOK_SECRET_ARN}</td><td>the secret in Secrets Manager (AWS), or</td></tr>
 *   <tr><td>{@code GITHUB_WEBHOOK_SECRET}</td><td>the secret itself (local), or</td></tr>
 *   <tr><td>{@code GITHUB_WEBHOOK_SECRET_FILE}</td><td>a file holding it (local)</td></tr>
 * </table>
 */
public record WebhookConfig(String secretArn, String secretValue, Path secretFile) {

    /** GitHub caps a delivery's payload at 25 MB. */
    public static final long MAX_BODY_BYTES = 25L * 1024 * 1024;
    /** Longer than a webhook invocation may run (API Gateway's integration timeout is 30 s). */
    public static final Duration START_LEASE = Duration.ofSeconds(60);
    /** How long a redelivery waits for a concurrent attempt's start: well inside GitHub's 10 s. */
    public static final Duration IN_FLIGHT_WAIT = Duration.ofSeconds(3);
    /** GitHub redelivers deliveries of the past days; Step Functions keeps names unique for 90 days. */
    public static final Duration RETENTION = Duration.ofDays(30);
    /** How long a secret read from Secrets Manager is used before it is read again. */
    public static final Duration SECRET_TTL = Duration.ofMinutes(5);

    public WebhookConfig {
        if (secretArn == null && secretValue == null && secretFile == null) {
            throw new IllegalStateException("No webhook secret: set GITHUB_WEBHOOK_SECRET_ARN (AWS), "
                    + "GITHUB_WEBHOOK_SECRET or GITHUB_WEBHOOK_SECRET_FILE (local)");
        }
    }

    public static WebhookConfig fromEnv(Env env) {
        return new WebhookConfig(
                env.optional(EnvironmentVariables.GITHUB_WEBHOOK_SECRET_ARN).orElse(null),
                env.optional(EnvironmentVariables.GITHUB_WEBHOOK_SECRET).orElse(null),
                env.optional(EnvironmentVariables.GITHUB_WEBHOOK_SECRET_FILE).map(Path::of).orElse(null));
    }

    /** The secret as configured: Secrets Manager (re-read after {@link #SECRET_TTL}), the value, or the file. */
    public WebhookSecret secret(Clock clock) {
        if (secretArn != null) {
            return new SecretsManagerWebhookSecret(AwsClients.secretsManager(), secretArn, clock, SECRET_TTL,
                    Duration.ofSeconds(30));
        }
        return secretValue != null ? new StaticWebhookSecret(secretValue) : StaticWebhookSecret.fromFile(secretFile);
    }
}
