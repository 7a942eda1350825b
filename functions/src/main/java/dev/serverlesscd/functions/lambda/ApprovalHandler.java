package dev.serverlesscd.functions.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.serverlesscd.functions.approval.Approval;
import dev.serverlesscd.functions.approval.ApprovalNotFoundException;
import dev.serverlesscd.functions.approval.ApprovalPages;
import dev.serverlesscd.functions.approval.ApprovalService;
import dev.serverlesscd.functions.approval.ApprovalStatus;
import dev.serverlesscd.functions.approval.Decision;
import dev.serverlesscd.functions.approval.DecisionOutcome;
import dev.serverlesscd.functions.approval.DecisionRefusedException;
import dev.serverlesscd.functions.approval.InvalidLinkException;
import dev.serverlesscd.functions.approval.VerifiedLink;
import dev.serverlesscd.functions.common.FormEncoding;
import dev.serverlesscd.functions.common.SecurityHeaders;
import dev.serverlesscd.functions.wiring.AwsPorts;
import dev.serverlesscd.functions.wiring.Ports;
import dev.serverlesscd.functions.wiring.Services;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The approval page (API Gateway HTTP API, {@code GET/POST /approvals}). GET checks the link, sends a heartbeat and
 * shows the evidence with an approve/reject form; POST checks the link again and decides. A bad, forged, expired or
 * used link, or a refused decision, answers a short page with the reason and its status (400, 403, 404, 409, 410);
 * an unexpected failure answers 500 without details (they go to the log).
 */
public final class ApprovalHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(ApprovalHandler.class);
    private static final Map<String, String> HEADERS = SecurityHeaders.APPROVAL_PAGE;

    private final ApprovalService service;
    private final Clock clock;
    private final Priming priming;

    /** Lambda's constructor: the container's {@link AwsPorts}. */
    public ApprovalHandler() {
        this(AwsPorts.container());
    }

    public ApprovalHandler(Ports ports) {
        this.service = Services.approvals(ports);
        this.clock = ports.clock();
        this.priming = Priming.register(this, () -> {
            handleRequest(new APIGatewayV2HTTPEvent(), null);
            ports.approvals().find(Priming.NEVER_AN_ID);
        });
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
            LOG.error("Approval page failed (request {})", requestId, e);
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
        if (body != null && event.getIsBase64Encoded()) {
            body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
        }
        form.putAll(FormEncoding.decode(body));
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
