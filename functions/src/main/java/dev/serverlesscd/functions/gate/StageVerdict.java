package dev.serverlesscd.functions.gate;

import dev.serverlesscd.functions.github.CommitState;
import dev.serverlesscd.functions.run.StageStatuses.StageCheck;

/** One stage in the gate's answer: {@code {"stage": "test", "verdict": "FAIL", "summary": "2 of 14 tests failed: …"}}. */
public record StageVerdict(String stage, Verdict verdict, String summary) {

    /** PASS and WARN are success (a warning never blocks a merge), FAIL failure, ERROR error. */
    public CommitState commitState() {
        return switch (verdict) {
            case PASS, WARN -> CommitState.SUCCESS;
            case FAIL -> CommitState.FAILURE;
            case ERROR -> CommitState.ERROR;
        };
    }

    /** The stage's commit status: its state, and its summary (the verdict's name when it has none). */
    public StageCheck asCheck() {
        return new StageCheck(stage, commitState(), summary == null || summary.isBlank() ? verdict.name() : summary);
    }
}
