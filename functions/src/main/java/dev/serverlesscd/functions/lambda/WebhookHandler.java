package dev.serverlesscd.functions.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.serverlesscd.functions.common.Json;
import dev.serverlesscd.functions.webhook.WebhookAnswer;
import dev.serverlesscd.functions.webhook.WebhookConfig;
import dev.serverlesscd.functions.webhook.WebhookRequest;
import dev.serverlesscd.functions.webhook.WebhookService;
import dev.serverlesscd.functions.wiring.AwsPorts;
import dev.serverlesscd.functions.wiring.Ports;
import dev.serverlesscd.functions.wiring.Services;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /webhook} behind API Gateway's HTTP API (payload format 2.0): maps the event to a
 * {@link WebhookRequest} for {@link WebhookService} and its {@link WebhookAnswer} back to a response. The
 * no-argument constructor (Lambda's) wires the container's ports, reading the pipeline configuration once; a bad
 * configuration fails the cold start with every problem listed.
 */
public final class WebhookHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final WebhookService service;
    private final Priming priming;

    /** Lambda's constructor: the container's {@link AwsPorts}. */
    public WebhookHandler() {
        this(AwsPorts.container());
    }

    public WebhookHandler(Ports ports) {
        this.service = Services.webhook(ports);
        this.priming = Priming.register(this, () -> {
            // an unsigned ping: refused with 401 before anything is recorded
            handleRequest(APIGatewayV2HTTPEvent.builder()
                    .withHeaders(Map.of("X-GitHub-Event", "ping", "X-GitHub-Delivery", Priming.NEVER_AN_ID,
                            "Content-Type", "application/json"))
                    .withBody("{}")
                    .build(), null);
            ports.runs().find(Priming.NEVER_AN_ID);
        });
    }

    /** What runs before the SnapStart snapshot. */
    Priming priming() {
        return priming;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return handle(service, event);
    }

    /** One delivery through {@code service}: the event mapped in, the answer mapped out. */
    public static APIGatewayV2HTTPResponse handle(WebhookService service, APIGatewayV2HTTPEvent event) {
        return response(service.accept(request(event, WebhookConfig.MAX_BODY_BYTES)));
    }

    /**
     * The bytes GitHub signed: API Gateway's base64 body decoded, a text body as UTF-8. The size is checked on the
     * encoded text first, so an oversized body is never decoded.
     */
    public static WebhookRequest request(APIGatewayV2HTTPEvent event, long maxBodyBytes) {
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
                return new WebhookRequest(headers, Base64.getMimeDecoder().decode(body), false, false);
            } catch (IllegalArgumentException notBase64) {
                return new WebhookRequest(headers, null, false, true);
            }
        }
        if (body.length() > maxBodyBytes) {
            return new WebhookRequest(headers, null, true, false);
        }
        return new WebhookRequest(headers, body.getBytes(StandardCharsets.UTF_8), false, false);
    }

    /** The answer as API Gateway's response: its status, headers, and its body as JSON. */
    public static APIGatewayV2HTTPResponse response(WebhookAnswer answer) {
        Map<String, String> headers = new LinkedHashMap<>(answer.headers());
        headers.put("Content-Type", "application/json");
        try {
            return APIGatewayV2HTTPResponse.builder()
                    .withStatusCode(answer.status())
                    .withHeaders(headers)
                    .withBody(Json.MAPPER.writeValueAsString(answer.body()))
                    .withIsBase64Encoded(false)
                    .build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the answer", e);
        }
    }
}
