package dev.serverlesscd.functions.approval;

import com.fasterxml.jackson.databind.JsonNode;
import dev.serverlesscd.functions.config.EnvironmentTarget;
import dev.serverlesscd.functions.run.Contributor;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * An approval as stored, without its task token (which never leaves the store but to answer the task). Approver
 * addresses are lower case. {@code approvedBy} is sorted; {@code rejectedBy} is who ended it with a reject.
 */
public record Approval(
        String approvalId,
        String runId,
        String repository,
        String commit,
        String author,
        List<Contributor> contributors,
        String version,
        EnvironmentTarget environment,
        ApprovalRequest.Image image,
        JsonNode gate,
        ApprovalStatus status,
        Instant requestedAt,
        Instant deadline,
        List<String> approvedBy,
        String rejectedBy,
        Instant decidedAt,
        String endReason,
        Set<String> notified) {

    public Approval {
        contributors = contributors == null ? List.of() : List.copyOf(contributors);
        approvedBy = approvedBy == null ? List.of() : approvedBy.stream().sorted().toList();
        notified = notified == null ? Set.of() : Set.copyOf(notified);
    }

    public int requiredApprovals() {
        return environment.requiredApprovals();
    }

    public List<String> approvers() {
        return environment.approvers();
    }
}
