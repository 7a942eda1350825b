package dev.serverlesscd.functions.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.serverlesscd.functions.common.Json;
import dev.serverlesscd.functions.webhook.RequestedRuns;
import dev.serverlesscd.functions.webhook.WebhookAnswer;
import dev.serverlesscd.functions.wiring.AwsPorts;
import dev.serverlesscd.functions.wiring.Ports;
import dev.serverlesscd.functions.wiring.Services;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /runs} behind the HTTP API, with AWS_IAM authorization: a manual run. The body is
 * {@code {"repository", "ref", "commit"?, "tier"?, "idempotencyKey"?}}; who asks is the caller's IAM principal (the
 * request context's {@code authorizer.iam.userArn}), never a field of the body. The answer is the webhook's:
 * 202 with the run, 200 for a repeated idempotency key, 400 with the reason.
 */
public final class RunRequestHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private static final int MAX_BODY_CHARS = 16 * 1024;
    private final RequestedRuns runs;
    private final Priming priming;

    /** Lambda's constructor: the container's {@link AwsPorts}. */
    public RunRequestHandler() {
        this(AwsPorts.container());
    }

    public RunRequestHandler(Ports ports) {
        this.runs = Services.requestedRuns(ports);
        this.priming = Priming.register(this, () -> {
            // no body: refused with 400 before anything is recorded
            handleRequest(APIGatewayV2HTTPEvent.builder().withBody("").build(), null);
            ports.runs().find(Priming.NEVER_AN_ID);
        });
    }

    /** What runs before the SnapStart snapshot. */
    Priming priming() {
        return priming;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return WebhookHandler.response(answer(event));
    }

    private WebhookAnswer answer(APIGatewayV2HTTPEvent event) {
        String body = event.getBody();
        if (body == null || body.isBlank()) {
            return WebhookAnswer.message(400, "the body is the run asked for: {\"repository\": \"owner/name\", "
                    + "\"ref\": \"main\", \"commit\"?, \"tier\"?, \"idempotencyKey\"?}");
        }
        if (body.length() > MAX_BODY_CHARS) {
            return WebhookAnswer.message(413, "body over " + MAX_BODY_CHARS + " characters");
        }
        if (event.getIsBase64Encoded()) {
            try {
                body = new String(Base64.getMimeDecoder().decode(body), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException notBase64) {
                return WebhookAnswer.message(400, "body is marked base64-encoded but is not valid base64");
            }
        }
        JsonNode request;
        try {
            request = Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            return WebhookAnswer.message(400, "body is not JSON: " + e.getOriginalMessage());
        }
        if (request == null || !request.isObject()) {
            return WebhookAnswer.message(400, "body is not a JSON object");
        }
        for (String field : new String[]{"repository", "ref", "commit", "tier", "idempotencyKey"}) {
            JsonNode value = request.path(field);
            if (!value.isMissingNode() && !value.isNull() && !value.isTextual()) {
                return WebhookAnswer.message(400, field + " must be a string");
            }
        }
        return runs.manual(new RequestedRuns.ManualRequest(text(request, "repository"), text(request, "ref"),
                text(request, "commit"), text(request, "tier"), caller(event), text(request, "idempotencyKey")));
    }

    /** The IAM principal API Gateway authorized; locally (no authorizer) the {@code X-Requested-By} header. */
    static String caller(APIGatewayV2HTTPEvent event) {
        Optional<String> iam = Optional.ofNullable(event.getRequestContext())
                .map(APIGatewayV2HTTPEvent.RequestContext::getAuthorizer)
                .map(APIGatewayV2HTTPEvent.RequestContext.Authorizer::getIam)
                .map(iamContext -> iamContext.getUserArn());
        if (iam.isPresent()) {
            return iam.get();
        }
        Map<String, String> headers = event.getHeaders();
        return headers == null ? null : headers.entrySet().stream()
                .filter(h -> h.getKey().equalsIgnoreCase("X-Requested-By")).map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }

    private static String text(JsonNode request, String field) {
        JsonNode value = request.path(field);
        return value.isTextual() ? value.asText() : null;
    }
}
