package dev.serverlesscd.functions.approval;

import static dev.serverlesscd.functions.approval.ApprovalFixtures.KEY;
import static dev.serverlesscd.functions.approval.ApprovalFixtures.SENDER;
import static dev.serverlesscd.functions.approval.ApprovalFixtures.T0;
import static dev.serverlesscd.functions.approval.ApprovalFixtures.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesscd.functions.config.EnvironmentTarget;
import dev.serverlesscd.functions.run.BranchRuns;
import dev.serverlesscd.functions.run.BranchSupersession;
import dev.serverlesscd.functions.run.DynamoDbRunStore;
import dev.serverlesscd.functions.run.Run;
import dev.serverlesscd.functions.run.RunStatus;
import dev.serverlesscd.functions.run.Supersession;
import dev.serverlesscd.functions.testing.DynamoDbLocal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Supersession on the approval side, on DynamoDB Local with the real branch items: a superseded run's approval is
 * never put before anyone, a newer push ends a waiting one, and an ended one cannot be decided.
 */
@Tag("dynamodb")
class ApprovalSupersessionTest {
    static final DynamoDbLocal DB = DynamoDbLocal.start();
    static final String REPO = "acme/orders-service";
    static final EnvironmentTarget PRODUCTION = new EnvironmentTarget("production", "orders-production", "orders",
            "orders", "/health", 1, List.of("lead@example.com", "ops@example.com"));

    final String table = DB.newTable("approvals");
    final DynamoDbApprovalStore store;
    final DynamoDbRunStore runs;
    final BranchRuns branchRuns;
    final ApprovalFixtures.RecordingMailer mailer = new ApprovalFixtures.RecordingMailer();
    final ApprovalFixtures.RecordingCallbacks callbacks = new ApprovalFixtures.RecordingCallbacks();
    final ApprovalRequester requester;
    final ApprovalService service;

    ApprovalSupersessionTest() {
        store = new DynamoDbApprovalStore(DB.client(), table);
        runs = new DynamoDbRunStore(DB.client(), table);
        branchRuns = new BranchRuns(DB.client(), table, Duration.ofDays(30));
        requester = ApprovalRequester.builder()
                .store(store)
                .mailer(mailer)
                .links(ApprovalFixtures.links())
                .sender(SENDER)
                .timeout(TIMEOUT)
                .supersession(new BranchSupersession(runs, branchRuns))
                .callbacks(callbacks)
                .build();
        service = new ApprovalService(store, callbacks, new LinkSigner(KEY));
    }

    @AfterAll
    static void stop() {
        DB.close();
    }

    @Test
    void request_shouldFailTheTaskWithApprovalSuperseded_andMailNobody_whenTheRunIsAlreadySuperseded() {
        // GIVEN run A of main, superseded by a newer push B
        push("run-a", T0);
        push("run-b", T0.plusSeconds(60));
        ApprovalRequest request = requestFor("run-a");

        // WHEN A reaches its production approval
        ApprovalRequested requested = requester.request(request, T0.plusSeconds(120));

        // THEN its task fails at once, nobody is mailed, and the approval is recorded as ended
        assertThat(callbacks.answers()).singleElement().satisfies(call -> {
            assertThat(call.kind()).isEqualTo("fail");
            assertThat(call.token()).isEqualTo(request.taskToken());
            assertThat(call.detail()).isEqualTo("Approval.Superseded: superseded by run-b: a newer push to main");
        });
        assertThat(mailer.sent).isEmpty();
        assertThat(requested.notified()).isEmpty();
        Approval stored = store.find(requested.approvalId()).orElseThrow();
        assertThat(stored.status()).isEqualTo(ApprovalStatus.SUPERSEDED);
        assertThat(stored.endReason()).isEqualTo("superseded by run-b: a newer push to main");
        assertThat(stored.decidedAt()).isEqualTo(T0.plusSeconds(120));
        assertThat(store.taskToken(requested.approvalId())).isEmpty();
        assertThat(service.pendingForRun("run-a", T0.plusSeconds(120))).isEmpty();
    }

    @Test
    void request_shouldNotAnswerTwice_whenRetried() {
        // GIVEN a superseded run whose approval request was answered
        push("run-a", T0);
        push("run-b", T0.plusSeconds(60));
        ApprovalRequest request = requestFor("run-a");
        requester.request(request, T0.plusSeconds(120));

        // WHEN Step Functions retries the invocation
        requester.request(request, T0.plusSeconds(125));

        // THEN the task was failed once, and still nobody was mailed
        assertThat(callbacks.answers()).hasSize(1);
        assertThat(mailer.sent).isEmpty();
    }

