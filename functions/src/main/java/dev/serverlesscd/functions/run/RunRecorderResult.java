package dev.serverlesscd.functions.run;

/** What {@code RunRecorder} answers: the run and the status it now has in the store. */
public record RunRecorderResult(String runId, RunStatus status) {
}
