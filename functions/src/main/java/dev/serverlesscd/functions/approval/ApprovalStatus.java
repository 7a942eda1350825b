package dev.serverlesscd.functions.approval;

/**
 * Where an approval stands. PENDING until a quorum approves (APPROVED) or one approver rejects (REJECTED); SUPERSEDED
 * when a newer push to the run's branch ended it (the run stops with {@code Approval.Superseded}); EXPIRED when the
 * run stopped waiting before an answer reached it (its deadline passed, or Step Functions refused the token).
 */
public enum ApprovalStatus {
    PENDING,
    APPROVED,
    REJECTED,
    SUPERSEDED,
    EXPIRED
}
