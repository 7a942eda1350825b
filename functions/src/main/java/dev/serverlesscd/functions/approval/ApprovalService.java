package dev.serverlesscd.functions.approval;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.serverlesscd.functions.common.Json;
import dev.serverlesscd.functions.workflow.TaskCallbacks;
import dev.serverlesscd.functions.workflow.TaskTokenRejectedException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides approvals and answers the waiting run.
 *
 * <ul>
 *   <li>A decision counts if its approver is on the environment's list, is not the commit's author, has not decided
 *       before, and the approval is PENDING and before its deadline. Every counted decision is audited as its own
 *       item.</li>
 *   <li>One REJECT ends the approval: the run's task fails with {@code Approval.Rejected}, cause
 *       {@code "<approver> rejected: <reason>"}. A reject needs a reason.</li>
 *   <li>{@code requiredApprovals} distinct approvals end it: the task succeeds with
 *       {@code {"decision":"APPROVED","approvers":[…]}}.</li>
 *   <li>Ending is a conditional write from PENDING, so of concurrent decisions exactly one answers the run.</li>
 *   <li>If Step Functions no longer waits (timed out, stopped), the approval becomes EXPIRED and the decision is
 *       refused as CLOSED, with Step Functions' reason.</li>
 *   <li>A newer push to the run's branch ends its pending approvals ({@link #supersede}): SUPERSEDED, the task fails
 *       with {@code Approval.Superseded}, and later decisions are refused as CLOSED, naming the newer run.</li>
 * </ul>
 *
 * <p>Times are passed in ({@code now}), never read here.
 */
public final class ApprovalService implements PendingApprovals {
    private final ApprovalStore store;
    private final TaskCallbacks callbacks;
    private final LinkSigner signer;
    private final ApprovalSupersession supersession;

    public ApprovalService(ApprovalStore store, TaskCallbacks callbacks, LinkSigner signer) {
        this.store = Objects.requireNonNull(store, "store");
        this.callbacks = Objects.requireNonNull(callbacks, "callbacks");
        this.signer = Objects.requireNonNull(signer, "signer");
        this.supersession = new ApprovalSupersession(store, callbacks);
    }

    /** A newer push to the run's branch superseded it: its pending approvals end SUPERSEDED, nobody decides them. */
    @Override
    public List<String> supersede(String runId, String byRunId, String branch, Instant now) {
        return supersession.supersede(runId, byRunId, branch, now);
    }

    /**
     * Checks an approval link: complete, signed by us (constant-time), not expired, its approval known and still
     * PENDING, and its approver not yet decided (a link decides once; opening it again is fine).
     */
    public VerifiedLink verifyLink(String approvalId, String approver, String expires, String signature, Instant now) {
        requireParameter(approvalId, "id");
        requireParameter(approver, "approver");
        requireParameter(expires, "expires");
        requireParameter(signature, "sig");
        long expiresEpoch;
        try {
            expiresEpoch = Long.parseLong(expires);
        } catch (NumberFormatException e) {
            throw new InvalidLinkException(InvalidLinkException.Problem.MALFORMED,
                    "The link's 'expires' is not a number of seconds: '" + expires + "'");
        }
        if (!signer.verify(approvalId, approver, expiresEpoch, signature)) {
            throw new InvalidLinkException(InvalidLinkException.Problem.FORGED,
                    "The link's signature does not match: it was altered, or not issued by this pipeline");
        }
        Instant expiry = Instant.ofEpochSecond(expiresEpoch);
        if (!now.isBefore(expiry)) {
            throw new InvalidLinkException(InvalidLinkException.Problem.EXPIRED, "The link expired at " + expiry);
        }
        Approval approval = store.find(approvalId).orElseThrow(() -> new InvalidLinkException(
                InvalidLinkException.Problem.UNKNOWN, "The link names approval " + approvalId + ", which is not recorded"));
        var earlier = store.decisionOf(approvalId, approver);
        if (earlier.isPresent()) {
            throw new InvalidLinkException(InvalidLinkException.Problem.USED, "The link was already used: " + approver
                    + " decided " + earlier.get().decision() + " at " + earlier.get().decidedAt());
        }
        if (approval.status() != ApprovalStatus.PENDING) {
            throw new InvalidLinkException(InvalidLinkException.Problem.ENDED, ended(approval));
        }
        return new VerifiedLink(approval, approver);
    }

    /**
     * An approver opened the approval page: tells the run the approval is being looked at (a heartbeat, which keeps
     * {@code HeartbeatSeconds} from ending it). If the run no longer waits, the approval becomes EXPIRED.
     */
    public Approval opened(String approvalId, Instant now) {
        Approval approval = store.find(approvalId).orElseThrow(() -> new ApprovalNotFoundException(approvalId));
        if (approval.status() != ApprovalStatus.PENDING) {
            return approval;
        }
        String token = store.taskToken(approvalId).orElse(null);
        if (token == null) {
            return approval;
        }
        try {
            callbacks.heartbeat(token);
            return approval;
        } catch (TaskTokenRejectedException gone) {
            store.markExpired(approvalId, gone.getMessage(), now);
            return store.find(approvalId).orElseThrow(() -> new ApprovalNotFoundException(approvalId));
        }
    }

