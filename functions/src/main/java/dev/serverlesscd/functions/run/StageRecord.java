package dev.serverlesscd.functions.run;

import java.time.Instant;

/**
 * One stage of a run as stored: test, scan, lint, gates, build, or {@code deploy:<environment>} and its kin.
 * {@code status} is SUCCEEDED, FAILED, SKIPPED, WARN or ERROR; {@code summary} is the one line with the numbers.
 */
public record StageRecord(String runId, String stage, String status, String summary, Instant startedAt, Instant endedAt) {
}
