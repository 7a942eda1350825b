package dev.serverlesscd.functions.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.serverlesscd.functions.approval.Approval;
import dev.serverlesscd.functions.approval.ApprovalLinks;
import dev.serverlesscd.functions.approval.ApprovalRequest;
import dev.serverlesscd.functions.approval.ApprovalRequester;
import dev.serverlesscd.functions.approval.ApprovalStatus;
import dev.serverlesscd.functions.approval.ApprovalSupersession;
import dev.serverlesscd.functions.approval.DynamoDbApprovalStore;
import dev.serverlesscd.functions.approval.LinkSigner;
import dev.serverlesscd.functions.config.EnvironmentTarget;
import dev.serverlesscd.functions.mail.Mail;
import dev.serverlesscd.functions.run.BranchSupersession;
import dev.serverlesscd.functions.run.Supersession;
import dev.serverlesscd.functions.testing.DynamoDbLocal;
import dev.serverlesscd.functions.workflow.TaskCallbacks;
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
 * Supersession from the webhook's side, on DynamoDB Local: a newer push ends the older run's waiting approval through
 * the approval side's port, a deploying run is left alone, and pull requests and tags are never superseded.
 */
@Tag("dynamodb")
class SupersessionTest {
    static final DynamoDbLocal DB = DynamoDbLocal.start();
    static final EnvironmentTarget PRODUCTION = new EnvironmentTarget("production", "orders-production", "orders",
            "orders", "/health", 1, List.of("lead@example.com"));

    WebhookFixture fixture;
    DynamoDbApprovalStore approvals;
    RecordingCallbacks callbacks;
    List<Mail> mailed;
    ApprovalRequester requester;
    BranchSupersession supersession;

    @AfterAll
    static void stop() {
        DB.close();
    }

    @BeforeEach
    void setUp() {
        fixture = new WebhookFixture(DB);
        approvals = new DynamoDbApprovalStore(DB.client(), fixture.table);
        callbacks = new RecordingCallbacks();
        mailed = Collections.synchronizedList(new ArrayList<>());
        supersession = new BranchSupersession(fixture.runs, fixture.branchRuns);
        requester = ApprovalRequester.builder()
                .store(approvals)
                .mailer(mailed::add)
                .links(new ApprovalLinks("https://ci.example.com/approvals",
                        new LinkSigner("0123456789abcdef0123456789abcdef-key".getBytes(StandardCharsets.UTF_8)))).sender("pipeline@example.com").timeout(Duration.ofDays(3)).supersession(supersession).callbacks(callbacks).build();
        fixture.pendingApprovals = new ApprovalSupersession(approvals, callbacks);
    }

    @Test
    void newerPush_shouldEndTheOlderRunsPendingApproval() {
        // GIVEN run A of main waiting for its production approval
        String runA = push("refs/heads/main");
        String approvalId = requester.request(requestFor(runA, "token-a"), fixture.clock.instant()).approvalId();
        assertThat(mailed).hasSize(1);

        // WHEN a newer push to main arrives
        fixture.clock.advance(Duration.ofMinutes(5));
        String runB = push("refs/heads/main");

        // THEN A's approval ended SUPERSEDED and its task failed with Approval.Superseded; B goes on
        Approval stored = approvals.find(approvalId).orElseThrow();
        assertThat(stored.status()).isEqualTo(ApprovalStatus.SUPERSEDED);
        assertThat(stored.endReason()).isEqualTo("superseded by " + runB + ": a newer push to main");
        assertThat(callbacks.calls).containsExactly(
                "fail token-a Approval.Superseded: superseded by " + runB + ": a newer push to main");
        assertThat(supersession.supersededBy(runA)).map(Supersession.Superseded::byRunId).contains(runB);
        assertThat(supersession.supersededBy(runB)).isEmpty();
        assertThat(fixture.starter.executions()).containsKeys(runA, runB);
    }

    @Test
    void newerPush_shouldStillBeAccepted_whenThePendingApprovalsCannotBeEnded() {
        // GIVEN run A of main, and an approval side that fails
        String runA = push("refs/heads/main");
        fixture.pendingApprovals = (runId, byRunId, branch, now) -> {
            throw new IllegalStateException("DynamoDB is throttling");
        };

        // WHEN a newer push arrives
        fixture.clock.advance(Duration.ofMinutes(1));
        var response = fixture.send(Deliveries.of("push", WebhookFixture.delivery(),
                WebhookFixture.pushJson("refs/heads/main")));

        // THEN it is accepted, and A is marked: its approval step will stop it
        assertThat(response.getStatusCode()).isEqualTo(202);
        String runB = WebhookFixture.body(response).get("runId").asText();
        assertThat(supersession.supersededBy(runA)).map(Supersession.Superseded::byRunId).contains(runB);
    }

