package dev.serverlesscd.functions.run;

/** Where a run stands. RECEIVED: recorded by the webhook, execution not started yet. */
public enum RunStatus {
    RECEIVED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    REJECTED,
    ROLLED_BACK,
    SUPERSEDED,
    TIMED_OUT;

    public boolean isFinal() {
        return this != RECEIVED && this != RUNNING;
    }
}
