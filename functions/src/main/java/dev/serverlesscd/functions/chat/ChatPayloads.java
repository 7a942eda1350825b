package dev.serverlesscd.functions.chat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.serverlesscd.functions.common.Json;
import dev.serverlesscd.functions.config.PublishConfig.ChatType;

/**
 * A message in each service's format:
 * <ul>
 *   <li>Slack incoming webhook: {@code text} (the notification's fallback) and {@code blocks}: a header, a section with
 *       the text, a section of fields ({@code mrkdwn}), a context with the link;</li>
 *   <li>Discord webhook: {@code embeds} with {@code title}, {@code description}, {@code url}, {@code color} (green or
 *       red) and inline {@code fields};</li>
 *   <li>generic webhook: {@code {"event", "title", "text", "fields", "link", "good"}}.</li>
 * </ul>
 */
public final class ChatPayloads {
    static final int GREEN = 0x2EA043;
    static final int RED = 0xCF222E;

    private ChatPayloads() {
    }

    public static ObjectNode payload(ChatType type, ChatMessage message) {
        return switch (type) {
            case SLACK -> slack(message);
            case DISCORD -> discord(message);
            case WEBHOOK -> generic(message);
        };
    }

    static ObjectNode slack(ChatMessage message) {
        ObjectNode payload = Json.MAPPER.createObjectNode();
        payload.put("text", message.title() + (message.text().isEmpty() ? "" : ": " + message.text()));
        ArrayNode blocks = payload.putArray("blocks");
        ObjectNode header = blocks.addObject().put("type", "header");
        header.putObject("text").put("type", "plain_text").put("text", cut(message.title(), 150));
        if (!message.text().isEmpty()) {
            blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn")
                    .put("text", cut(message.text(), 3000));
        }
        if (!message.fields().isEmpty()) {
            ArrayNode fields = blocks.addObject().put("type", "section").putArray("fields");
            message.fields().entrySet().stream().limit(10).forEach(field -> fields.addObject().put("type", "mrkdwn")
                    .put("text", cut("*" + field.getKey() + "*\n" + field.getValue(), 2000)));
        }
        if (message.link() != null) {
            blocks.addObject().put("type", "context").putArray("elements").addObject().put("type", "mrkdwn")
                    .put("text", "<" + message.link() + "|Open>");
        }
        return payload;
    }

    static ObjectNode discord(ChatMessage message) {
        ObjectNode payload = Json.MAPPER.createObjectNode();
        ObjectNode embed = payload.putArray("embeds").addObject();
        embed.put("title", cut(message.title(), 256));
        if (!message.text().isEmpty()) {
            embed.put("description", cut(message.text(), 4096));
        }
        if (message.link() != null) {
            embed.put("url", message.link());
        }
        embed.put("color", message.good() ? GREEN : RED);
        if (!message.fields().isEmpty()) {
            ArrayNode fields = embed.putArray("fields");
            message.fields().entrySet().stream().limit(25).forEach(field -> fields.addObject()
                    .put("name", cut(field.getKey(), 256)).put("value", cut(field.getValue(), 1024)).put("inline", true));
        }
        return payload;
    }

    static ObjectNode generic(ChatMessage message) {
        ObjectNode payload = Json.MAPPER.createObjectNode()
                .put("event", message.event().key())
                .put("title", message.title())
                .put("text", message.text());
        ObjectNode fields = payload.putObject("fields");
        message.fields().forEach(fields::put);
        payload.put("link", message.link());
        payload.put("good", message.good());
        return payload;
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
