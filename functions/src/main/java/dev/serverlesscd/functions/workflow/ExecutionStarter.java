package dev.serverlesscd.functions.workflow;

/**
 * The port that starts a run's execution. The name is deterministic (derived from the GitHub delivery), so
 * starting the same name twice never makes a second execution: the second call answers
 * {@link StartedExecution#alreadyStarted()}. Any other failure escapes as an exception; nothing was started.
 */
public interface ExecutionStarter {

    StartedExecution start(String executionName, ExecutionInput input);
}
