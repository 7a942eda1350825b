package dev.serverlesscd.functions.approval;

import java.util.List;

/**
 * Told once when an approval starts waiting, after its approvers were mailed: chat channels that hear
 * {@code approval-waiting}, for instance. It must not throw; the requester logs and ignores it if it does, since an
 * announcement never changes whether the approval waits.
 */
@FunctionalInterface
public interface ApprovalAnnouncer {
    /** Announces nothing. */
    ApprovalAnnouncer NONE = (approval, asked) -> { };

    /** {@code approval} waits; {@code asked} are the approvers who were mailed their personal links. */
    void waiting(Approval approval, List<String> asked);
}
