package dev.serverlesscd.functions.webhook;

import dev.serverlesscd.functions.common.Env;
import dev.serverlesscd.functions.config.PipelineConfigLoader;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The webhook's configuration, from environment variables, checked once at cold start. The pipeline configuration
 * comes beside it from {@code PIPELINE_CONFIG} or {@code PIPELINE_CONFIG_FILE} ({@link PipelineConfigLoader#fromEnv}).
 *
 * <table>
 *   <tr><td>{@code TABLE_NAME}</td><td>the pipeline's table (required)</td></tr>
 *   <tr><td>{@code STATE_MACHINE_ARN}</td><td>the pipeline state machine (required)</td></tr>
 *   <tr><td>{@code GITHUB_WEBHOOK_SECRET_ARN}</td><td>the secret in Secrets Manager (AWS), or</td></tr>
 *   <tr><td>{@code GITHUB_WEBHOOK_SECRET}</td><td>the secret itself (local), or</td></tr>
 *   <tr><td>{@code GITHUB_WEBHOOK_SECRET_FILE}</td><td>a file holding it (local)</td></tr>
 * </table>
 */
public record WebhookConfig(
        String tableName,
        String stateMachineArn,
        String secretArn,
        String secretValue,
        Path secretFile,
        Duration startLease,
        Duration inFlightWait,
        Duration retention,
        Duration secretTtl,
        long maxBodyBytes) {

    /** GitHub caps a delivery's payload at 25 MB. */
    public static final long MAX_BODY_BYTES = 25L * 1024 * 1024;
    /** Longer than a webhook invocation may run (API Gateway's integration timeout is 30 s). */
    public static final Duration START_LEASE = Duration.ofSeconds(60);
    /** How long a redelivery waits for a concurrent attempt's start: well inside GitHub's 10 s. */
    public static final Duration IN_FLIGHT_WAIT = Duration.ofSeconds(3);
    /** GitHub redelivers deliveries of the past days; Step Functions keeps names unique for 90 days. */
    public static final Duration RETENTION = Duration.ofDays(30);

    public WebhookConfig {
        if (secretArn == null && secretValue == null && secretFile == null) {
            throw new IllegalStateException("No webhook secret: set GITHUB_WEBHOOK_SECRET_ARN (AWS), "
                    + "GITHUB_WEBHOOK_SECRET or GITHUB_WEBHOOK_SECRET_FILE (local)");
        }
    }

    public static WebhookConfig fromEnv(Env env) {
        return new WebhookConfig(
                env.require("TABLE_NAME"),
                env.require("STATE_MACHINE_ARN"),
                env.optional("GITHUB_WEBHOOK_SECRET_ARN").orElse(null),
                env.optional("GITHUB_WEBHOOK_SECRET").orElse(null),
                env.optional("GITHUB_WEBHOOK_SECRET_FILE").map(Path::of).orElse(null),
                START_LEASE,
                IN_FLIGHT_WAIT,
                RETENTION,
                Duration.ofMinutes(5),
                MAX_BODY_BYTES);
    }
}
