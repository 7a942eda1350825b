package dev.serverlesscd.functions.plan;

import dev.serverlesscd.functions.config.DeclaredStages;
import dev.serverlesscd.functions.config.EnvironmentTarget;
import dev.serverlesscd.functions.config.JudgedAs;
import dev.serverlesscd.functions.config.RunContext;
import dev.serverlesscd.functions.config.StageConfig;
import dev.serverlesscd.functions.run.Run;
import dev.serverlesscd.functions.run.Trigger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves a repository's declared stages into one run's {@link Plan}: each matrix expanded into one instance per
 * combination (in the order of the axes, the last varying fastest), each stage's {@code when:} applied to the run
 * ({@link dev.serverlesscd.functions.config.StageCondition}), a stage whose needed stage is left out left out too
 * (naming it), and the rest ordered into waves: a stage runs in the wave after the last of the stages it needs.
 *
 * <p>The configuration loader has refused unknown needs and cycles; a plan asked of stages that have them anyway
 * fails with {@link IllegalArgumentException}.
 */
public final class StagePlanner {

    /**
     * The plan of {@code run} from {@code declared} (its repository's stages, or {@link DeclaredStages#DEFAULTS}):
     * every run's plan is made here, a delivery's and a requested run's alike.
     *
     * @param changedPaths the paths the run's change touched (a push's listed commits); null when not known, and then
     *                     the stages' path conditions hold
     */
    public Plan plan(DeclaredStages declared, Run run, List<String> changedPaths) {
        return plan(declared, contextOf(run).withChangedPaths(changedPaths), run.environments());
    }

    /** The plan of {@code run} from {@code declared}, its changed paths not known. */
    public Plan plan(DeclaredStages declared, Run run) {
        return plan(declared, run, null);
    }

    /**
     * What {@code run} is to the stages' conditions, from its record: the event, branch or tag and tier, and from its
     * trigger a pull request's base branch and labels and a schedule's name (no changed paths: not recorded).
     */
    private static RunContext contextOf(Run run) {
        Trigger trigger = run.trigger() != null ? run.trigger() : Trigger.of(run.event(), run.tag());
        if (RunContext.PULL_REQUEST.equals(run.event())) {
            return RunContext.pullRequest(run.branch(), trigger.baseBranch(), trigger.labels(), run.tier());
        }
        if (run.tag() != null) {
            return RunContext.tag(run.tag(), run.tier());
        }
        return new RunContext(run.event(), run.branch(), null, run.tier(), null, List.of(), trigger.schedule(), null);
    }

    /**
     * The plan of a run like {@code run} deploying to {@code environments}, from {@code declared} (a run's own plan:
     * {@link #plan(DeclaredStages, Run, List)}).
     */
    public Plan plan(DeclaredStages declared, RunContext run, List<EnvironmentTarget> environments) {
        Map<String, StageConfig> byName = new LinkedHashMap<>();
        for (StageConfig stage : declared.stages()) {
            if (byName.put(stage.name(), stage) != null) {
                throw new IllegalArgumentException("stage '" + stage.name() + "' is declared twice");
            }
        }
        Map<String, Integer> waveOf = new HashMap<>();
        Map<String, String> leftOut = new LinkedHashMap<>(); // declared stage -> why
        byName.keySet().forEach(name -> wave(name, byName, waveOf, new ArrayList<>()));
        List<String> ordered = new ArrayList<>(byName.keySet());
        ordered.sort(java.util.Comparator.comparingInt(waveOf::get)); // stable: declaration order within a wave
        for (String name : ordered) {
            StageConfig stage = byName.get(name);
            Optional<String> unmet = stage.when().unmet(run);
            if (unmet.isPresent()) {
                leftOut.put(name, unmet.get());
                continue;
            }
            stage.needs().stream().filter(leftOut::containsKey).findFirst().ifPresent(need ->
                    leftOut.put(name, "needs " + need + ", which does not run: " + leftOut.get(need)));
        }
        Map<String, List<PlannedStage>> instances = new LinkedHashMap<>();
        for (String name : ordered) {
            instances.put(name, instances(byName.get(name), null));
        }
        List<List<PlannedStage>> waves = new ArrayList<>();
        List<SkippedStage> skipped = new ArrayList<>();
        for (String name : ordered) {
            StageConfig stage = byName.get(name);
            List<String> needs = stage.needs().stream().flatMap(need -> instances.get(need).stream())
                    .map(PlannedStage::key).toList();
            for (PlannedStage instance : instances.get(name)) {
                PlannedStage planned = withNeeds(instance, needs);
                if (leftOut.containsKey(name)) {
                    skipped.add(SkippedStage.of(planned, leftOut.get(name)));
                    continue;
                }
                int wave = waveOf.get(name); // every stage it needs runs too, each in an earlier wave
                while (waves.size() <= wave) {
                    waves.add(new ArrayList<>());
                }
                waves.get(wave).add(planned);
            }
        }
        Map<String, Plan.EnvironmentStages> around = new LinkedHashMap<>();
        for (EnvironmentTarget environment : environments) {
            around.put(environment.name(), new Plan.EnvironmentStages(
                    environmentStages(declared.beforeDeploy(environment.name()), run, environment.name()),
                    environmentStages(declared.afterDeploy(environment.name()), run, environment.name())));
        }
        return new Plan(waves.stream().filter(w -> !w.isEmpty()).map(Plan.Wave::new).toList(), skipped, around);
    }

