package dev.serverlesscd.functions.approval;

import java.time.Instant;
import java.util.List;

/**
 * What {@code RequestApproval} answers at once (the state machine ignores it and waits for the task token):
 * the approval's id, who was mailed a link, and when the links and the approval expire.
 */
public record ApprovalRequested(String approvalId, List<String> notified, Instant deadline) {
}
