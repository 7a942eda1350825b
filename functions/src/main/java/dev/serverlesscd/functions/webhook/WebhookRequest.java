package dev.serverlesscd.functions.webhook;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.nio.charset.StandardCharsets;
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

    /**
     * The bytes GitHub signed: API Gateway's base64 body decoded, a text body as UTF-8. The size is checked on the
     * encoded text first, so an oversized body is never decoded.
     */
    public static WebhookRequest from(APIGatewayV2HTTPEvent event, long maxBodyBytes) {
        String body = event.getBody();
        Map<String, String> headers = event.getHeaders();
        if (body == null) {
            return new WebhookRequest(headers, new byte[0], false, false);
        }
        if (event.getIsBase64Encoded()) {
            if ((long) body.length() / 4 * 3 > maxBodyBytes + 2) {
                return new WebhookRequest(headers, null, true, false);
            }
            try {
                return new WebhookRequest(headers, java.util.Base64.getMimeDecoder().decode(body), false, false);
            } catch (IllegalArgumentException notBase64) {
                return new WebhookRequest(headers, null, false, true);
            }
        }
        if (body.length() > maxBodyBytes) {
            return new WebhookRequest(headers, null, true, false);
        }
        return new WebhookRequest(headers, body.getBytes(StandardCharsets.UTF_8), false, false);
    }

    public String header(String name) {
        return headers.get(name);
    }
}
