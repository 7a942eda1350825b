package dev.serverlesscd.functions.webhook;

/**
 * The port for the webhook's shared secret. Secrets Manager on AWS ({@link SecretsManagerWebhookSecret}), an
 * environment variable or a file locally ({@link StaticWebhookSecret}).
 */
public interface WebhookSecret {

    /** The secret as it is now (cached by the adapter). */
    byte[] current();

    /**
     * Called when a signature does not match: reads the secret again if it may have been rotated since it was
     * cached. True if the value changed, so the signature is worth checking again.
     */
    default boolean refresh() {
        return false;
    }
}
