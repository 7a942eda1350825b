package dev.serverlesscd.functions.approval;

import static dev.serverlesscd.functions.approval.ApprovalFixtures.KEY;
import static dev.serverlesscd.functions.approval.ApprovalFixtures.T0;
import static dev.serverlesscd.functions.approval.ApprovalFixtures.TIMEOUT;
import static dev.serverlesscd.functions.approval.ApprovalFixtures.request;
import static dev.serverlesscd.functions.approval.ApprovalFixtures.withApprovals;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.serverlesscd.functions.lambda.ApprovalHandler;
import dev.serverlesscd.functions.testing.DynamoDbLocal;
import dev.serverlesscd.functions.wiring.GivenPorts;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("dynamodb")
class ApprovalHandlerTest {
    static final DynamoDbLocal DB = DynamoDbLocal.start();
    static final Instant NOW = T0.plusSeconds(3600);

    final DynamoDbApprovalStore store = new DynamoDbApprovalStore(DB.client(), DB.tableName());
    final ApprovalFixtures.RecordingMailer mailer = new ApprovalFixtures.RecordingMailer();
    final ApprovalFixtures.RecordingCallbacks callbacks = new ApprovalFixtures.RecordingCallbacks();
    final ApprovalRequester requester = ApprovalFixtures.requester(store, mailer);
    final ApprovalService service = new ApprovalService(store, callbacks, new LinkSigner(KEY));
    final ApprovalHandler handler = new ApprovalHandler(GivenPorts.builder()
            .approvals(store)
            .callbacks(callbacks)
            .linkSigner(new LinkSigner(KEY))
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .build());

    @AfterAll
    static void stop() {
        DB.close();
    }

    /** Opens an approval needing one of lead and ops, and answers lead's link parameters. */
    private Map<String, String> leadsLink() {
        requester.request(withApprovals(request(), 1, "lead@example.com", "ops@example.com"), T0);
        return ApprovalFixtures.linkParameters(mailer.to("lead@example.com"));
    }