    public DecisionOutcome decide(String approvalId, String approver, Decision decision, String reason, Instant now) {
        if (approver == null || approver.isBlank()) {
            throw new IllegalArgumentException("A decision needs the approver's address");
        }
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(now, "now");
        String who = Approvers.normalize(approver);
        String why = reason == null || reason.isBlank() ? null : reason.strip();
        Approval approval = store.find(approvalId).orElseThrow(() -> new ApprovalNotFoundException(approvalId));
        if (approval.status() != ApprovalStatus.PENDING) {
            throw new DecisionRefusedException(DecisionRefusedException.Reason.CLOSED, ended(approval));
        }
        if (!now.isBefore(approval.deadline())) {
            throw new DecisionRefusedException(DecisionRefusedException.Reason.CLOSED,
                    "Approval " + approvalId + " expired at " + approval.deadline() + "; decisions are closed");
        }
        if (!approval.approvers().contains(who)) {
            throw new DecisionRefusedException(DecisionRefusedException.Reason.NOT_AN_APPROVER,
                    who + " is not an approver for " + approval.environment().name() + " (approval " + approvalId + ")");
        }
        Optional<String> excluded = Approvers.exclusion(who, approval.author(), approval.contributors());
        if (excluded.isPresent()) {
            throw new DecisionRefusedException(DecisionRefusedException.Reason.AUTHOR,
                    who + " brought commit " + approval.commit() + " (" + excluded.get()
                            + ") and cannot decide on its deployment: nobody approves their own change");
        }
        if (decision == Decision.REJECT && why == null) {
            throw new DecisionRefusedException(DecisionRefusedException.Reason.INCOMPLETE, "A reject needs a reason");
        }

        store.recordDecision(new DecisionRecord(approvalId, who, decision, why, now));

        if (decision == Decision.REJECT) {
            answer(approvalId, token -> callbacks.fail(token, "Approval.Rejected", who + " rejected: " + why), now);
            return outcome(approvalId, who, decision, true);
        }
        Approval afterwards = store.find(approvalId).orElseThrow(() -> new ApprovalNotFoundException(approvalId));
        boolean quorum = afterwards.approvedBy().size() >= afterwards.requiredApprovals();
        if (quorum && store.end(approvalId, ApprovalStatus.APPROVED, null, now)) {
            ObjectNode output = Json.MAPPER.createObjectNode().put("decision", "APPROVED");
            afterwards.approvedBy().forEach(output.putArray("approvers")::add);
            answer(approvalId, token -> callbacks.succeed(token, output), now);
            return outcome(approvalId, who, decision, true);
        }
        return outcome(approvalId, who, decision, false);
    }

    /** Open approvals (PENDING, deadline after {@code now}), soonest deadline first. */
    public List<Approval> pending(Instant now) {
        return store.pending(now);
    }

    /** Open approvals of one run: what {@code pipeline approve <runId>} answers. */
    public List<Approval> pendingForRun(String runId, Instant now) {
        return store.pending(now).stream().filter(a -> a.runId().equals(runId)).toList();
    }

    /** The audit: every counted decision on the approval, in order. */
    public List<DecisionRecord> decisions(String approvalId) {
        return store.decisions(approvalId);
    }

    private interface Answer {
        void send(String taskToken);
    }

    private void answer(String approvalId, Answer answer, Instant now) {
        String token = store.taskToken(approvalId).orElseThrow(() -> new IllegalStateException(
                "Approval " + approvalId + " has no task token left to answer"));
        try {
            answer.send(token);
        } catch (TaskTokenRejectedException gone) {
            store.markExpired(approvalId, gone.getMessage(), now);
            throw new DecisionRefusedException(DecisionRefusedException.Reason.CLOSED, "Approval " + approvalId
                    + " ended before the decision reached the run: " + gone.getMessage());
        }
        store.forgetTaskToken(approvalId);
    }

    private DecisionOutcome outcome(String approvalId, String approver, Decision decision, boolean answered) {
        Approval now = store.find(approvalId).orElseThrow(() -> new ApprovalNotFoundException(approvalId));
        return new DecisionOutcome(approvalId, approver, decision, now.status(), now.approvedBy(),
                now.requiredApprovals(), answered);
    }

    private static String ended(Approval approval) {
        String by = switch (approval.status()) {
            case APPROVED -> " by " + String.join(", ", approval.approvedBy());
            case REJECTED -> " by " + approval.rejectedBy();
            case SUPERSEDED, EXPIRED -> approval.endReason() == null ? "" : " (" + approval.endReason() + ")";
            case PENDING -> "";
        };
        return "Approval " + approval.approvalId() + " is already " + approval.status() + by + "; decisions are closed";
    }

    private static void requireParameter(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new InvalidLinkException(InvalidLinkException.Problem.MALFORMED,
                    "The link is incomplete: '" + name + "' is missing");
        }
    }
}
