package dev.serverlesscd.functions.webhook;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds deliveries as API Gateway (payload format 2.0) hands them over: lower-case headers, signed like GitHub. */
final class Deliveries {
    static final String SECRET = "It's a Secret to Everybody";

    private final Map<String, String> headers = new LinkedHashMap<>();
    private String body;
    private boolean base64;

    private Deliveries(String event, String deliveryId, byte[] json) {
        headers.put("content-type", "application/json");
        headers.put("user-agent", "GitHub-Hookshot/044aadd");
        headers.put("x-github-event", event);
        headers.put("x-github-delivery", deliveryId);
        headers.put("x-github-hook-id", "109948940");
        body = new String(json, StandardCharsets.UTF_8);
        sign(SECRET);
    }

    static Deliveries of(String event, String deliveryId, byte[] json) {
        return new Deliveries(event, deliveryId, json);
    }

    static Deliveries of(String event, String deliveryId, String json) {
        return new Deliveries(event, deliveryId, json.getBytes(StandardCharsets.UTF_8));
    }

    /** Re-signs the current body with this secret. */
    Deliveries sign(String secret) {
        headers.put("x-hub-signature-256",
                SignatureVerifier.sign(secret.getBytes(StandardCharsets.UTF_8), rawBody()));
        return this;
    }

    Deliveries header(String name, String value) {
        if (value == null) {
            headers.remove(name.toLowerCase());
        } else {
            headers.put(name.toLowerCase(), value);
        }
        return this;
    }

    /** The body as GitHub's application/x-www-form-urlencoded content type sends it, signed. */
    Deliveries formEncoded() {
        body = "payload=" + URLEncoder.encode(body, StandardCharsets.UTF_8);
        headers.put("content-type", "application/x-www-form-urlencoded");
        return sign(SECRET);
    }

    /** As API Gateway passes a body it does not treat as text: base64 (the signature covers the decoded bytes). */
    Deliveries base64() {
        base64 = true;
        return this;
    }

    byte[] rawBody() {
        return body.getBytes(StandardCharsets.UTF_8);
    }

    APIGatewayV2HTTPEvent event() {
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setVersion("2.0");
        event.setRouteKey("POST /webhook");
        event.setRawPath("/webhook");
        event.setHeaders(new LinkedHashMap<>(headers));
        event.setIsBase64Encoded(base64);
        event.setBody(base64 ? Base64.getEncoder().encodeToString(rawBody()) : body);
        return event;
    }
}
