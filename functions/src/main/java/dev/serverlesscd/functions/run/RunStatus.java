package dev.serverlesscd.functions.run;

/**
 * Where a run stands. RECEIVED: recorded by the webhook, execution not started yet. ABORTED: its execution was
 * stopped or lost from outside the state machine (the local runtime stopped or restarted while it ran:
 * {@link RunRecorder#abort}).
 */
public enum RunStatus {
    RECEIVED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    REJECTED,
    ROLLED_BACK,
    SUPERSEDED,
    TIMED_OUT,
    ABORTED;

    public boolean isFinal() {
        return this != RECEIVED && this != RUNNING;
    }
}
