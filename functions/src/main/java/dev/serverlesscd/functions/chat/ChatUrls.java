package dev.serverlesscd.functions.chat;

import dev.serverlesscd.functions.common.Env;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where a chat channel's webhook URL comes from: the channel's {@code secret} names it. On AWS a Secrets Manager
 * secret ({@code CHAT_SECRET_PREFIX} + name, {@code serverless-cd/chat/} by default); locally the environment
 * variable {@code CHAT_WEBHOOK_<NAME>} (upper case, every other character {@code _}) or the file
 * {@code <dir>/<name>}. Empty: the URL is not known here.
 */
@FunctionalInterface
public interface ChatUrls {
    String DEFAULT_SECRET_PREFIX = "serverless-cd/chat/";

    Optional<String> url(String secret);

    /** From Secrets Manager: {@code read} answers a secret's string ({@code SecretsManagerSecrets::read}). */
    static ChatUrls secretsManager(String prefix, Function<String, String> read) {
        String p = prefix == null ? DEFAULT_SECRET_PREFIX : prefix;
        return secret -> Optional.ofNullable(read.apply(p + secret)).map(String::strip).filter(s -> !s.isEmpty());
    }

    /** Locally: the environment, then a file in {@code dir} (null: no files). */
    static ChatUrls local(Env env, Path dir) {
        return secret -> {
            Optional<String> fromEnv = env.optional(variable(secret));
            if (fromEnv.isPresent()) {
                return fromEnv.map(String::strip);
            }
            if (dir == null) {
                return Optional.empty();
            }
            Path file = dir.resolve(secret.replace('/', '_'));
            try {
                return Files.isRegularFile(file) ? Optional.of(Files.readString(file).strip()).filter(s -> !s.isEmpty())
                        : Optional.empty();
            } catch (IOException e) {
                throw new ChatDeliveryException("the chat secret file " + file + " cannot be read: " + e.getMessage(), e);
            }
        };
    }

    /** {@code orders/slack-team} → {@code CHAT_WEBHOOK_ORDERS_SLACK_TEAM}. */
    static String variable(String secret) {
        return "CHAT_WEBHOOK_" + secret.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }
}
