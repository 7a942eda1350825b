package dev.serverlesscd.functions.approval;

import static dev.serverlesscd.functions.approval.ApprovalFixtures.KEY;
import static dev.serverlesscd.functions.approval.ApprovalFixtures.T0;
import static dev.serverlesscd.functions.approval.ApprovalFixtures.TIMEOUT;
import static dev.serverlesscd.functions.approval.ApprovalFixtures.request;
import static dev.serverlesscd.functions.approval.ApprovalFixtures.withApprovals;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.serverlesscd.functions.testing.DynamoDbLocal;
import dev.serverlesscd.functions.workflow.TaskTokenRejectedException;
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

@Tag("dynamodb")
class ApprovalServiceTest {
    static final DynamoDbLocal DB = DynamoDbLocal.start();
    static final Instant LATER = T0.plusSeconds(600);

    final DynamoDbApprovalStore store = new DynamoDbApprovalStore(DB.client(), DB.tableName());
    final ApprovalFixtures.RecordingMailer mailer = new ApprovalFixtures.RecordingMailer();
    final ApprovalFixtures.RecordingCallbacks callbacks = new ApprovalFixtures.RecordingCallbacks();
    final ApprovalRequester requester = ApprovalFixtures.requester(store, mailer);
    final ApprovalService service = new ApprovalService(store, callbacks, new LinkSigner(KEY));

    @AfterAll
    static void stop() {
        DB.close();
    }

    /** An open approval of production for commit by octocat, needing {@code required} of the given approvers. */
    private Opened open(int required, String... approvers) {
        ApprovalRequest request = withApprovals(request(), required, approvers);
        return new Opened(requester.request(request, T0).approvalId(), request.taskToken());
    }

    private record Opened(String id, String token) {
    }

    @Test
    void decide_shouldApproveAndAnswerTheRun_whenTheOnlyRequiredApproverApproves() {
        // GIVEN
        Opened approval = open(1, "lead@example.com", "ops@example.com");

        // WHEN
        DecisionOutcome outcome = service.decide(approval.id(), "Lead@Example.com", Decision.APPROVE, "looks good", LATER);

        // THEN
        assertThat(outcome.status()).isEqualTo(ApprovalStatus.APPROVED);
        assertThat(outcome.answeredRun()).isTrue();
        assertThat(outcome.describe()).isEqualTo("Approved by lead@example.com: the run continues.");
        assertThat(callbacks.answers()).containsExactly(new ApprovalFixtures.RecordingCallbacks.Call(
                "succeed", approval.token(), "{\"decision\":\"APPROVED\",\"approvers\":[\"lead@example.com\"]}"));
        Approval stored = store.find(approval.id()).orElseThrow();
        assertThat(stored.status()).isEqualTo(ApprovalStatus.APPROVED);
        assertThat(stored.decidedAt()).isEqualTo(LATER);
        assertThat(store.taskToken(approval.id())).as("token deleted once answered").isEmpty();
        assertThat(store.pending(T0)).extracting(Approval::approvalId).doesNotContain(approval.id());
        assertThat(service.decisions(approval.id()))
                .containsExactly(new DecisionRecord(approval.id(), "lead@example.com", Decision.APPROVE, "looks good", LATER));
    }