    @Test
    void get_shouldShowTheEvidenceAndTheForm_andSendAHeartbeat() {
        // GIVEN
        Map<String, String> link = leadsLink();

        // WHEN
        APIGatewayV2HTTPResponse response = handler.handleRequest(get(link), null);

        // THEN
        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getHeaders()).containsEntry("Content-Type", "text/html; charset=utf-8")
                .containsEntry("Cache-Control", "no-store").containsEntry("Referrer-Policy", "no-referrer");
        assertThat(response.getBody())
                .contains("<h1>Deploy main-6113728 to production?</h1>")
                .contains("<tr><th>Commit</th><td><code>6113728f27ae82c7b1a177c8d03f9e96e0adf246</code></td></tr>")
                .contains("<tr><th>Image digest</th><td><code>sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08</code></td></tr>")
                .contains("<tr><th>Gate verdict</th><td><code>WARN</code></td></tr>")
                .contains("<li>perf: p95 latency up 8% against main (warn band 5-15%)</li>")
                .contains("<input type=\"hidden\" name=\"sig\" value=\"" + link.get("sig") + "\">")
                .contains("<button name=\"decision\" value=\"APPROVE\">Approve</button>")
                .doesNotContain("token");
        assertThat(callbacks.calls).extracting(ApprovalFixtures.RecordingCallbacks.Call::kind).containsExactly("heartbeat");
    }

    @Test
    void get_shouldNotDecide_soOpeningTheLinkTwiceIsFine() {
        // GIVEN
        Map<String, String> link = leadsLink();
        handler.handleRequest(get(link), null);

        // WHEN
        APIGatewayV2HTTPResponse again = handler.handleRequest(get(link), null);

        // THEN
        assertThat(again.getStatusCode()).isEqualTo(200);
        assertThat(callbacks.answers()).isEmpty();
    }

    @Test
    void post_shouldApprove_andAnswerTheRun_thenRefuseTheSameLinkWithGone() {
        // GIVEN
        Map<String, String> link = leadsLink();
        Map<String, String> form = new HashMap<>(link);
        form.put("decision", "APPROVE");

        // WHEN
        APIGatewayV2HTTPResponse response = handler.handleRequest(post(form, false), null);

        // THEN
        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getBody()).contains("Approved by lead@example.com: the run continues.");
        assertThat(callbacks.answers()).extracting(ApprovalFixtures.RecordingCallbacks.Call::kind).containsExactly("succeed");

        // AND WHEN the link is used again
        APIGatewayV2HTTPResponse reused = handler.handleRequest(post(form, false), null);

        // THEN
        assertThat(reused.getStatusCode()).isEqualTo(410);
        assertThat(reused.getBody()).contains("Link already used")
                .contains("The link was already used: lead@example.com decided APPROVE at " + NOW);
        assertThat(callbacks.answers()).hasSize(1);
    }

    @Test
    void post_shouldReject_fromABase64EncodedForm_withTheReason() {
        // GIVEN
        Map<String, String> form = new HashMap<>(leadsLink());
        form.put("decision", "REJECT");
        form.put("reason", "freeze until Monday & <no> exceptions");

        // WHEN
        APIGatewayV2HTTPResponse response = handler.handleRequest(post(form, true), null);

        // THEN
        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getBody()).contains("Rejected by lead@example.com: the run stops.");
        assertThat(callbacks.answers()).extracting(ApprovalFixtures.RecordingCallbacks.Call::detail)
                .containsExactly("Approval.Rejected: lead@example.com rejected: freeze until Monday & <no> exceptions");
    }

    @Test
    void post_shouldAnswerBadRequest_withoutRecording_whenTheDecisionIsMissingOrARejectHasNoReason() {
        // GIVEN
        Map<String, String> link = leadsLink();
        Map<String, String> noReason = new HashMap<>(link);
        noReason.put("decision", "REJECT");

        // WHEN
        APIGatewayV2HTTPResponse noChoice = handler.handleRequest(post(link, false), null);
        APIGatewayV2HTTPResponse rejectWithoutReason = handler.handleRequest(post(noReason, false), null);

        // THEN
        assertThat(noChoice.getStatusCode()).isEqualTo(400);
        assertThat(noChoice.getBody()).contains("Choose Approve or Reject.");
        assertThat(rejectWithoutReason.getStatusCode()).isEqualTo(400);
        assertThat(rejectWithoutReason.getBody()).contains("A reject needs a reason");
        assertThat(service.decisions(link.get("id"))).isEmpty();
        assertThat(callbacks.answers()).isEmpty();
    }

    @Test
    void get_shouldAnswerAClearPage_forAForgedIncompleteOrExpiredLink_neverAStackTrace() {
        // GIVEN
        Map<String, String> link = leadsLink();
        Map<String, String> forged = new HashMap<>(link);
        forged.put("approver", "mallory@example.com");
        Map<String, String> incomplete = new HashMap<>(link);
        incomplete.remove("sig");
        ApprovalHandler later = new ApprovalHandler(GivenPorts.builder()
            .approvals(store)
            .callbacks(callbacks)
            .linkSigner(new LinkSigner(KEY))
            .clock(Clock.fixed(T0.plus(TIMEOUT).plusSeconds(1), ZoneOffset.UTC))
            .build());

        // WHEN
        APIGatewayV2HTTPResponse forgedPage = handler.handleRequest(get(forged), null);
        APIGatewayV2HTTPResponse incompletePage = handler.handleRequest(get(incomplete), null);
        APIGatewayV2HTTPResponse expiredPage = later.handleRequest(get(link), null);

        // THEN
        assertThat(forgedPage.getStatusCode()).isEqualTo(403);
        assertThat(forgedPage.getBody()).contains("<h1>Invalid link</h1>")
                .contains("The link&#39;s signature does not match").doesNotContain("Exception").doesNotContain("at dev.");
        assertThat(incompletePage.getStatusCode()).isEqualTo(400);
        assertThat(incompletePage.getBody()).contains("The link is incomplete: &#39;sig&#39; is missing");
        assertThat(expiredPage.getStatusCode()).isEqualTo(410);
        assertThat(expiredPage.getBody()).contains("Link expired");
        assertThat(callbacks.calls).isEmpty();
    }

    @Test
    void get_shouldAnswerGone_whenTheRunNoLongerWaits() {
        // GIVEN
        Map<String, String> link = leadsLink();
        callbacks.gone = dev.serverlesscd.functions.workflow.TaskTokenRejectedException.Reason.TIMED_OUT;

        // WHEN
        APIGatewayV2HTTPResponse response = handler.handleRequest(get(link), null);

        // THEN
        assertThat(response.getStatusCode()).isEqualTo(410);
        assertThat(response.getBody()).contains("is EXPIRED: Step Functions refused the task token");
        assertThat(store.find(link.get("id")).orElseThrow().status()).isEqualTo(ApprovalStatus.EXPIRED);
    }

    @Test
    void handleRequest_shouldAnswerMethodNotAllowed_forOtherMethods() {
        APIGatewayV2HTTPResponse response = handler.handleRequest(event("DELETE", Map.of(), null, false), null);

        assertThat(response.getStatusCode()).isEqualTo(405);
    }

    private static APIGatewayV2HTTPEvent get(Map<String, String> query) {
        return event("GET", query, null, false);
    }

    private static APIGatewayV2HTTPEvent post(Map<String, String> form, boolean base64) {
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return event("POST", Map.of(), base64 ? Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)) : body, base64);
    }

    private static APIGatewayV2HTTPEvent event(String method, Map<String, String> query, String body, boolean base64) {
        return APIGatewayV2HTTPEvent.builder()
                .withRouteKey(method + " /approvals")
                .withRawPath("/approvals")
                .withQueryStringParameters(query)
                .withBody(body)
                .withIsBase64Encoded(base64)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(method)
                                .withPath("/approvals")
                                .build())
                        .build())
                .build();
    }
}
