package dev.serverlesscd.functions.config;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * A repository's {@code stages:} and its environments' {@code beforeDeploy:} and {@code afterDeploy:}
 * (docs/configuration.md, "Stages"): each stage, its matrix and its {@code when:}, and the needs between them.
 */
final class StagesReader {
    private static final Set<String> STAGE_KEYS = Set.of("buildspec", "needs", "matrix", "when", "judgedAs",
            "onFailure", "size", "privileged", "timeout");
    private static final Set<String> WHEN_KEYS = Set.of("branches", "tags", "pullRequests", "baseBranches", "labels",
            "schedules", "paths", "tiers");
    private static final Pattern STAGE_NAME = Pattern.compile("[a-z0-9]([a-z0-9_-]{0,38}[a-z0-9])?");
    private static final Pattern AXIS_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,30}");
    /** Variables the pipeline sets for every stage: a matrix axis may not take their names. */
    private static final Set<String> RESERVED_VARIABLES = Set.of("RUN_ID", "STAGE", "STAGE_NAME", "TIER", "COMMIT",
            "BASE_COMMIT", "ENVIRONMENT", "NAMESPACE", "HEALTH_PATH", "VERSION");
    /** At most this many instances of one stage's matrix. */
    static final int MAX_MATRIX_INSTANCES = 32;

    private final YamlFields yaml;

    StagesReader(YamlFields yaml) {
        this.yaml = yaml;
    }

    /** The repository's {@code stages:} and its environments' {@code beforeDeploy:} and {@code afterDeploy:}. */
    DeclaredStages declaredStages(Map<String, Node> repository, Node environmentsNode, String path,
                                  Set<String> tiers) {
        List<StageConfig> stages = repository.containsKey("stages")
                ? stageList(repository.get("stages"), path + ".stages", tiers, false)
                : StageConfig.DEFAULTS;
        Map<String, List<StageConfig>> before = new LinkedHashMap<>();
        Map<String, List<StageConfig>> after = new LinkedHashMap<>();
        if (environmentsNode instanceof MappingNode environments) {
            for (NodeTuple tuple : environments.getValue()) {
                if (!(tuple.getKeyNode() instanceof ScalarNode key)
                        || !(tuple.getValueNode() instanceof MappingNode env)) {
                    continue; // reported by EnvironmentsReader
                }
                String envPath = path + ".environments." + key.getValue();
                for (NodeTuple field : env.getValue()) {
                    String name = field.getKeyNode() instanceof ScalarNode k ? k.getValue() : "";
                    if (name.equals("beforeDeploy") || name.equals("afterDeploy")) {
                        (name.equals("beforeDeploy") ? before : after).put(key.getValue(),
                                stageList(field.getValueNode(), envPath + "." + name, tiers, true));
                    }
                }
            }
        }
        return new DeclaredStages(stages, before, after);
    }

    /**
     * A mapping of stages by name. Around an environment ({@code environmentStage}) a stage has no needs and no
     * matrix, and is judged by its build's result only.
     */
    private List<StageConfig> stageList(Node node, String path, Set<String> tiers, boolean environmentStage) {
        if (YamlFields.isNull(node)) {
            return List.of();
        }
        Map<String, Node> entries = yaml.mapping(node, path, null);
        if (entries == null) {
            return List.of();
        }
        if (entries.isEmpty() && !environmentStage) {
            yaml.problem(path, node, "at least one stage; leave stages out for the default test, scan, lint and"
                    + " benchmark");
        }
        Map<String, StageConfig> stages = new LinkedHashMap<>();
        Map<String, Node> needsNodes = new LinkedHashMap<>();
        entries.forEach((name, stageNode) -> {
            String stagePath = path + "." + name;
            yaml.matchingName("stage name", name, STAGE_NAME, stagePath, stageNode,
                    "must be 1-40 lower case letters, digits, '-' and '_'");
            StageConfig stage = stage(name, stageNode, stagePath, tiers, environmentStage);
            if (stage != null) {
                stages.put(name, stage);
                if (stageNode instanceof MappingNode m) {
                    m.getValue().stream()
                            .filter(t -> t.getKeyNode() instanceof ScalarNode k && k.getValue().equals("needs"))
                            .findFirst().ifPresent(t -> needsNodes.put(name, t.getValueNode()));
                }
            }
        });
        if (environmentStage) {
            return List.copyOf(stages.values()); // no needs there (refused by stage())
        }
        stages.values().forEach(stage -> stage.needs().forEach(need -> {
            Node at = needsNodes.get(stage.name());
            if (!entries.containsKey(need)) {
                yaml.problem(path + "." + stage.name() + ".needs", at, "unknown stage '" + need + "'; declared: "
                        + String.join(", ", entries.keySet()));
            } else if (need.equals(stage.name())) {
                yaml.problem(path + "." + stage.name() + ".needs", at, "a stage cannot need itself");
            }
        }));
        cycle(stages).ifPresent(cycle -> yaml.problem(path + "." + cycle.get(0) + ".needs",
                needsNodes.get(cycle.get(0)), "the stages' needs form a cycle: " + String.join(" -> ", cycle)));
        return List.copyOf(stages.values());
    }

    /** A cycle among the stages' needs ({@code a, b, a}), if there is one; self-needs are reported apart. */
    private static Optional<List<String>> cycle(Map<String, StageConfig> stages) {
        Map<String, Integer> state = new HashMap<>(); // 1: on the path, 2: done
        for (String start : stages.keySet()) {
            Deque<String> pathStack = new ArrayDeque<>();
            Optional<List<String>> found = visit(start, stages, state, pathStack);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static Optional<List<String>> visit(String stage, Map<String, StageConfig> stages,
                                                Map<String, Integer> state, Deque<String> path) {
        Integer seen = state.get(stage);
        if (seen != null && seen == 2) {
            return Optional.empty();
        }
        if (seen != null) {
            List<String> onPath = new ArrayList<>(path);
            Collections.reverse(onPath);
            List<String> cycle = new ArrayList<>(onPath.subList(onPath.indexOf(stage), onPath.size()));
            cycle.add(stage);
            return Optional.of(cycle);
        }
        state.put(stage, 1);
        path.push(stage);
        for (String need : stages.get(stage).needs()) {
            if (stages.containsKey(need) && !need.equals(stage)) {
                Optional<List<String>> found = visit(need, stages, state, path);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        path.pop();
        state.put(stage, 2);
        return Optional.empty();
    }

    private StageConfig stage(String name, Node node, String path, Set<String> tiers, boolean environmentStage) {
        Map<String, Node> f = yaml.mapping(node, path, STAGE_KEYS);
        if (f == null) {
            return null;
        }
        String buildspec = yaml.requiredString(f, "buildspec", path, node);
        if (buildspec != null && (buildspec.startsWith("/") || buildspec.contains("..") || buildspec.contains("\\"))) {
            yaml.problem(path + ".buildspec", f.get("buildspec"), "'" + buildspec
                    + "' must be a path inside the service's repository, without '..'");
        }
        List<String> needs = yaml.stringsOr(f, "needs", path);
        if (new HashSet<>(needs).size() != needs.size()) {
            yaml.problem(path + ".needs", f.get("needs"), "a stage is listed twice");
        }
        Map<String, List<String>> matrix = f.containsKey("matrix") ? matrix(f.get("matrix"), path + ".matrix") : Map.of();
        JudgedAs judgedAs = yaml.oneOf(yaml.stringOr(f, "judgedAs", path, null), path + ".judgedAs", f.get("judgedAs"),
                JudgedAs::named, JudgedAs.words(), JudgedAs.NONE);
        StageConfig.OnFailure onFailure = StageConfig.OnFailure.FAIL;
        String failure = yaml.stringOr(f, "onFailure", path, null);
        if (failure != null) {
            if (failure.equals("fail") || failure.equals("warn")) {
                onFailure = StageConfig.OnFailure.valueOf(failure.toUpperCase(Locale.ROOT));
            } else {
                yaml.problem(path + ".onFailure", f.get("onFailure"), "'" + failure
                        + "' must be fail (the run fails) or warn (the run goes on with a warning)");
            }
        }
        BuildSize size = yaml.oneOf(yaml.stringOr(f, "size", path, null), path + ".size", f.get("size"),
                BuildSize::named, BuildSize.words(), null);
        boolean privileged = yaml.booleanOr(f, "privileged", path, false);
        int timeout = yaml.intOr(f, "timeout", path, 0, 5, 480);
        if (environmentStage) {
            for (String key : List.of("needs", "matrix")) {
                if (f.containsKey(key)) {
                    yaml.problem(path + "." + key, f.get(key), "a stage around an environment has no " + key
                            + " (beforeDeploy stages run one after another in the order listed, afterDeploy stages"
                            + " at once)");
                }
            }
            if (judgedAs != JudgedAs.NONE) {
                yaml.problem(path + ".judgedAs", f.get("judgedAs"), "a stage around an environment is judged by its"
                        + " build's result only (none); the gates judge the stages before the image");
            }
        }
        StageCondition when = f.containsKey("when") ? when(f.get("when"), path + ".when", tiers) : StageCondition.ALWAYS;
        if (buildspec == null) {
            return null;
        }
        return new StageConfig(name, buildspec, needs, matrix, when, judgedAs, onFailure, size, privileged, timeout);
    }

    private Map<String, List<String>> matrix(Node node, String path) {
        Map<String, Node> axes = yaml.mapping(node, path, null);
        if (axes == null) {
            return Map.of();
        }
        if (axes.isEmpty()) {
            yaml.problem(path, node, "at least one axis, for example {toolchain: [stable, beta]}");
        }
        Map<String, List<String>> matrix = new LinkedHashMap<>();
        Set<String> variables = new HashSet<>();
        long instances = 1;
        for (Map.Entry<String, Node> axis : axes.entrySet()) {
            String axisPath = path + "." + axis.getKey();
            Node at = axis.getValue();
            String variable = axis.getKey().toUpperCase(Locale.ROOT);
            if (!AXIS_NAME.matcher(axis.getKey()).matches()) {
                yaml.problem(axisPath, at, "axis name '" + axis.getKey() + "' must be letters, digits and '_' (it"
                        + " becomes the environment variable " + variable + ")");
            } else if (RESERVED_VARIABLES.contains(variable)) {
                yaml.problem(axisPath, at, "the pipeline sets " + variable + " itself; name the axis otherwise");
            } else if (!variables.add(variable)) {
                yaml.problem(axisPath, at, "another axis is also the variable " + variable);
            }
            List<String> values = yaml.strings(at, axisPath);
            if (values.isEmpty()) {
                yaml.problem(axisPath, at, "at least one value");
            }
            if (new HashSet<>(values).size() != values.size()) {
                yaml.problem(axisPath, at, "a value is listed twice");
            }
            instances *= Math.max(1, values.size());
            matrix.put(axis.getKey(), values);
        }
        if (instances > MAX_MATRIX_INSTANCES) {
            yaml.problem(path, node, instances + " combinations; at most " + MAX_MATRIX_INSTANCES);
        }
        return matrix;
    }

    private StageCondition when(Node node, String path, Set<String> tiers) {
        if (YamlFields.isNull(node)) {
            return StageCondition.ALWAYS;
        }
        Map<String, Node> f = yaml.mapping(node, path, WHEN_KEYS);
        if (f == null) {
            return StageCondition.ALWAYS;
        }
        Boolean pullRequests = f.containsKey("pullRequests") ? yaml.booleanOr(f, "pullRequests", path, false) : null;
        List<String> tierNames = yaml.stringsOr(f, "tiers", path);
        tierNames.forEach(tier -> yaml.knownTier(tier, path + ".tiers", f.get("tiers"), tiers));
        return new StageCondition(patterns(f, "branches", path), patterns(f, "tags", path), pullRequests,
                patterns(f, "baseBranches", path), yaml.stringsOr(f, "labels", path),
                yaml.stringsOr(f, "schedules", path), patterns(f, "paths", path), tierNames);
    }

    private List<GlobPattern> patterns(Map<String, Node> fields, String key, String path) {
        if (!fields.containsKey(key)) {
            return List.of();
        }
        List<String> values = yaml.strings(fields.get(key), path + "." + key);
        if (values.isEmpty() && !YamlFields.isNull(fields.get(key))) {
            yaml.problem(path + "." + key, fields.get(key), "at least one pattern; leave " + key + " out to match any");
        }
        return values.stream().map(GlobPattern::new).toList();
    }
}
