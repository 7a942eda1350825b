package dev.serverlesscd.functions.approval;

import java.time.Instant;

/** One approver's decision on one approval, as audited: its own item, written once. */
public record DecisionRecord(String approvalId, String approver, Decision decision, String reason, Instant decidedAt) {
}
