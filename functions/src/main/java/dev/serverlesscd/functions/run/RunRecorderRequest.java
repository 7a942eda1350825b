package dev.serverlesscd.functions.run;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The {@code RunRecorder} task's request (docs/architecture.md): {@code action} is {@code start} (with {@code run},
 * the execution input, and optionally {@code executionArn}) or {@code finish} (with {@code runId}, {@code status},
 * {@code error}, {@code cause}, {@code summary}). {@code stages}, with start: the names of the check stages the run's
 * plan runs (null from a state machine that does not send them: test, scan and lint).
 */
public record RunRecorderRequest(
        String action,
        Run run,
        String executionArn,
        String runId,
        String status,
        String error,
        String cause,
        JsonNode summary,
        java.util.List<String> stages) {

    public static RunRecorderRequest start(Run run, String executionArn) {
        return new RunRecorderRequest("start", run, executionArn, null, null, null, null, null, null);
    }

    public static RunRecorderRequest finish(String runId, String status, String error, String cause, JsonNode summary) {
        return new RunRecorderRequest("finish", null, null, runId, status, error, cause, summary, null);
    }
}
