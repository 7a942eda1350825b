package dev.serverlesscd.functions.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One declared stage of a repository's pipeline (its {@code stages:} entry, or an environment's
 * {@code beforeDeploy:} / {@code afterDeploy:} entry): the buildspec it runs from the service's repository, the stages
 * it waits for, its matrix (named axes, each a list of values; one instance per combination), when it runs, what its
 * reports are judged as, whether its failure fails the run or only warns, and its build's size, privileged mode
 * (Docker inside the build) and time limit. Format: docs/configuration.md, "Stages".
 */
public record StageConfig(
        String name,
        String buildspec,
        List<String> needs,
        Map<String, List<String>> matrix,
        StageCondition when,
        JudgedAs judgedAs,
        OnFailure onFailure,
        BuildSize size,
        boolean privileged,
        int timeoutMinutes) {

    /** Whether a failed stage fails the run or only warns. */
    public enum OnFailure {
        FAIL, WARN;

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public StageConfig {
        needs = needs == null ? List.of() : List.copyOf(needs);
        Map<String, List<String>> axes = new LinkedHashMap<>();
        if (matrix != null) {
            matrix.forEach((axis, values) -> axes.put(axis, List.copyOf(values)));
        }
        matrix = java.util.Collections.unmodifiableMap(axes);
        when = when == null ? StageCondition.ALWAYS : when;
        judgedAs = judgedAs == null ? JudgedAs.NONE : judgedAs;
        onFailure = onFailure == null ? OnFailure.FAIL : onFailure;
        size = size == null ? judgedAs.defaultSize() : size;
        timeoutMinutes = timeoutMinutes <= 0 ? judgedAs.defaultTimeoutMinutes() : timeoutMinutes;
    }

    /** A stage with the defaults of its kind: no needs, no matrix, always, failing the run, not privileged. */
    public static StageConfig of(String name, String buildspec, JudgedAs judgedAs) {
        return new StageConfig(name, buildspec, List.of(), Map.of(), StageCondition.ALWAYS, judgedAs, OnFailure.FAIL,
                null, false, 0);
    }

    public StageConfig when(StageCondition condition) {
        return new StageConfig(name, buildspec, needs, matrix, condition, judgedAs, onFailure, size, privileged,
                timeoutMinutes);
    }

    /**
     * Today's pipeline, for a repository without {@code stages:}: test, scan and lint, and a benchmark in runs of
     * tier full (its baseline is the default branch's, which tier full runs).
     */
    public static final List<StageConfig> DEFAULTS = List.of(
            of("test", "buildspecs/test.yml", JudgedAs.TESTS),
            of("scan", "buildspecs/scan.yml", JudgedAs.FINDINGS),
            of("lint", "buildspecs/lint.yml", JudgedAs.LINT),
            of("benchmark", "buildspecs/benchmark.yml", JudgedAs.BENCHMARK).when(StageCondition.tiers(Tier.FULL)));

    /** Today's smoke test after each environment's deploy, for an environment without {@code afterDeploy:}. */
    public static final List<StageConfig> DEFAULT_AFTER_DEPLOY = List.of(
            of("smoke", "buildspecs/smoke.yml", JudgedAs.NONE));
}
