package dev.serverlesscd.functions.approval;

/**
 * Where an approval stands. PENDING until a quorum approves (APPROVED) or one approver rejects (REJECTED); EXPIRED
 * when the run stopped waiting before an answer reached it (its deadline passed, or Step Functions refused the token).
 */
public enum ApprovalStatus {
    PENDING,
    APPROVED,
    REJECTED,
    EXPIRED
}