    private static int wave(String name, Map<String, StageConfig> byName, Map<String, Integer> waveOf, List<String> path) {
        Integer known = waveOf.get(name);
        if (known != null) {
            return known;
        }
        StageConfig stage = byName.get(name);
        if (stage == null) {
            throw new IllegalArgumentException("stage '" + path.get(path.size() - 1) + "' needs '" + name
                    + "', which is not declared");
        }
        if (path.contains(name)) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(name), path.size()));
            cycle.add(name);
            throw new IllegalArgumentException("the stages' needs form a cycle: " + String.join(" -> ", cycle));
        }
        path.add(name);
        int wave = 0;
        for (String need : stage.needs()) {
            wave = Math.max(wave, wave(need, byName, waveOf, path) + 1);
        }
        path.remove(path.size() - 1);
        waveOf.put(name, wave);
        return wave;
    }

    /**
     * A stage's instances, needing nothing yet: one, or one per combination of its matrix; around an environment
     * ({@code environment} not null) keyed {@code <stage>-<environment>}.
     */
    private static List<PlannedStage> instances(StageConfig stage, String environment) {
        String name = stage.name();
        List<Map<String, String>> combinations = new ArrayList<>();
        combinations.add(new LinkedHashMap<>());
        stage.matrix().forEach((axis, values) -> {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> combination : combinations) {
                for (String value : values) {
                    Map<String, String> more = new LinkedHashMap<>(combination);
                    more.put(axis, value);
                    next.add(more);
                }
            }
            combinations.clear();
            combinations.addAll(next);
        });
        List<PlannedStage> instances = new ArrayList<>();
        for (Map<String, String> combination : combinations) {
            StringBuilder key = new StringBuilder(name);
            List<String> shown = new ArrayList<>();
            combination.forEach((axis, value) -> {
                key.append('.').append(axis).append('-').append(value.replaceAll("[^A-Za-z0-9._-]", "_"));
                shown.add(axis + "=" + value);
            });
            if (environment != null) {
                key.append('-').append(environment);
            }
            String display = shown.isEmpty() ? name : name + " (" + String.join(", ", shown) + ")";
            List<Map<String, String>> variables = new ArrayList<>();
            variables.add(PlannedStage.variable("STAGE", key.toString()));
            variables.add(PlannedStage.variable("STAGE_NAME", name));
            combination.forEach((axis, value) ->
                    variables.add(PlannedStage.variable(axis.toUpperCase(java.util.Locale.ROOT), value)));
            JudgedAs judgedAs = stage.judgedAs();
            instances.add(new PlannedStage(key.toString(), display, name, stage.buildspec(), judgedAs.project(),
                    variables, stage.size().computeType(), stage.privileged(), stage.timeoutMinutes(), judgedAs.word(),
                    stage.onFailure().word(), List.of()));
        }
        return instances;
    }

    private static PlannedStage withNeeds(PlannedStage stage, List<String> needs) {
        return new PlannedStage(stage.key(), stage.name(), stage.stage(), stage.buildspec(), stage.project(),
                stage.variables(), stage.computeType(), stage.privileged(), stage.timeoutMinutes(), stage.judgedAs(),
                stage.onFailure(), needs);
    }

    /** The stages around one environment whose {@code when:} holds, keyed {@code <stage>-<environment>}. */
    private static List<PlannedStage> environmentStages(List<StageConfig> stages, RunContext run, String environment) {
        return stages.stream().filter(stage -> stage.when().holds(run))
                .flatMap(stage -> instances(stage, environment).stream()).toList();
    }
}
