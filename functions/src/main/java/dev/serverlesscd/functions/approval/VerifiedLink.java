package dev.serverlesscd.functions.approval;

/** A link that checked out: its approval (still PENDING) and the approver it was issued to. */
public record VerifiedLink(Approval approval, String approver) {
}