    @Test
    void supersede_shouldEndTheOlderRunsPendingApproval_andFailItsTask() {
        // GIVEN run A waiting for its production approval, mailed to both approvers
        push("run-a", T0);
        ApprovalRequest request = requestFor("run-a");
        String approvalId = requester.request(request, T0.plusSeconds(10)).approvalId();
        assertThat(mailer.sent).hasSize(2);

        // WHEN a newer push B supersedes it
        assertThat(push("run-b", T0.plusSeconds(60))).containsExactly("run-a");
        List<String> ended = service.supersede("run-a", "run-b", "main", T0.plusSeconds(61));

        // THEN the approval ended SUPERSEDED and the run's task failed with Approval.Superseded
        assertThat(ended).containsExactly(approvalId);
        Approval stored = store.find(approvalId).orElseThrow();
        assertThat(stored.status()).isEqualTo(ApprovalStatus.SUPERSEDED);
        assertThat(stored.endReason()).isEqualTo("superseded by run-b: a newer push to main");
        assertThat(callbacks.answers()).singleElement().satisfies(call -> {
            assertThat(call.token()).isEqualTo(request.taskToken());
            assertThat(call.detail()).isEqualTo("Approval.Superseded: superseded by run-b: a newer push to main");
        });
        assertThat(store.taskToken(approvalId)).isEmpty();
        assertThat(service.pending(T0.plusSeconds(61))).extracting(Approval::approvalId).doesNotContain(approvalId);
        // and again (a retried webhook) changes nothing
        assertThat(service.supersede("run-a", "run-b", "main", T0.plusSeconds(62))).isEmpty();
        assertThat(callbacks.answers()).hasSize(1);
    }

    @Test
    void decide_shouldRefuseClearly_whenTheApprovalWasSuperseded() {
        // GIVEN A's approval, mailed, then superseded by B
        push("run-a", T0);
        String approvalId = requester.request(requestFor("run-a"), T0.plusSeconds(10)).approvalId();
        Map<String, String> link = ApprovalFixtures.linkParameters(mailer.to("lead@example.com"));
        push("run-b", T0.plusSeconds(60));
        service.supersede("run-a", "run-b", "main", T0.plusSeconds(61));

        // WHEN the approver approves afterwards, by the CLI or with the mailed link
        // THEN both are refused, naming the newer run, and the run is not answered again
        assertThatThrownBy(() -> service.decide(approvalId, "lead@example.com", Decision.APPROVE, "ok",
                T0.plusSeconds(90)))
                .isInstanceOfSatisfying(DecisionRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(DecisionRefusedException.Reason.CLOSED))
                .hasMessage("Approval " + approvalId + " is already SUPERSEDED (superseded by run-b: a newer push to"
                        + " main); decisions are closed");
        assertThatThrownBy(() -> service.verifyLink(link.get("id"), link.get("approver"), link.get("expires"),
                link.get("sig"), T0.plusSeconds(90)))
                .isInstanceOfSatisfying(InvalidLinkException.class,
                        e -> assertThat(e.problem()).isEqualTo(InvalidLinkException.Problem.ENDED))
                .hasMessageContaining("SUPERSEDED (superseded by run-b");
        assertThat(store.decisions(approvalId)).isEmpty();
        assertThat(callbacks.answers()).extracting(ApprovalFixtures.RecordingCallbacks.Call::kind).containsExactly("fail");
    }

    @Test
    void supersede_andAConcurrentApproval_shouldAnswerTheRunExactlyOnce() throws Exception {
        for (int round = 0; round < 8; round++) {
            // GIVEN a waiting approval needing one approver
            String older = "run-old-" + round;
            String newer = "run-new-" + round;
            push(older, T0.plusSeconds(round * 100L));
            ApprovalRequest request = requestFor(older);
            String approvalId = requester.request(request, T0.plusSeconds(round * 100L + 1)).approvalId();

            // WHEN the approver approves while a newer push supersedes the run
            push(newer, T0.plusSeconds(round * 100L + 2));
            Instant at = T0.plusSeconds(round * 100L + 3);
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            List<Callable<Object>> both = List.of(
                    () -> {
                        go.await();
                        return service.decide(approvalId, "lead@example.com", Decision.APPROVE, "ok", at);
                    },
                    () -> {
                        go.await();
                        return service.supersede(older, newer, "main", at);
                    });
            List<Future<Object>> futures = new ArrayList<>();
            both.forEach(task -> futures.add(pool.submit(task)));
            go.countDown();
            for (Future<Object> future : futures) {
                try {
                    future.get();
                } catch (java.util.concurrent.ExecutionException refused) {
                    assertThat(refused.getCause()).isInstanceOf(DecisionRefusedException.class);
                }
            }
            pool.shutdown();

            // THEN the run was answered once, as the approval's final status says
            List<ApprovalFixtures.RecordingCallbacks.Call> answers = callbacks.answers().stream()
                    .filter(call -> call.token().equals(request.taskToken())).toList();
            ApprovalStatus status = store.find(approvalId).orElseThrow().status();
            assertThat(answers).as("round %d: %s", round, status).hasSize(1);
            assertThat(status).isIn(ApprovalStatus.APPROVED, ApprovalStatus.SUPERSEDED);
            assertThat(answers.get(0).kind()).isEqualTo(status == ApprovalStatus.APPROVED ? "succeed" : "fail");
        }
    }

    /** A push to main recorded and registered as the webhook does; answers the runs it superseded. */
    private List<String> push(String runId, Instant at) {
        runs.create(new Run(runId, "delivery-" + runId, REPO, "https://github.com/acme/orders-service.git", "push",
                "refs/heads/main", "main", "main", null, "6113728f27ae82c7b1a177c8d03f9e96e0adf246", null, "octocat", List.of(),
                "main-6113728", "full", true, List.of(PRODUCTION), RunStatus.RECEIVED, null, at, at, null, null, null));
        return branchRuns.register(REPO, "main", runId, at, at);
    }

    private static ApprovalRequest requestFor(String runId) {
        ApprovalRequest example = ApprovalFixtures.request();
        return new ApprovalRequest(example.taskToken(), runId, REPO, example.commit(), example.author(), example.contributors(),
                example.version(), PRODUCTION, example.image(), example.gate());
    }
}
