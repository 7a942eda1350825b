package dev.serverlesscd.functions.workflow;

/** An execution that runs: started by this call, or found already started under the same name. */
public record StartedExecution(String executionArn, boolean alreadyStarted) {
}
