package dev.serverlesscd.functions.run;

/** A run with this id is already recorded: the conditional write that makes recording exactly-once refused. */
public class RunAlreadyExistsException extends RuntimeException {
    private final String runId;

    public RunAlreadyExistsException(String runId) {
        super("Run " + runId + " is already recorded");
        this.runId = runId;
    }

    public String runId() {
        return runId;
    }
}
