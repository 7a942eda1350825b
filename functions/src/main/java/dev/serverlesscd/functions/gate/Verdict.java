package dev.serverlesscd.functions.gate;

/**
 * A gate's judgement, from best to worst: PASS, WARN (passed with warnings), FAIL (a threshold is not met),
 * ERROR (a report is missing or invalid: the gate cannot judge, which is never a pass).
 */
public enum Verdict {
    PASS,
    WARN,
    FAIL,
    ERROR;

    public Verdict worst(Verdict other) {
        return other.ordinal() > ordinal() ? other : this;
    }

    /** How a stage with this verdict is stored: SUCCEEDED, WARN, FAILED or ERROR (see {@code StageRecord}). */
    public String stageStatus() {
        return switch (this) {
            case PASS -> "SUCCEEDED";
            case WARN -> "WARN";
            case FAIL -> "FAILED";
            case ERROR -> "ERROR";
        };
    }
}
