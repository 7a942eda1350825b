package dev.serverlesscd.functions.approval;

/** A decision was not accepted; nothing was recorded for it. {@link #reason()} says why, the message says it precisely. */
public class DecisionRefusedException extends RuntimeException {

    /** Why a decision is refused. */
    public enum Reason {
        /** The person is not on the environment's list of approvers. */
        NOT_AN_APPROVER,
        /** The person authored the commit: nobody approves their own change. */
        AUTHOR,
        /** The person decided on this approval before. */
        ALREADY_DECIDED,
        /** The approval ended: approved, rejected or expired. */
        CLOSED,
        /** The decision itself is incomplete (a reject without a reason). */
        INCOMPLETE
    }

    private final Reason reason;

    public DecisionRefusedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
