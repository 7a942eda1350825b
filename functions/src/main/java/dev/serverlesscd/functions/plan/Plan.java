package dev.serverlesscd.functions.plan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's resolved pipeline, carried in its execution input ({@code plan}) and run by the one state machine
 * definition: the check stages in {@code waves} (each wave's stages at once, the waves one after another; every stage
 * in a later wave than the stages it needs), the instances left out with why, and per environment the stages before
 * and after its deploy. Format: docs/architecture.md, "Execution input".
 */
public record Plan(List<Wave> waves, List<SkippedStage> skipped, Map<String, EnvironmentStages> environments) {

    /** Stages that run at the same time. */
    public record Wave(List<PlannedStage> stages) {
        public Wave {
            stages = List.copyOf(stages);
        }
    }

    /** What runs around one environment's deploy: {@code beforeDeploy} one after another, {@code afterDeploy} at once. */
    public record EnvironmentStages(List<PlannedStage> beforeDeploy, List<PlannedStage> afterDeploy) {
        public EnvironmentStages {
            beforeDeploy = List.copyOf(beforeDeploy);
            afterDeploy = List.copyOf(afterDeploy);
        }
    }

    public Plan {
        waves = List.copyOf(waves);
        skipped = List.copyOf(skipped);
        environments = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(environments));
    }

    /** Every planned check instance, wave by wave. */
    public List<PlannedStage> stages() {
        return waves.stream().flatMap(wave -> wave.stages().stream()).toList();
    }
}
