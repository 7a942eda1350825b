package dev.serverlesscd.functions.workflow;

/** Step Functions refused a task token: the execution is not (or no longer) waiting on it. */
public class TaskTokenRejectedException extends RuntimeException {

    /** Why the token was refused. */
    public enum Reason {
        /** The task timed out (TimeoutSeconds or HeartbeatSeconds) before the answer. */
        TIMED_OUT("the task timed out before the answer arrived"),
        /** The task is over: answered already, or its execution stopped. */
        NOT_WAITING("the task is not waiting any more: already answered, or its execution ended"),
        /** The token is not a valid task token. */
        INVALID("the task token is invalid");

        private final String explanation;

        Reason(String explanation) {
            this.explanation = explanation;
        }
    }

    private final Reason reason;

    public TaskTokenRejectedException(Reason reason, String detail, Throwable cause) {
        super("Step Functions refused the task token: " + reason.explanation
                + (detail == null || detail.isBlank() ? "" : " (" + detail + ")"), cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
