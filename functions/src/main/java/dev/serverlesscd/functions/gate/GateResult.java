package dev.serverlesscd.functions.gate;

import dev.serverlesscd.functions.run.StageStatuses.StageCheck;
import java.util.List;

/**
 * The {@code Gates} task's answer (docs/architecture.md, "Gates"): the worst stage verdict, each stage's verdict
 * and one-line summary, the reasons for FAIL and ERROR as {@code "<stage>: <reason>"}, and the warnings.
 */
public record GateResult(Verdict verdict, List<StageVerdict> stages, List<String> reasons, List<String> warnings) {

    public GateResult {
        stages = List.copyOf(stages);
        reasons = List.copyOf(reasons);
        warnings = List.copyOf(warnings);
    }

    /** Each stage's verdict as a commit status. */
    public List<StageCheck> stageChecks() {
        return stages.stream().map(StageVerdict::asCheck).toList();
    }
}
