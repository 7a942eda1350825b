package dev.serverlesscd.functions.approval;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.serverlesscd.functions.callback.SfnTaskCallbacks;
import dev.serverlesscd.functions.common.AwsClients;
import dev.serverlesscd.functions.common.Env;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The approval page (API Gateway HTTP API, {@code GET/POST /approvals}). GET checks the link, sends a heartbeat and
 * shows the evidence with an approve/reject form; POST checks the link again and decides. A bad, forged, expired or
 * used link, or a refused decision, answers a short page with the reason and its status (400, 403, 404, 409, 410);
 * an unexpected failure answers 500 without details (they go to the log).
 */
public final class ApprovalHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private static final Map<String, String> HEADERS = Map.of(
            "Content-Type", "text/html; charset=utf-8",
            "Cache-Control", "no-store",
            "Referrer-Policy", "no-referrer",
            "X-Frame-Options", "DENY",
            "Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'");

    private final ApprovalService service;
    private final Clock clock;

    /** Lambda's constructor: configuration from the environment, DynamoDB, Step Functions. */
    public ApprovalHandler() {
        this(ApprovalConfig.from(Env.system(), SecretsManagerSecrets::read));
    }

    private ApprovalHandler(ApprovalConfig config) {
        this(new ApprovalService(
                        new DynamoDbApprovalStore(AwsClients.dynamoDb(), config.tableName()),
                        new SfnTaskCallbacks(AwsClients.stepFunctions()),
                        config.signer()),
                Clock.systemUTC());
    }

    public ApprovalHandler(ApprovalService service, Clock clock) {
        this.service = Objects.requireNonNull(service, "service");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        try {
            String method = event.getRequestContext() == null || event.getRequestContext().getHttp() == null
                    ? "" : event.getRequestContext().getHttp().getMethod();
            return switch (method) {
                case "GET" -> show(query(event));
                case "POST" -> decide(form(event));
                default -> page(405, ApprovalPages.refusal("Method not allowed", "Open the link from your mail."));
            };
        } catch (InvalidLinkException e) {
            return page(status(e.problem()), ApprovalPages.refusal(title(e.problem()), e.getMessage()));
        } catch (DecisionRefusedException e) {
            return page(status(e.reason()), ApprovalPages.refusal("Decision not recorded", e.getMessage()));
        } catch (ApprovalNotFoundException e) {
            return page(404, ApprovalPages.refusal("Unknown approval", e.getMessage()));
        } catch (RuntimeException e) {
            String requestId = context == null ? "-" : context.getAwsRequestId();
            System.err.println("Approval page failed (request " + requestId + "): " + e);
            e.printStackTrace();
            return page(500, ApprovalPages.refusal("Something went wrong",
                    "The pipeline could not handle this request (reference " + requestId + "). Try again in a moment,"
                            + " or decide with the CLI: pipeline approve <runId> --as <email>."));
        }
    }

    private APIGatewayV2HTTPResponse show(Map<String, String> link) {
        Instant now = clock.instant();
        VerifiedLink verified = verify(link, now);
        Approval approval = service.opened(verified.approval().approvalId(), now);
        if (approval.status() != ApprovalStatus.PENDING) {
            return page(410, ApprovalPages.refusal("Approval ended",
                    "Approval " + approval.approvalId() + " is " + approval.status()
                            + (approval.endReason() == null ? "" : ": " + approval.endReason())));
        }
        return page(200, ApprovalPages.form(new VerifiedLink(approval, verified.approver()),
                link.get("expires"), link.get("sig")));
    }

    private APIGatewayV2HTTPResponse decide(Map<String, String> form) {
        Instant now = clock.instant();
        VerifiedLink verified = verify(form, now);
        String choice = form.get("decision");
        Decision decision;
        try {
            decision = Decision.valueOf(choice == null ? "" : choice);
        } catch (IllegalArgumentException unknown) {
            return page(400, ApprovalPages.refusal("Decision not recorded", "Choose Approve or Reject."));
        }
        DecisionOutcome outcome = service.decide(verified.approval().approvalId(), verified.approver(), decision,
                form.get("reason"), now);
        return page(200, ApprovalPages.result(outcome));
    }

    private VerifiedLink verify(Map<String, String> link, Instant now) {
        return service.verifyLink(link.get("id"), link.get("approver"), link.get("expires"), link.get("sig"), now);
    }

    private static Map<String, String> query(APIGatewayV2HTTPEvent event) {
        return event.getQueryStringParameters() == null ? Map.of() : event.getQueryStringParameters();
    }

    private static Map<String, String> form(APIGatewayV2HTTPEvent event) {
        Map<String, String> form = new HashMap<>(query(event));
        String body = event.getBody();
        if (body == null || body.isEmpty()) {
            return form;
        }
        if (event.getIsBase64Encoded()) {
            body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
        }
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            form.put(name, value);
        }
        return form;
    }

    private static int status(InvalidLinkException.Problem problem) {
        return switch (problem) {
            case MALFORMED -> 400;
            case FORGED -> 403;
            case UNKNOWN -> 404;
            case EXPIRED, USED, ENDED -> 410;
        };
    }

    private static String title(InvalidLinkException.Problem problem) {
        return switch (problem) {
            case MALFORMED -> "Incomplete link";
            case FORGED -> "Invalid link";
            case UNKNOWN -> "Unknown approval";
            case EXPIRED -> "Link expired";
            case USED -> "Link already used";
            case ENDED -> "Approval ended";
        };
    }

    private static int status(DecisionRefusedException.Reason reason) {
        return switch (reason) {
            case INCOMPLETE -> 400;
            case NOT_AN_APPROVER, AUTHOR -> 403;
            case ALREADY_DECIDED -> 409;
            case CLOSED -> 410;
        };
    }

    private static APIGatewayV2HTTPResponse page(int status, String html) {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status).withHeaders(HEADERS).withBody(html).build();
    }
}
