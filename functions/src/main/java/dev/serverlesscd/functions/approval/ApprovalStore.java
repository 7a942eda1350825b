package dev.serverlesscd.functions.approval;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The port for approvals and their audited decisions. The DynamoDB adapter is the only implementation; tests and
 * the local runtime run it against DynamoDB Local. Every state change is a conditional write, so concurrent
 * decisions cannot both end an approval.
 */
public interface ApprovalStore {

    /**
     * Stores a new PENDING approval with its task token, findable by its run at once ({@link #ofRun}); throws
     * {@link ApprovalAlreadyExistsException} if the id exists.
     */
    void create(Approval approval, String taskToken);

    Optional<Approval> find(String approvalId);

    /** The task token to answer; empty once the run has been answered (or the approval is unknown). */
    Optional<String> taskToken(String approvalId);

    /** This approver has been mailed their link. */
    void markNotified(String approvalId, String approver);

    /**
     * Audits one decision (its own item, written once per approver) and applies it in the same transaction, only while
     * the approval is PENDING: APPROVE adds the approver to {@code approvedBy}; REJECT ends the approval as REJECTED.
     *
     * @throws DecisionRefusedException ALREADY_DECIDED if this approver decided before, CLOSED if the approval ended
     * @throws ApprovalNotFoundException if there is no such approval
     */
    void recordDecision(DecisionRecord decision);

    /**
     * Ends a PENDING approval with this status (APPROVED, REJECTED, SUPERSEDED, EXPIRED) and reason; true if this call
     * ended it, false if it had ended already.
     */
    boolean end(String approvalId, ApprovalStatus status, String endReason, Instant at);

    /** The run stopped waiting before it got an answer: the approval is EXPIRED, whatever it said before. */
    void markExpired(String approvalId, String endReason, Instant at);

    /** Deletes the task token once the run has been answered. */
    void forgetTaskToken(String approvalId);

    Optional<DecisionRecord> decisionOf(String approvalId, String approver);

    /** Every decision on the approval, in the order they were taken. */
    List<DecisionRecord> decisions(String approvalId);

    /**
     * Every approval of a run, whatever its status, read strongly consistently (an approval stored a moment ago is
     * found): what ending a superseded run's approvals needs, where {@link #pending} (an index) may lag.
     */
    List<Approval> ofRun(String runId);

    /** Every approval requested in {@code [from, to)}, oldest first, whatever its status (the metrics' source). */
    List<Approval> requestedBetween(Instant from, Instant to);

    /** Approvals still PENDING whose deadline is after {@code now}, soonest deadline first. */
    List<Approval> pending(Instant now);
}
