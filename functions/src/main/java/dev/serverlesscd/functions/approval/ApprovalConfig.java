package dev.serverlesscd.functions.approval;

import dev.serverlesscd.functions.common.Env;
import dev.serverlesscd.functions.common.EnvironmentVariables;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.function.UnaryOperator;

/**
 * The approval handlers' configuration, from the environment, checked once at cold start:
 * {@code TABLE_NAME}, {@code SENDER_EMAIL}, {@code APPROVAL_BASE_URL} (the page's URL, e.g.
 * {@code https://ci.example.com/approvals}), the link-signing key from the Secrets Manager secret
 * {@code LINK_SIGNING_KEY_SECRET_ARN} or, for local runs, directly from {@code LINK_SIGNING_KEY}, and optionally
 * {@code APPROVAL_TIMEOUT} (ISO-8601, default {@code PT72H}: the state machine's {@code TimeoutSeconds}).
 */
public record ApprovalConfig(
        String tableName, String senderEmail, String approvalBaseUrl, String linkSigningKey, Duration timeout) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(72);

    /**
     * @param secretById reads a secret's string by its ARN (Secrets Manager on AWS); called only when
     *                   {@code LINK_SIGNING_KEY} is not set, and once per container
     */
    public static ApprovalConfig from(Env env, UnaryOperator<String> secretById) {
        String table = env.require(EnvironmentVariables.TABLE_NAME);
        String sender = env.require(EnvironmentVariables.SENDER_EMAIL);
        String baseUrl = env.require(EnvironmentVariables.APPROVAL_BASE_URL);
        String key = env.optional(EnvironmentVariables.LINK_SIGNING_KEY).orElseGet(() -> {
            String arn = env.optional(EnvironmentVariables.LINK_SIGNING_KEY_SECRET_ARN).orElseThrow(() -> new IllegalStateException(
                    "Environment variable LINK_SIGNING_KEY_SECRET_ARN is not set (or LINK_SIGNING_KEY, for local runs)"));
            String secret = secretById.apply(arn);
            if (secret == null || secret.isBlank()) {
                throw new IllegalStateException("Secret " + arn + " (LINK_SIGNING_KEY_SECRET_ARN) holds no string");
            }
            return secret;
        });
        if (key.getBytes(StandardCharsets.UTF_8).length < LinkSigner.MIN_KEY_BYTES) {
            throw new IllegalStateException("The link-signing key must be at least " + LinkSigner.MIN_KEY_BYTES + " bytes");
        }
        return new ApprovalConfig(table, sender, baseUrl, key, timeout(env));
    }

    /** {@code APPROVAL_TIMEOUT} (ISO-8601, positive), or {@link #DEFAULT_TIMEOUT}. */
    public static Duration timeout(Env env) {
        return env.optional(EnvironmentVariables.APPROVAL_TIMEOUT).map(ApprovalConfig::duration).orElse(DEFAULT_TIMEOUT);
    }

    public LinkSigner signer() {
        return new LinkSigner(linkSigningKey.getBytes(StandardCharsets.UTF_8));
    }

    public ApprovalLinks links() {
        return new ApprovalLinks(approvalBaseUrl, signer());
    }

    /** Never prints the key. */
    @Override
    public String toString() {
        return "ApprovalConfig[tableName=" + tableName + ", senderEmail=" + senderEmail + ", approvalBaseUrl="
                + approvalBaseUrl + ", linkSigningKey=***, timeout=" + timeout + "]";
    }

    private static Duration duration(String value) {
        try {
            Duration parsed = Duration.parse(value);
            if (parsed.isNegative() || parsed.isZero()) {
                throw new IllegalStateException("Environment variable APPROVAL_TIMEOUT must be positive, was " + value);
            }
            return parsed;
        } catch (DateTimeParseException e) {
            throw new IllegalStateException("Environment variable APPROVAL_TIMEOUT is not an ISO-8601 duration: '" + value + "'");
        }
    }
}
