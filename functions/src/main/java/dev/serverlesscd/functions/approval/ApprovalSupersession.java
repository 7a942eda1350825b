package dev.serverlesscd.functions.approval;

import dev.serverlesscd.functions.run.Supersession;
import dev.serverlesscd.functions.workflow.TaskCallbacks;
import dev.serverlesscd.functions.workflow.TaskTokenRejectedException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends approvals of a superseded run: the approval becomes SUPERSEDED (a conditional write from PENDING, so of this
 * and a concurrent quorum or reject exactly one ends it), the end reason is kept on the approval item (the audit),
 * and its task fails with {@code Approval.Superseded}. Nobody is mailed. Safe to repeat: an approval already
 * SUPERSEDED whose task token is still stored (an earlier attempt died before answering) is answered again.
 */
public final class ApprovalSupersession implements PendingApprovals {
    public static final String ERROR = "Approval.Superseded";
    private static final Logger LOG = LoggerFactory.getLogger(ApprovalSupersession.class);

    private final ApprovalStore store;
    private final TaskCallbacks callbacks;

    public ApprovalSupersession(ApprovalStore store, TaskCallbacks callbacks) {
        this.store = Objects.requireNonNull(store, "store");
        this.callbacks = Objects.requireNonNull(callbacks, "callbacks");
    }

    @Override
    public List<String> supersede(String runId, String byRunId, String branch, Instant now) {
        String cause = cause(byRunId, branch);
        List<String> ended = new ArrayList<>();
        Map<String, Approval> approvals = new LinkedHashMap<>();
        store.ofRun(runId).forEach(approval -> approvals.put(approval.approvalId(), approval));
        // approvals stored before runs' approvals were kept (no run item): the pending index has them
        store.pending(now).stream().filter(approval -> runId.equals(approval.runId()))
                .forEach(approval -> approvals.putIfAbsent(approval.approvalId(), approval));
        for (Approval approval : approvals.values()) {
            if ((approval.status() == ApprovalStatus.PENDING || approval.status() == ApprovalStatus.SUPERSEDED)
                    && end(approval.approvalId(), cause, now)) {
                ended.add(approval.approvalId());
            }
        }
        return ended;
    }

    /**
     * Ends one approval as superseded and fails its task.
     *
     * @return true if this call ended it; false if it had ended before (its task is still answered if it was
     *         SUPERSEDED and not yet answered)
     */
    boolean end(String approvalId, String cause, Instant now) {
        boolean ended = store.end(approvalId, ApprovalStatus.SUPERSEDED, cause, now);
        Approval approval = store.find(approvalId).orElseThrow(() -> new ApprovalNotFoundException(approvalId));
        if (approval.status() != ApprovalStatus.SUPERSEDED) {
            return false;
        }
        store.taskToken(approvalId).ifPresent(token -> {
            try {
                callbacks.fail(token, ERROR, approval.endReason() == null ? cause : approval.endReason());
            } catch (TaskTokenRejectedException gone) {
                LOG.info("Approval {} superseded; the run no longer waited: {}", approvalId, gone.getMessage());
            }
            store.forgetTaskToken(approvalId);
        });
        if (ended) {
            LOG.info("Approval {} of run {} for {} ended SUPERSEDED: {}", approvalId, approval.runId(),
                    approval.environment().name(), approval.endReason());
        }
        return ended;
    }

    /** {@code superseded by <newer runId>: a newer push to <branch>}. */
    static String cause(String byRunId, String branch) {
        return new Supersession.Superseded(null, byRunId, null, branch).cause();
    }
}