    @Test
    void decide_shouldWaitForAQuorumOfDistinctApprovers_beforeAnsweringTheRun() {
        // GIVEN
        Opened approval = open(2, "lead@example.com", "ops@example.com", "sre@example.com");

        // WHEN the first approves
        DecisionOutcome first = service.decide(approval.id(), "ops@example.com", Decision.APPROVE, null, LATER);

        // THEN the run still waits
        assertThat(first.status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(first.describe()).isEqualTo("ops@example.com approved; 1 of 2 approvals, waiting for 1 more.");
        assertThat(callbacks.answers()).isEmpty();

        // WHEN the second approves
        DecisionOutcome second = service.decide(approval.id(), "lead@example.com", Decision.APPROVE, null, LATER.plusSeconds(1));

        // THEN
        assertThat(second.status()).isEqualTo(ApprovalStatus.APPROVED);
        assertThat(second.approvedBy()).containsExactly("lead@example.com", "ops@example.com");
        assertThat(callbacks.answers()).extracting(ApprovalFixtures.RecordingCallbacks.Call::detail)
                .containsExactly("{\"decision\":\"APPROVED\",\"approvers\":[\"lead@example.com\",\"ops@example.com\"]}");
        assertThat(service.decisions(approval.id())).extracting(DecisionRecord::approver)
                .containsExactly("ops@example.com", "lead@example.com");
    }

    @Test
    void decide_shouldRejectAndFailTheRunsTask_whenOneApproverRejects_evenAfterAnApproval() {
        // GIVEN
        Opened approval = open(2, "lead@example.com", "ops@example.com", "sre@example.com");
        service.decide(approval.id(), "ops@example.com", Decision.APPROVE, null, LATER);

        // WHEN
        DecisionOutcome outcome = service.decide(approval.id(), "sre@example.com", Decision.REJECT, "  not during the sale ", LATER);

        // THEN
        assertThat(outcome.status()).isEqualTo(ApprovalStatus.REJECTED);
        assertThat(outcome.describe()).isEqualTo("Rejected by sre@example.com: the run stops.");
        assertThat(callbacks.answers()).containsExactly(new ApprovalFixtures.RecordingCallbacks.Call(
                "fail", approval.token(), "Approval.Rejected: sre@example.com rejected: not during the sale"));
        Approval stored = store.find(approval.id()).orElseThrow();
        assertThat(stored.rejectedBy()).isEqualTo("sre@example.com");
        assertThat(store.taskToken(approval.id())).isEmpty();
        assertThat(service.decisions(approval.id())).extracting(DecisionRecord::approver, DecisionRecord::decision)
                .containsExactlyInAnyOrder(tuple("ops@example.com", Decision.APPROVE), tuple("sre@example.com", Decision.REJECT));
    }

    @Test
    void decide_shouldRefuse_whenThePersonIsNotAnApprover_orIsTheAuthor_orRejectsWithoutReason() {
        // GIVEN octocat (the commit's author) is on the list but cannot decide
        Opened approval = open(1, "lead@example.com", "octocat@example.com");

        // WHEN / THEN
        assertThatThrownBy(() -> service.decide(approval.id(), "mallory@example.com", Decision.APPROVE, null, LATER))
                .isInstanceOfSatisfying(DecisionRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(DecisionRefusedException.Reason.NOT_AN_APPROVER))
                .hasMessage("mallory@example.com is not an approver for production (approval " + approval.id() + ")");
        assertThatThrownBy(() -> service.decide(approval.id(), "octocat@example.com", Decision.APPROVE, null, LATER))
                .isInstanceOfSatisfying(DecisionRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(DecisionRefusedException.Reason.AUTHOR))
                .hasMessage("octocat@example.com brought commit 6113728f27ae82c7b1a177c8d03f9e96e0adf246 (octocat: pusher) and cannot decide"
                                + " on its deployment: nobody approves their own change");
        assertThatThrownBy(() -> service.decide(approval.id(), "lead@example.com", Decision.REJECT, " ", LATER))
                .isInstanceOfSatisfying(DecisionRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(DecisionRefusedException.Reason.INCOMPLETE))
                .hasMessage("A reject needs a reason");

        // AND nothing was recorded or answered
        assertThat(service.decisions(approval.id())).isEmpty();
        assertThat(store.find(approval.id()).orElseThrow().status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(callbacks.answers()).isEmpty();
    }

    @Test
    void decide_shouldRefuseASecondDecisionOfTheSameApprover_keepingTheFirst() {
        // GIVEN
        Opened approval = open(2, "lead@example.com", "ops@example.com");
        service.decide(approval.id(), "lead@example.com", Decision.APPROVE, null, LATER);

        // WHEN / THEN changing one's mind is refused; approving twice does not make a quorum
        assertThatThrownBy(() -> service.decide(approval.id(), "lead@example.com", Decision.REJECT, "second thoughts", LATER.plusSeconds(5)))
                .isInstanceOfSatisfying(DecisionRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(DecisionRefusedException.Reason.ALREADY_DECIDED))
                .hasMessage("lead@example.com already decided on approval " + approval.id() + ": APPROVE at " + LATER);
        assertThatThrownBy(() -> service.decide(approval.id(), "LEAD@example.com", Decision.APPROVE, null, LATER.plusSeconds(6)))
                .isInstanceOf(DecisionRefusedException.class);
        Approval stored = store.find(approval.id()).orElseThrow();
        assertThat(stored.status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(stored.approvedBy()).containsExactly("lead@example.com");
        assertThat(callbacks.answers()).isEmpty();
    }

    @Test
    void decide_shouldRefuseWithAClearMessage_afterTheApprovalEnded_orItsDeadlinePassed() {
        // GIVEN one approval ended, another past its deadline
        Opened ended = open(1, "lead@example.com", "ops@example.com");
        service.decide(ended.id(), "lead@example.com", Decision.APPROVE, null, LATER);
        Opened late = open(1, "lead@example.com", "ops@example.com");

        // WHEN / THEN
        assertThatThrownBy(() -> service.decide(ended.id(), "ops@example.com", Decision.REJECT, "too late?", LATER))
                .isInstanceOfSatisfying(DecisionRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(DecisionRefusedException.Reason.CLOSED))
                .hasMessage("Approval " + ended.id() + " is already APPROVED by lead@example.com; decisions are closed");
        assertThatThrownBy(() -> service.decide(late.id(), "ops@example.com", Decision.APPROVE, null, T0.plus(TIMEOUT)))
                .isInstanceOf(DecisionRefusedException.class)
                .hasMessage("Approval " + late.id() + " expired at " + T0.plus(TIMEOUT) + "; decisions are closed");
        assertThatThrownBy(() -> service.decide("apr-unknown", "ops@example.com", Decision.APPROVE, null, LATER))
                .isInstanceOf(ApprovalNotFoundException.class)
                .hasMessage("No approval apr-unknown is recorded");
        assertThat(callbacks.answers()).hasSize(1);
        assertThat(service.decisions(late.id())).isEmpty();
    }

    @Test
    void decide_shouldMarkTheApprovalExpired_andRefuse_whenTheRunNoLongerWaits() {
        // GIVEN Step Functions timed the task out already
        Opened approval = open(1, "lead@example.com", "ops@example.com");
        callbacks.gone = TaskTokenRejectedException.Reason.TIMED_OUT;

        // WHEN / THEN
        assertThatThrownBy(() -> service.decide(approval.id(), "lead@example.com", Decision.APPROVE, null, LATER))
                .isInstanceOfSatisfying(DecisionRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(DecisionRefusedException.Reason.CLOSED))
                .hasMessage("Approval " + approval.id() + " ended before the decision reached the run: Step Functions "
                        + "refused the task token: the task timed out before the answer arrived (Task Timed Out)");
        Approval stored = store.find(approval.id()).orElseThrow();
        assertThat(stored.status()).isEqualTo(ApprovalStatus.EXPIRED);
        assertThat(stored.endReason()).contains("timed out");
        assertThat(store.taskToken(approval.id())).isEmpty();
        assertThat(store.pending(T0)).extracting(Approval::approvalId).doesNotContain(approval.id());
    }

    @Test
    void decide_shouldAnswerTheRunExactlyOnce_whenApproversDecideConcurrently() throws Exception {
        // GIVEN two of four approvals required, and four approvers decide at the same moment
        List<String> approvers = List.of("a@example.com", "b@example.com", "c@example.com", "d@example.com");
        Opened approval = open(2, approvers.toArray(String[]::new));
        ExecutorService pool = Executors.newFixedThreadPool(approvers.size());
        CountDownLatch start = new CountDownLatch(1);
        List<Future<DecisionOutcome>> results = new ArrayList<>();

        // WHEN
        try {
            for (String approver : approvers) {
                Callable<DecisionOutcome> decide = () -> {
                    start.await();
                    return service.decide(approval.id(), approver, Decision.APPROVE, null, LATER);
                };
                results.add(pool.submit(decide));
            }
            start.countDown();
            for (Future<DecisionOutcome> result : results) {
                try {
                    result.get();
                } catch (java.util.concurrent.ExecutionException refused) {
                    assertThat(refused.getCause()).isInstanceOf(DecisionRefusedException.class)
                            .hasMessageContaining("is already APPROVED");
                }
            }
        } finally {
            pool.shutdownNow();
        }

        // THEN
        assertThat(callbacks.answers()).hasSize(1);
        Approval stored = store.find(approval.id()).orElseThrow();
        assertThat(stored.status()).isEqualTo(ApprovalStatus.APPROVED);
        assertThat(stored.approvedBy()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(callbacks.answers().get(0).detail()).contains("\"decision\":\"APPROVED\"");
        assertThat(service.decisions(approval.id())).hasSize(stored.approvedBy().size());
    }

    @Test
    void verifyLink_shouldAcceptTheMailedLink_ofAPendingApproval() {
        // GIVEN
        Opened approval = open(1, "lead@example.com", "ops@example.com");
        Map<String, String> link = ApprovalFixtures.linkParameters(mailer.to("lead@example.com"));

        // WHEN
        VerifiedLink verified = verify(link, LATER);

        // THEN
        assertThat(verified.approver()).isEqualTo("lead@example.com");
        assertThat(verified.approval().approvalId()).isEqualTo(approval.id());
    }

    @Test
    void verifyLink_shouldRefuseAForgedLink_withForbidden_beforeLookingAtAnythingElse() {
        // GIVEN lead's link, with ops' address put in, or a longer life, or a made-up signature
        open(1, "lead@example.com", "ops@example.com");
        Map<String, String> link = ApprovalFixtures.linkParameters(mailer.to("lead@example.com"));

        // WHEN / THEN
        for (Map<String, String> forged : List.of(
                with(link, "approver", "ops@example.com"),
                with(link, "expires", Long.toString(Long.parseLong(link.get("expires")) + 86_400)),
                with(link, "sig", "00".repeat(32)),
                with(link, "sig", "not-hex"))) {
            assertThatThrownBy(() -> verify(forged, LATER))
                    .isInstanceOfSatisfying(InvalidLinkException.class,
                            e -> assertThat(e.problem()).isEqualTo(InvalidLinkException.Problem.FORGED))
                    .hasMessage("The link's signature does not match: it was altered, or not issued by this pipeline");
        }
    }

    @Test
    void verifyLink_shouldRefuseAnIncompleteOrMalformedLink() {
        // GIVEN
        open(1, "lead@example.com", "ops@example.com");
        Map<String, String> link = ApprovalFixtures.linkParameters(mailer.to("lead@example.com"));

        // WHEN / THEN
        assertThatThrownBy(() -> verify(with(link, "sig", null), LATER))
                .isInstanceOfSatisfying(InvalidLinkException.class,
                        e -> assertThat(e.problem()).isEqualTo(InvalidLinkException.Problem.MALFORMED))
                .hasMessage("The link is incomplete: 'sig' is missing");
        assertThatThrownBy(() -> verify(with(link, "expires", "tomorrow"), LATER))
                .isInstanceOf(InvalidLinkException.class)
                .hasMessage("The link's 'expires' is not a number of seconds: 'tomorrow'");
    }

    @Test
    void verifyLink_shouldRefuseAnExpiredLink() {
        // GIVEN
        open(1, "lead@example.com", "ops@example.com");
        Map<String, String> link = ApprovalFixtures.linkParameters(mailer.to("lead@example.com"));

        // WHEN / THEN
        assertThatThrownBy(() -> verify(link, T0.plus(TIMEOUT)))
                .isInstanceOfSatisfying(InvalidLinkException.class,
                        e -> assertThat(e.problem()).isEqualTo(InvalidLinkException.Problem.EXPIRED))
                .hasMessage("The link expired at " + T0.plus(TIMEOUT));
    }

    @Test
    void verifyLink_shouldRefuseAUsedLink_andALinkToAnEndedApproval() {
        // GIVEN lead decided; then ops' approval ended it
        Opened approval = open(2, "lead@example.com", "ops@example.com", "sre@example.com");
        service.decide(approval.id(), "lead@example.com", Decision.APPROVE, null, LATER);
        service.decide(approval.id(), "ops@example.com", Decision.APPROVE, null, LATER.plusSeconds(1));

        // WHEN / THEN
        assertThatThrownBy(() -> verify(ApprovalFixtures.linkParameters(mailer.to("lead@example.com")), LATER.plusSeconds(2)))
                .isInstanceOfSatisfying(InvalidLinkException.class,
                        e -> assertThat(e.problem()).isEqualTo(InvalidLinkException.Problem.USED))
                .hasMessage("The link was already used: lead@example.com decided APPROVE at " + LATER);
        assertThatThrownBy(() -> verify(ApprovalFixtures.linkParameters(mailer.to("sre@example.com")), LATER.plusSeconds(2)))
                .isInstanceOfSatisfying(InvalidLinkException.class,
                        e -> assertThat(e.problem()).isEqualTo(InvalidLinkException.Problem.ENDED))
                .hasMessage("Approval " + approval.id() + " is already APPROVED by lead@example.com, ops@example.com; decisions are closed");
    }

    @Test
    void opened_shouldSendAHeartbeat_whileTheApprovalIsPending() {
        // GIVEN
        Opened approval = open(1, "lead@example.com", "ops@example.com");

        // WHEN
        Approval seen = service.opened(approval.id(), LATER);

        // THEN
        assertThat(seen.status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(callbacks.calls).containsExactly(new ApprovalFixtures.RecordingCallbacks.Call("heartbeat", approval.token(), null));
    }

    @Test
    void opened_shouldMarkTheApprovalExpired_whenTheRunNoLongerWaits() {
        // GIVEN
        Opened approval = open(1, "lead@example.com", "ops@example.com");
        callbacks.gone = TaskTokenRejectedException.Reason.NOT_WAITING;

        // WHEN
        Approval seen = service.opened(approval.id(), LATER);

        // THEN
        assertThat(seen.status()).isEqualTo(ApprovalStatus.EXPIRED);
        assertThat(seen.endReason()).contains("not waiting any more");
    }

    @Test
    void pending_shouldListOpenApprovals_soonestDeadlineFirst_withoutEndedOrExpiredOnes() {
        // GIVEN approvals requested in a far future, so other tests' approvals are expired by then
        Instant future = Instant.parse("2099-01-01T00:00:00Z");
        ApprovalRequest first = withApprovals(request(), 1, "lead@example.com");
        ApprovalRequest second = withApprovals(request(), 1, "lead@example.com");
        ApprovalRequest decided = withApprovals(request(), 1, "lead@example.com");
        String firstId = requester.request(first, future).approvalId();
        String secondId = requester.request(second, future.plusSeconds(60)).approvalId();
        String decidedId = requester.request(decided, future).approvalId();
        service.decide(decidedId, "lead@example.com", Decision.APPROVE, null, future.plusSeconds(1));

        // WHEN
        List<Approval> pending = service.pending(future.plusSeconds(2));

        // THEN
        assertThat(pending).extracting(Approval::approvalId).containsExactly(firstId, secondId);
        assertThat(service.pendingForRun("run-72d3162e", future.plusSeconds(2))).hasSize(2);
        assertThat(service.pendingForRun("run-other", future.plusSeconds(2))).isEmpty();
        assertThat(service.pending(future.plus(TIMEOUT).plusSeconds(30))).extracting(Approval::approvalId)
                .containsExactly(secondId);
    }

    private VerifiedLink verify(Map<String, String> link, Instant now) {
        return service.verifyLink(link.get("id"), link.get("approver"), link.get("expires"), link.get("sig"), now);
    }

    private static Map<String, String> with(Map<String, String> link, String key, String value) {
        Map<String, String> changed = new java.util.HashMap<>(link);
        changed.put(key, value);
        return changed;
    }
}
