package dev.serverlesscd.local.bindings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.serverlesscd.asl.AslError;
import dev.serverlesscd.asl.TaskBinding;
import dev.serverlesscd.asl.TaskInvocation;
import dev.serverlesscd.functions.common.Json;
import dev.serverlesscd.local.build.BuildRequest;
import dev.serverlesscd.local.build.BuildResult;
import dev.serverlesscd.local.build.BuildspecException;
import dev.serverlesscd.local.build.LocalBuildRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * {@code arn:aws:states:::codebuild:startBuild.sync} bound to the local build runner: the buildspec named by
 * {@code BuildspecOverride} runs with {@code /bin/sh} in a checkout of {@code SourceVersion} from the local
 * directory that stands for {@code SourceLocationOverride}. The state gets {@code {"Build": …}} as from
 * CodeBuild; a build that does not succeed fails the task with {@code States.TaskFailed} and the build document
 * as the cause, as the {@code .sync} integration does.
 *
 * <p>The overrides a stage of the run's plan passes are honoured as far as one machine can: {@code
 * TimeoutInMinutesOverride} is the build's time limit (5 to 2160 minutes, as CodeBuild allows; 30 without it);
 * {@code ComputeTypeOverride} (a CodeBuild compute type) and {@code PrivilegedModeOverride} are checked and shown in
 * the build document's {@code Environment}, as CodeBuild does, but every local build runs on this machine with its
 * Docker, whatever its size.
 *
 * <p>On AWS every build has a machine of its own; here they share one. A project named in {@code exclusiveProjects}
 * (the benchmark's) therefore runs alone: it waits for the builds running when it starts, and builds that start
 * while it runs wait for it, so that its scores are not measured against the other checks' load. Its log says so.
 */
public final class CodeBuildBinding implements TaskBinding {
    private static final Duration TIMEOUT = Duration.ofMinutes(30);
    private static final Set<String> COMPUTE_TYPES = Set.of("BUILD_GENERAL1_SMALL", "BUILD_GENERAL1_MEDIUM",
            "BUILD_GENERAL1_LARGE", "BUILD_GENERAL1_XLARGE", "BUILD_GENERAL1_2XLARGE");

    private final LocalBuildRunner runner;
    private final Map<String, Path> sources;
    private final Function<String, Map<String, String>> commitEnvironment;
    private final BiConsumer<String, String> logLines;
    private final Set<String> exclusiveProjects;
    /** Builds hold the read lock, an exclusive project's build the write lock; fair, so none waits forever. */
    private final ReadWriteLock machine = new ReentrantReadWriteLock(true);

    /**
     * @param sources           the local directory for each clone URL a run may name
     * @param commitEnvironment extra variables for the builds of a commit (the local stand-in for a project's
     *                          environment variables; the demo's {@code --fail-tests} sets FAIL_TESTS this way)
     * @param logLines          receives (stage, line) for every build log line, for a live view
     */
    public CodeBuildBinding(LocalBuildRunner runner, Map<String, Path> sources,
                            Function<String, Map<String, String>> commitEnvironment, BiConsumer<String, String> logLines) {
        this(runner, sources, commitEnvironment, logLines, Set.of());
    }

    /** @param exclusiveProjects the projects whose builds run alone on this machine (benchmarks) */
    public CodeBuildBinding(LocalBuildRunner runner, Map<String, Path> sources,
                            Function<String, Map<String, String>> commitEnvironment, BiConsumer<String, String> logLines,
                            Set<String> exclusiveProjects) {
        this.runner = runner;
        this.sources = Map.copyOf(sources);
        this.commitEnvironment = commitEnvironment;
        this.logLines = logLines;
        this.exclusiveProjects = Set.copyOf(exclusiveProjects);
    }

    @Override
    public JsonNode invoke(TaskInvocation invocation) {
        JsonNode arguments = invocation.arguments();
        String project = arguments.path("ProjectName").asText("");
        String location = arguments.path("SourceLocationOverride").asText("");
        Path source = sources.get(location);
        if (source == null) {
            throw new AslError("CodeBuild.InvalidInputException",
                    "No local source for '" + location + "'; the local runtime knows " + sources.keySet());
        }
        Map<String, String> environment = new LinkedHashMap<>(commitEnvironment.apply(arguments.path("SourceVersion").asText("")));
        for (JsonNode variable : arguments.path("EnvironmentVariablesOverride")) {
            environment.put(variable.path("Name").asText(), variable.path("Value").asText());
        }
        String stage = environment.getOrDefault("STAGE", project);
        Duration timeout = TIMEOUT;
        JsonNode minutes = arguments.path("TimeoutInMinutesOverride");
        if (!minutes.isMissingNode() && !minutes.isNull()) {
            if (!minutes.canConvertToInt() || minutes.asInt() < 5 || minutes.asInt() > 2160) {
                throw new AslError("CodeBuild.InvalidInputException",
                        "TimeoutInMinutesOverride must be 5 to 2160 minutes, was " + minutes);
            }
            timeout = Duration.ofMinutes(minutes.asInt());
        }
        String computeType = arguments.path("ComputeTypeOverride").asText("BUILD_GENERAL1_SMALL");
        if (!COMPUTE_TYPES.contains(computeType)) {
            throw new AslError("CodeBuild.InvalidInputException", "ComputeTypeOverride '" + computeType
                    + "' is not one of " + new java.util.TreeSet<>(COMPUTE_TYPES));
        }
        JsonNode privileged = arguments.path("PrivilegedModeOverride");
        if (!privileged.isMissingNode() && !privileged.isNull() && !privileged.isBoolean()) {
            throw new AslError("CodeBuild.InvalidInputException", "PrivilegedModeOverride must be true or false, was "
                    + privileged);
        }
        BuildResult result;
        boolean alone = exclusiveProjects.contains(project);
        Lock turn = alone ? machine.writeLock() : machine.readLock();
        if (alone) {
            logLines.accept(stage, "[local] " + project + " runs alone on this machine: waiting for the builds running now");
        }
        turn.lock();
        try {
            result = runner.run(new BuildRequest(project, source, textOrNull(arguments.path("SourceVersion")),
                    arguments.path("BuildspecOverride").asText("buildspec.yml"), environment, timeout),
                    line -> logLines.accept(stage, line));
        } catch (BuildspecException | IllegalArgumentException e) {
            throw new AslError("CodeBuild.InvalidInputException", e.getMessage());
        } finally {
            turn.unlock();
        }
        ObjectNode document = Json.MAPPER.createObjectNode();
        ObjectNode build = Json.MAPPER.valueToTree(result);
        build.putObject("Environment").put("Type", "LINUX_CONTAINER").put("ComputeType", computeType)
                .put("PrivilegedMode", privileged.asBoolean(false));
        document.set("Build", build);
        if (result.buildStatus() != BuildResult.BuildStatus.SUCCEEDED) {
            throw new AslError("States.TaskFailed", document.toString());
        }
        return document;
    }

    private static String textOrNull(JsonNode node) {
        return node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
    }
}
