package dev.serverlesscd.functions.gate;

import dev.serverlesscd.functions.run.StageStatuses.StageCheck;
import java.util.List;
import java.util.Map;

/**
 * The {@code Gates} task's answer (docs/architecture.md, "Gates"): the worst stage verdict, each stage's verdict
 * and one-line summary, the reasons for FAIL and ERROR as {@code "<stage>: <reason>"}, the warnings, and what the
 * run measured (coverage, benchmark scores, image size: the numbers the pull request's comment compares with the
 * default branch's baselines).
 */
public record GateResult(Verdict verdict, List<StageVerdict> stages, List<String> reasons, List<String> warnings,
                         List<Measurement> measured) {

    /** One kind of number the run measured: {@code values} (and their {@code units}) by name, as a {@link Baseline}'s. */
    public record Measurement(Baseline.Kind kind, Map<String, Double> values, Map<String, String> units) {
        public Measurement {
            values = Map.copyOf(values);
            units = units == null ? Map.of() : Map.copyOf(units);
        }

        public static Measurement of(Baseline baseline) {
            return new Measurement(baseline.kind(), baseline.values(), baseline.units());
        }
    }

    public GateResult(Verdict verdict, List<StageVerdict> stages, List<String> reasons, List<String> warnings) {
        this(verdict, stages, reasons, warnings, List.of());
    }

    public GateResult {
        stages = List.copyOf(stages);
        reasons = List.copyOf(reasons);
        warnings = List.copyOf(warnings);
        measured = measured == null ? List.of() : List.copyOf(measured);
    }

    /** Each stage's verdict as a commit status. */
    public List<StageCheck> stageChecks() {
        return stages.stream().map(StageVerdict::asCheck).toList();
    }
}
