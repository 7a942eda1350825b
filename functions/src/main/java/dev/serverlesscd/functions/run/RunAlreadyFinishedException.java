package dev.serverlesscd.functions.run;

/**
 * The run already has a final status, and a final status is never overwritten: the first outcome recorded wins.
 * Carries the stored status so a caller can tell a retry of the same outcome from a late, different one.
 */
public class RunAlreadyFinishedException extends RuntimeException {
    private final String runId;
    private final RunStatus status;

    public RunAlreadyFinishedException(String runId, RunStatus status) {
        super("Run " + runId + " already finished with status " + status + "; a final status is never overwritten");
        this.runId = runId;
        this.status = status;
    }

    public String runId() {
        return runId;
    }

    public RunStatus status() {
        return status;
    }
}
