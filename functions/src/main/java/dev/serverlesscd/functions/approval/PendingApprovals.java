package dev.serverlesscd.functions.approval;

import java.time.Instant;
import java.util.List;

/**
 * The port the webhook ends a superseded run's waiting approvals through, without knowing how approvals are kept:
 * each approval of the run still PENDING becomes SUPERSEDED and its task fails with {@code Approval.Superseded},
 * cause {@code superseded by <byRunId>: a newer push to <branch>}. Implemented by {@link ApprovalService} (and
 * {@link ApprovalSupersession}, which needs no link-signing key).
 */
public interface PendingApprovals {

    /**
     * Ends the run's pending approvals as superseded. Idempotent; an approval that ended otherwise first (approved,
     * rejected, expired) stays as it is.
     *
     * @return the ids of the approvals this call ended
     */
    List<String> supersede(String runId, String byRunId, String branch, Instant now);

    /** Ends nothing: for tests and tools without approvals. */
    PendingApprovals NONE = (runId, byRunId, branch, now) -> List.of();
}
