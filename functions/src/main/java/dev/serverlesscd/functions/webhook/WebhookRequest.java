package dev.serverlesscd.functions.webhook;

import java.util.Map;
import java.util.TreeMap;

/**
 * A delivery as it arrived: headers (looked up case-insensitively: API Gateway's payload 2.0 lower-cases them, a
 * local server may not) and the raw body bytes the signature covers. {@code body} is null when API Gateway's body
 * was too large to decode ({@link #bodyTooLarge}) or not valid base64 ({@link #invalidBase64}).
 */
public record WebhookRequest(Map<String, String> headers, byte[] body, boolean bodyTooLarge, boolean invalidBase64) {

    public WebhookRequest {
        TreeMap<String, String> caseInsensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            headers.forEach((name, value) -> {
                if (name != null && value != null) {
                    caseInsensitive.put(name, value);
                }
            });
        }
        headers = java.util.Collections.unmodifiableMap(caseInsensitive);
    }

    public static WebhookRequest of(Map<String, String> headers, byte[] body) {
        return new WebhookRequest(headers, body, false, false);
    }

    public String header(String name) {
        return headers.get(name);
    }
}
