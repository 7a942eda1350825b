package dev.serverlesscd.functions.run;

/**
 * Where a run stands. RECEIVED: recorded by the webhook; its execution not started yet, or started but not yet at its first state
 * (which marks it RUNNING). ABORTED: its execution was
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
