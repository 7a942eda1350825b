package dev.serverlesscd.functions.approval;

import java.util.List;

/**
 * What a decision did: the approval's status afterwards, who has approved so far and how many are required.
 * {@code answeredRun} is true for the one decision that answered the waiting run (quorum reached, or a reject).
 */
public record DecisionOutcome(
        String approvalId,
        String approver,
        Decision decision,
        ApprovalStatus status,
        List<String> approvedBy,
        int requiredApprovals,
        boolean answeredRun) {

    /** One line for a page or the CLI. */
    public String describe() {
        return switch (status) {
            case APPROVED -> "Approved by " + String.join(", ", approvedBy) + ": the run continues.";
            case REJECTED -> "Rejected by " + approver + ": the run stops.";
            case SUPERSEDED -> "A newer push superseded the run before the decision reached it: the run stops.";
            case EXPIRED -> "The approval expired before the decision reached the run.";
            case PENDING -> approver + " approved; " + approvedBy.size() + " of " + requiredApprovals
                    + " approvals, waiting for " + (requiredApprovals - approvedBy.size()) + " more.";
        };
    }
}
