package dev.serverlesscd.functions.approval;

import static dev.serverlesscd.functions.approval.ApprovalFixtures.SENDER;
import static dev.serverlesscd.functions.approval.ApprovalFixtures.T0;
import static dev.serverlesscd.functions.approval.ApprovalFixtures.TIMEOUT;
import static dev.serverlesscd.functions.approval.ApprovalFixtures.request;
import static dev.serverlesscd.functions.approval.ApprovalFixtures.withApprovals;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesscd.functions.mail.Mail;
import dev.serverlesscd.functions.mail.MailDeliveryException;
import dev.serverlesscd.functions.testing.DynamoDbLocal;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("dynamodb")
class ApprovalRequesterTest {
    static final DynamoDbLocal DB = DynamoDbLocal.start();

    final DynamoDbApprovalStore store = new DynamoDbApprovalStore(DB.client(), DB.tableName());
    final ApprovalFixtures.RecordingMailer mailer = new ApprovalFixtures.RecordingMailer();
    final ApprovalRequester requester = ApprovalFixtures.requester(store, mailer);

    @AfterAll
    static void stop() {
        DB.close();
    }

    @Test
    void request_shouldStoreAPendingApproval_withTheTokenServerSide_andAnswerAtOnce() {
        // GIVEN
        ApprovalRequest request = request();

        // WHEN
        ApprovalRequested requested = requester.request(request, T0);

        // THEN
        assertThat(requested.approvalId()).isEqualTo(ApprovalRequester.approvalIdFor(request.taskToken())).startsWith("apr-");
        assertThat(requested.deadline()).isEqualTo(T0.plus(TIMEOUT));
        assertThat(requested.notified()).containsExactly("lead@example.com", "ops@example.com");
        Approval stored = store.find(requested.approvalId()).orElseThrow();
        assertThat(stored.status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(stored.runId()).isEqualTo("run-72d3162e");
        assertThat(stored.approvers()).containsExactly("lead@example.com", "ops@example.com", "octocat@example.com");
        assertThat(stored.requiredApprovals()).isEqualTo(2);
        assertThat(stored.image().digest()).startsWith("sha256:9f86d08");
        assertThat(stored.gate().get("verdict").asText()).isEqualTo("WARN");
        assertThat(store.taskToken(requested.approvalId())).contains(request.taskToken());
        assertThat(store.pending(T0)).extracting(Approval::approvalId).contains(requested.approvalId());
    }

    @Test
    void request_shouldMailEachEligibleApprover_aPersonalSignedLink_andTheEvidence_neverTheToken() {
        // GIVEN
        ApprovalRequest request = request();

        // WHEN
        ApprovalRequested requested = requester.request(request, T0);

        // THEN
        assertThat(mailer.sent).hasSize(2).extracting(m -> m.to().get(0))
                .containsExactlyInAnyOrder("lead@example.com", "ops@example.com");
        Mail lead = mailer.to("lead@example.com");
        assertThat(lead.from()).isEqualTo(SENDER);
        assertThat(lead.subject()).isEqualTo("[acme/orders-service] Approve main-6113728 for production?");
        assertThat(lead.text())
                .contains("Repository:     acme/orders-service")
                .contains("Commit:         6113728f27ae82c7b1a177c8d03f9e96e0adf246")
                .contains("Author:         octocat")
                .contains("Version:        main-6113728")
                .contains("Environment:    production (namespace orders-production)")
                .contains("Image digest:   sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
                .contains("Gate verdict:   WARN")
                .contains("Gate reasons:   none")
                .contains("  - perf: p95 latency up 8% against main (warn band 5-15%)")
                .doesNotContain(request.taskToken());
        Map<String, String> link = ApprovalFixtures.linkParameters(lead);
        assertThat(link).containsEntry("id", requested.approvalId())
                .containsEntry("approver", "lead@example.com")
                .containsEntry("expires", Long.toString(T0.plus(TIMEOUT).getEpochSecond()));
        assertThat(link.get("sig")).matches("[0-9a-f]{64}");
        assertThat(ApprovalFixtures.link(lead)).isNotEqualTo(ApprovalFixtures.link(mailer.to("ops@example.com")));
        assertThat(ApprovalFixtures.link(lead)).doesNotContain(request.taskToken());
    }

    @Test
    void request_shouldNotMailAgain_whenTheSameTaskIsRetried() {
        // GIVEN
        ApprovalRequest request = request();
        ApprovalRequested first = requester.request(request, T0);

        // WHEN Lambda retries the same invocation a minute later
        ApprovalRequested retry = requester.request(request, T0.plusSeconds(60));

        // THEN
        assertThat(retry).isEqualTo(first);
        assertThat(mailer.sent).hasSize(2);
    }

    @Test
    void request_shouldSucceed_whenAMailFails_butAQuorumWasReached_andMailTheRestOnRetry() {
        // GIVEN ops' mail bounces; one approval is required
        ApprovalRequest request = withApprovals(request(), 1, "lead@example.com", "ops@example.com");
        mailer.failFor.add("ops@example.com");

        // WHEN
        ApprovalRequested requested = requester.request(request, T0);

        // THEN
        assertThat(requested.notified()).containsExactly("lead@example.com");
        assertThat(store.find(requested.approvalId()).orElseThrow().notified()).containsExactly("lead@example.com");

        // AND WHEN the invocation is retried once the mail works again
        mailer.failFor.clear();
        ApprovalRequested retried = requester.request(request, T0.plusSeconds(5));

        // THEN only the one who missed it is mailed
        assertThat(retried.notified()).containsExactly("lead@example.com", "ops@example.com");
        assertThat(mailer.sent).extracting(m -> m.to().get(0)).containsExactly("lead@example.com", "ops@example.com");
    }

    @Test
    void request_shouldFail_whenTooFewApproversCouldBeMailedForAQuorum_keepingWhoWasMailed() {
        // GIVEN two approvals are required and ops' mail bounces
        ApprovalRequest request = withApprovals(request(), 2, "lead@example.com", "ops@example.com");
        mailer.failFor.add("ops@example.com");

        // WHEN / THEN
        String approvalId = ApprovalRequester.approvalIdFor(request.taskToken());
        assertThatThrownBy(() -> requester.request(request, T0))
                .isInstanceOf(MailDeliveryException.class)
                .hasMessageStartingWith("Approval " + approvalId + " for production cannot reach its quorum: 1 of 2 required approvers were mailed; failed: {ops@example.com=");
        assertThat(store.find(approvalId).orElseThrow().notified()).containsExactly("lead@example.com");
    }

    @Test
    void request_shouldRefuse_whenTheAuthorsOwnApprovalWouldBeNeeded() {
        // GIVEN octocat authored the commit and is one of the two approvers needed
        ApprovalRequest request = withApprovals(request(), 2, "lead@example.com", "OctoCat@example.com");

        // WHEN / THEN
        assertThatThrownBy(() -> requester.request(request, T0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Environment production needs 2 approvals but has 1 eligible approver(s) [lead@example.com] "
                        + "(who brought the change cannot approve it: octocat (pusher))");
        assertThat(store.find(ApprovalRequester.approvalIdFor(request.taskToken()))).isEmpty();
        assertThat(mailer.sent).isEmpty();
    }

    @Test
    void request_shouldRefuseAnIncompleteRequest_namingWhatIsMissing_andStoreNothing() {
        // GIVEN
        ApprovalRequest noToken = ApprovalFixtures.withToken(request(), " ");
        ApprovalRequest noApprovalNeeded = withApprovals(request(), 0);
        ApprovalRequest badApprover = withApprovals(request(), 1, "lead at example.com");

        // WHEN / THEN
        assertThatThrownBy(() -> requester.request(noToken, T0)).hasMessage("RequestApproval needs 'taskToken'");
        assertThatThrownBy(() -> requester.request(noApprovalNeeded, T0))
                .hasMessage("Environment production requires no approval (requiredApprovals is 0)");
        assertThatThrownBy(() -> requester.request(badApprover, T0))
                .hasMessage("Approver 'lead at example.com' of environment production is not an email address");
        assertThat(store.find(ApprovalRequester.approvalIdFor(badApprover.taskToken()))).isEmpty();
        assertThat(mailer.sent).isEmpty();
    }

    @Test
    void request_shouldAnnounceTheWaitingApprovalOnce_withTheApproversAsked_andNotAgainOnARetry() {
        // GIVEN a requester that announces waiting approvals (chat's approval-waiting)
        java.util.List<String> announced = new java.util.ArrayList<>();
        ApprovalRequester announcing = ApprovalFixtures.builder(store, mailer)
                .announcer((approval, asked) -> announced.add(approval.approvalId() + " " + asked))
                .build();
        ApprovalRequest request = request();

        // WHEN it is asked, then the same task is retried
        ApprovalRequested requested = announcing.request(request, T0);
        announcing.request(request, T0.plusSeconds(60));

        // THEN it was announced once, after the approvers were mailed, naming them
        assertThat(announced).containsExactly(requested.approvalId() + " [lead@example.com, ops@example.com]");
    }

    @Test
    void request_shouldStillWait_whenAnnouncingFails() {
        // GIVEN an announcer that throws (a chat service down)
        ApprovalRequester announcing = ApprovalFixtures.builder(store, mailer)
                .announcer((approval, asked) -> {
                    throw new IllegalStateException("chat is down");
                })
                .build();

        // WHEN
        ApprovalRequested requested = announcing.request(request(), T0);

        // THEN the approval waits, its approvers mailed
        assertThat(store.find(requested.approvalId()).orElseThrow().status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(requested.notified()).containsExactly("lead@example.com", "ops@example.com");
    }
}
