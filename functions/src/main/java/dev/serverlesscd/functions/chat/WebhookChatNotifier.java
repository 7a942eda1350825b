package dev.serverlesscd.functions.chat;

import dev.serverlesscd.functions.config.PublishConfig.ChatChannel;
import dev.serverlesscd.functions.github.Sleeper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts a message to a channel's webhook (Slack, Discord or generic, {@link ChatPayloads}), the URL read from its
 * secret ({@link ChatUrls}). 429 and 5xx answers and I/O errors are retried, at most {@link #MAX_ATTEMPTS} attempts,
 * after the {@code Retry-After} the service sent (seconds; Discord also says it in the body) or a backoff from 1 s,
 * doubling; a wait longer than {@link #MAX_WAIT} is not started. Anything else, or the last failure, throws
 * {@link ChatDeliveryException}. The URL never appears in a message (it is the secret).
 */
public final class WebhookChatNotifier implements ChatNotifier {
    static final int MAX_ATTEMPTS = 3;
    static final Duration MAX_WAIT = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(WebhookChatNotifier.class);

    private final ChatUrls urls;
    private final HttpClient http;
    private final Sleeper sleeper;

    public WebhookChatNotifier(ChatUrls urls, HttpClient http, Sleeper sleeper) {
        this.urls = Objects.requireNonNull(urls, "chat URLs");
        this.http = Objects.requireNonNull(http, "HTTP client");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    public static HttpClient defaultHttpClient() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public void send(ChatChannel channel, ChatMessage message) {
        String what = "chat message " + message.event().key() + " to " + channel.name() + " (" + channel.type().name()
                .toLowerCase(java.util.Locale.ROOT) + ")";
        String url = urls.url(channel.secret()).orElseThrow(() -> new ChatDeliveryException(what
                + ": its webhook URL (secret '" + channel.secret() + "') is not set"));
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new ChatDeliveryException(what + ": the secret '" + channel.secret() + "' holds no URL");
        }
        if (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null) {
            throw new ChatDeliveryException(what + ": the secret '" + channel.secret() + "' holds no http(s) URL");
        }
        String body = ChatPayloads.payload(channel.type(), message).toString();
        String last = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Duration wait;
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(5))
                        .header("Content-Type", "application/json")
                        .header("User-Agent", "serverless-cd")
                        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                        .build(), HttpResponse.BodyHandlers.ofString());
                int code = response.statusCode();
                if (code >= 200 && code < 300) {
                    LOG.info("Sent {} (attempt {})", what, attempt);
                    return;
                }
                last = code + " " + oneLine(response.body());
                if (code != 429 && code < 500) {
                    throw new ChatDeliveryException(what + ": the service answered " + last + " (not retried)");
                }
                wait = retryAfter(response).orElse(backoff(attempt));
            } catch (IOException e) {
                last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                wait = backoff(attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ChatDeliveryException(what + ": interrupted", e);
            }
            if (attempt == MAX_ATTEMPTS) {
                break;
            }
            if (wait.compareTo(MAX_WAIT) > 0) {
                throw new ChatDeliveryException(what + ": the service asks to wait " + wait.toSeconds()
                        + " s, more than " + MAX_WAIT.toSeconds() + " s; last: " + last);
            }
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ChatDeliveryException(what + ": interrupted", e);
            }
        }
        throw new ChatDeliveryException(what + ": gave up after " + MAX_ATTEMPTS + " attempts; last: " + last);
    }

    /** {@code Retry-After} in seconds (fractions allowed), or Discord's {@code retry_after} in the body. */
    private static Optional<Duration> retryAfter(HttpResponse<String> response) {
        Optional<String> header = response.headers().firstValue("retry-after");
        String value = header.orElseGet(() -> {
            try {
                return dev.serverlesscd.functions.common.Json.MAPPER.readTree(response.body()).path("retry_after").asText(null);
            } catch (IOException | RuntimeException e) {
                return null;
            }
        });
        if (value == null) {
            return Optional.empty();
        }
        try {
            double seconds = Double.parseDouble(value.strip());
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofMillis(Math.round(seconds * 1000)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Duration backoff(int attempt) {
        return Duration.ofSeconds(1L << (attempt - 1));
    }

    private static String oneLine(String body) {
        String line = body == null ? "" : body.replaceAll("\\s+", " ").strip();
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
