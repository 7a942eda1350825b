package dev.serverlesscd.functions.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.serverlesscd.functions.approval.Approval;
import dev.serverlesscd.functions.approval.ApprovalLinks;
import dev.serverlesscd.functions.approval.ApprovalPages;
import dev.serverlesscd.functions.approval.ApprovalRequest;
import dev.serverlesscd.functions.approval.ApprovalRequester;
import dev.serverlesscd.functions.approval.ApprovalService;
import dev.serverlesscd.functions.approval.ApprovalStatus;
import dev.serverlesscd.functions.approval.Decision;
import dev.serverlesscd.functions.approval.DecisionRefusedException;
import dev.serverlesscd.functions.approval.DynamoDbApprovalStore;
import dev.serverlesscd.functions.approval.LinkSigner;
import dev.serverlesscd.functions.approval.VerifiedLink;
import dev.serverlesscd.functions.config.EnvironmentTarget;
import dev.serverlesscd.functions.mail.Mail;
import dev.serverlesscd.functions.run.Supersession;
import dev.serverlesscd.functions.testing.DynamoDbLocal;
import dev.serverlesscd.functions.workflow.ExecutionInput;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Nobody approves a change they brought: the authors of every commit a push brings (head commit and the commits
 * listed, by address and by login) and the pusher travel from the delivery through the run's execution input to the
 * approval, which does not mail them, refuses their decision, and names them on its page.
 */
@Tag("dynamodb")
class SelfApprovalTest {
    static final DynamoDbLocal DB = DynamoDbLocal.start();
    static final byte[] KEY = "0123456789abcdef0123456789abcdef-key".getBytes(StandardCharsets.UTF_8);
    static final EnvironmentTarget PRODUCTION = new EnvironmentTarget("production", "orders-production", "orders",
            "orders", "/health", 1, List.of("lead@example.com", "ops@example.com", "dev@example.com"));

    WebhookFixture fixture;
    DynamoDbApprovalStore approvals;
    SupersessionTest.RecordingCallbacks callbacks;
    List<Mail> mailed;
    ApprovalRequester requester;
    ApprovalService service;

    @AfterAll
    static void stop() {
        DB.close();
    }

    @BeforeEach
    void setUp() {
        fixture = new WebhookFixture(DB);
        approvals = new DynamoDbApprovalStore(DB.client(), fixture.table);
        callbacks = new SupersessionTest.RecordingCallbacks();
        mailed = Collections.synchronizedList(new ArrayList<>());
        requester = ApprovalRequester.builder().store(approvals).mailer(mailed::add)
                .links(new ApprovalLinks("https://ci.example.com/approvals", new LinkSigner(KEY)))
                .sender("pipeline@example.com").timeout(Duration.ofDays(3)).supersession(Supersession.NONE)
                .callbacks(callbacks).build();
        service = new ApprovalService(approvals, callbacks, new LinkSigner(KEY));
    }

    @Test
    void headCommitAuthor_pushedBySomeoneElse_shouldNotApproveTheirOwnChange() {
        // GIVEN octocat pushes a commit whose author, lead@example.com (no GitHub login), is a production approver
        String approvalId = approvalForPush("octocat", "lead@example.com", null, "dev@example.com", "devlogin");

        // THEN the author is not mailed, and their decision does not count
        assertThat(mailed).flatExtracting(Mail::to).doesNotContain("lead@example.com").contains("ops@example.com");
        assertThatThrownBy(() -> service.decide(approvalId, "lead@example.com", Decision.APPROVE, null,
                fixture.clock.instant()))
                .isInstanceOfSatisfying(DecisionRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(DecisionRefusedException.Reason.AUTHOR))
                .hasMessageContaining("author of head commit");
        Approval stored = approvals.find(approvalId).orElseThrow();
        assertThat(stored.status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(stored.approvedBy()).isEmpty();
        assertThat(callbacks.calls).isEmpty();
    }

    @Test
    void authorOfAListedCommit_byLogin_shouldNotApprove_andThePageSaysWhoIsExcludedAndWhy() {
        // GIVEN a push whose second listed commit is by GitHub user "dev" (address dev@users.noreply.github.com)
        String approvalId = approvalForPush("octocat", "someone@example.org", "someone", "dev@users.noreply.github.com",
                "dev");

        // THEN dev@example.com (login dev) cannot decide; ops@example.com can
        assertThatThrownBy(() -> service.decide(approvalId, "dev@example.com", Decision.APPROVE, null,
                fixture.clock.instant()))
                .isInstanceOfSatisfying(DecisionRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(DecisionRefusedException.Reason.AUTHOR));
        assertThat(service.decide(approvalId, "ops@example.com", Decision.APPROVE, null, fixture.clock.instant())
                .describe()).contains("ops@example.com");
        assertThat(approvals.find(approvalId).orElseThrow().status()).isEqualTo(ApprovalStatus.APPROVED);

        // AND the evidence names every excluded person with the reason
        Approval stored = approvals.find(approvalId).orElseThrow();
        String page = ApprovalPages.form(new VerifiedLink(stored, "ops@example.com"), "0", "sig");
        assertThat(page).contains("Cannot approve")
                .contains("octocat &lt;octocat@github.com&gt; (pusher)")
                .contains("someone &lt;someone@example.org&gt; (author of head commit 2222222)")
                .contains("dev &lt;dev@users.noreply.github.com&gt; (author of commit 1111111)");
    }

    /** A push delivered to the webhook, its execution input turned into the RequestApproval task's request. */
    private String approvalForPush(String pusher, String headEmail, String headLogin, String otherEmail,
                                   String otherLogin) {
        String json = """
                {"ref": "refs/heads/main", "before": "%s", "after": "2222222222222222222222222222222222222222",
                 "repository": {"full_name": "acme/orders-service", "clone_url": "https://github.com/acme/orders-service.git"},
                 "pusher": {"name": "%s", "email": "%s@github.com"}, "sender": {"login": "%s"},
                 "commits": [
                   {"id": "1111111111111111111111111111111111111111", "author": {"email": "%s", "username": "%s"}},
                   {"id": "2222222222222222222222222222222222222222", "author": {"email": "%s"%s}}],
                 "head_commit": {"id": "2222222222222222222222222222222222222222",
                                 "author": {"email": "%s"%s}}}
                """.formatted(WebhookFixture.randomSha(), pusher, pusher, pusher, otherEmail, otherLogin,
                headEmail, headLogin == null ? "" : ", \"username\": \"" + headLogin + "\"",
                headEmail, headLogin == null ? "" : ", \"username\": \"" + headLogin + "\"");
        APIGatewayV2HTTPResponse response = fixture.send(Deliveries.of("push", WebhookFixture.delivery(), json));
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(202);
        ExecutionInput input = fixture.starter.executions().get(WebhookFixture.body(response).get("runId").asText());
        ApprovalRequest request = new ApprovalRequest("token-" + input.runId(), input.runId(), input.repository(),
                input.commit(), input.author(), input.contributors(), input.version(), PRODUCTION, null, null);
        return requester.request(request, fixture.clock.instant()).approvalId();
    }
}
