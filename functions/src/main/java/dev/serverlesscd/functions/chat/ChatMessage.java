package dev.serverlesscd.functions.chat;

import dev.serverlesscd.functions.config.PublishConfig.ChatEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One chat message, before a service's format: the event, a title ({@code orders-service: run-42 failed}), a line of
 * text, the numbers as named fields, a link (the run, the release, the approval page) and whether it is good news.
 */
public record ChatMessage(ChatEvent event, String title, String text, Map<String, String> fields, String link,
                          boolean good) {
    public ChatMessage {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(title, "title");
        text = text == null ? "" : text;
        fields = fields == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** This message without its link (an approval link for a channel that may not show it). */
    public ChatMessage withoutLink() {
        return new ChatMessage(event, title, text, fields, null, good);
    }
}
