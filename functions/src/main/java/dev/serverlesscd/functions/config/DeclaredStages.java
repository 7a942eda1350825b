package dev.serverlesscd.functions.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A repository's declared stages: its {@code stages:} (the checks before the image is built; today's test, scan, lint
 * and benchmark when it declares none) and, per environment by name, the stages that run before its deploy
 * ({@code beforeDeploy:}, e.g. a database migration) and after it ({@code afterDeploy:}, smoke and end-to-end tests;
 * today's smoke test when it declares none).
 */
public record DeclaredStages(List<StageConfig> stages, Map<String, List<StageConfig>> beforeDeploy,
        Map<String, List<StageConfig>> afterDeploy) {

    /** Today's pipeline: {@link StageConfig#DEFAULTS}, nothing before a deploy, the smoke test after it. */
    public static final DeclaredStages DEFAULTS = new DeclaredStages(StageConfig.DEFAULTS, Map.of(), Map.of());

    public DeclaredStages {
        stages = stages == null ? StageConfig.DEFAULTS : List.copyOf(stages);
        beforeDeploy = copy(beforeDeploy);
        afterDeploy = copy(afterDeploy);
    }

    /** What runs before {@code environment}'s deploy: none unless declared. */
    public List<StageConfig> beforeDeploy(String environment) {
        return beforeDeploy.getOrDefault(environment, List.of());
    }

    /** What runs after {@code environment}'s deploy: the smoke test unless declared. */
    public List<StageConfig> afterDeploy(String environment) {
        return afterDeploy.getOrDefault(environment, StageConfig.DEFAULT_AFTER_DEPLOY);
    }

    private static Map<String, List<StageConfig>> copy(Map<String, List<StageConfig>> byEnvironment) {
        Map<String, List<StageConfig>> copy = new LinkedHashMap<>();
        if (byEnvironment != null) {
            byEnvironment.forEach((environment, stages) -> copy.put(environment, List.copyOf(stages)));
        }
        return java.util.Collections.unmodifiableMap(copy);
    }
}
