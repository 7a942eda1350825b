package dev.serverlesscd.functions.webhook;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A secret that does not rotate while the process runs: from an environment variable or a file (local runs). */
public final class StaticWebhookSecret implements WebhookSecret {
    private final byte[] secret;

    public StaticWebhookSecret(String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("The webhook secret is empty");
        }
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    /** The file's content without its trailing line break. */
    public static StaticWebhookSecret fromFile(Path file) {
        try {
            return new StaticWebhookSecret(Files.readString(file, StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the webhook secret file " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] current() {
        return secret.clone();
    }
}