    @Test
    void runAlreadyDeploying_shouldStay_andBeSupersededOnceItsDeployIsDone() {
        // GIVEN run A deploying to staging
        String runA = push("refs/heads/main");
        assertThat(supersession.startDeploying(runA, fixture.clock.instant())).isEmpty();

        // WHEN a newer push arrives
        fixture.clock.advance(Duration.ofMinutes(1));
        String runB = push("refs/heads/main");

        // THEN A deploys on; once its deploy is recorded, B supersedes it before its next approval
        assertThat(supersession.supersededBy(runA)).isEmpty();
        assertThat(supersession.startDeploying(runA, fixture.clock.instant())).isEmpty();
        assertThat(supersession.doneDeploying(runA, fixture.clock.instant()))
                .map(Supersession.Superseded::byRunId).contains(runB);
        assertThat(supersession.supersededBy(runA)).map(Supersession.Superseded::cause)
                .contains("superseded by " + runB + ": a newer push to main");
        assertThat(supersession.startDeploying(runA, fixture.clock.instant())).isPresent();
    }

    @Test
    void tagsAndPullRequests_shouldNeverBeSuperseded_byBranchPushes() {
        // GIVEN a tag run and a pull request run
        String tagRun = push("refs/tags/v1.2.0");
        String prRun = pullRequest("main");

        // WHEN pushes to main follow
        fixture.clock.advance(Duration.ofMinutes(1));
        push("refs/heads/main");
        push("refs/heads/main");

        // THEN neither is superseded, and both may deploy
        for (String runId : List.of(tagRun, prRun)) {
            assertThat(supersession.supersededBy(runId)).as(runId).isEmpty();
            assertThat(supersession.startDeploying(runId, fixture.clock.instant())).as(runId).isEmpty();
            assertThat(supersession.doneDeploying(runId, fixture.clock.instant())).as(runId).isEmpty();
        }
        String approvalId = requester.request(requestFor(tagRun, "token-tag"), fixture.clock.instant()).approvalId();
        assertThat(approvals.find(approvalId).orElseThrow().status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(callbacks.calls).isEmpty();
    }

    private String push(String ref) {
        var response = fixture.send(Deliveries.of("push", WebhookFixture.delivery(), WebhookFixture.pushJson(ref)));
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(202);
        fixture.clock.advance(Duration.ofSeconds(1));
        return WebhookFixture.body(response).get("runId").asText();
    }

    private String pullRequest(String base) {
        String json = """
                {"action": "opened", "number": 7,
                 "pull_request": {"head": {"ref": "%s", "sha": "6113728f27ae82c7b1a177c8d03f9e96e0adf246",
                                           "repo": {"full_name": "acme/orders-service"}},
                                  "base": {"ref": "main", "repo": {"full_name": "acme/orders-service"}},
                                  "user": {"login": "octocat"}},
                 "repository": {"full_name": "acme/orders-service",
                                "clone_url": "https://github.com/acme/orders-service.git"},
                 "sender": {"login": "octocat"}}
                """.formatted(base);
        var response = fixture.send(Deliveries.of("pull_request", WebhookFixture.delivery(), json));
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(202);
        return WebhookFixture.body(response).get("runId").asText();
    }

    private static ApprovalRequest requestFor(String runId, String token) {
        return new ApprovalRequest(token, runId, "acme/orders-service", "6113728f27ae82c7b1a177c8d03f9e96e0adf246",
                "octocat", List.of(), "main-6113728", PRODUCTION, null, null);
    }

    /** Task callbacks that keep each answer as one line. */
    static final class RecordingCallbacks implements TaskCallbacks {
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void succeed(String taskToken, JsonNode output) {
            calls.add("succeed " + taskToken + " " + output);
        }

        @Override
        public void fail(String taskToken, String error, String cause) {
            calls.add("fail " + taskToken + " " + error + ": " + cause);
        }

        @Override
        public void heartbeat(String taskToken) {
        }
    }
}
