package dev.serverlesscd.functions.webhook;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the webhook answers GitHub: a status and a small JSON body (every answer has a {@code message}). */
public record WebhookAnswer(int status, Map<String, Object> body, Map<String, String> headers) {

    public WebhookAnswer {
        body = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(body));
        headers = Map.copyOf(headers);
    }

    public static WebhookAnswer message(int status, String message) {
        return new WebhookAnswer(status, Map.of("message", message), Map.of());
    }

    public static WebhookAnswer ignored(String reason) {
        return message(202, "ignored: " + reason);
    }

    public static WebhookAnswer run(int status, String runId, String tier, List<String> environments, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("runId", runId);
        body.put("tier", tier);
        body.put("environments", environments);
        body.put("message", message);
        return new WebhookAnswer(status, body, Map.of());
    }

    public WebhookAnswer withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new WebhookAnswer(status, body, more);
    }

    public String messageText() {
        return String.valueOf(body.get("message"));
    }
}
