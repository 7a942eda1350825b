package dev.serverlesscd.functions.run;

/** No run is recorded under this id: a start, an outcome or a stage was sent for a run the store does not know. */
public class RunNotFoundException extends RuntimeException {
    private final String runId;

    public RunNotFoundException(String runId) {
        super("Run " + runId + " is not recorded");
        this.runId = runId;
    }

    public String runId() {
        return runId;
    }
}
