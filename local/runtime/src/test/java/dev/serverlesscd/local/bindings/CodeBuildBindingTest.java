package dev.serverlesscd.local.bindings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.serverlesscd.asl.AslError;
import dev.serverlesscd.asl.IntegrationPattern;
import dev.serverlesscd.asl.TaskInvocation;
import dev.serverlesscd.functions.common.Json;
import dev.serverlesscd.local.build.LocalBuildRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The binding runs builds side by side as CodeBuild would, except the projects it is told run alone (the
 * benchmark's): real builds of a one-second buildspec through the local build runner, started on threads as the
 * state machine's Parallel branches start them.
 */
@Tag("unit")
class CodeBuildBindingTest {
    static final String SOURCE_URL = "https://github.com/acme/orders-service.git";

    @TempDir
    Path workspace;
    @TempDir
    Path source;

    final Map<String, CountDownLatch> running = new ConcurrentHashMap<>();
    final ExecutorService threads = Executors.newFixedThreadPool(4);
    CodeBuildBinding binding;

    @BeforeEach
    void setUp() throws Exception {
        Files.writeString(source.resolve("buildspec.yml"), """
                version: 0.2
                phases:
                  build:
                    commands:
                      - echo "running $STAGE"
                      - sleep 1
                """);
        binding = new CodeBuildBinding(new LocalBuildRunner(workspace, Clock.systemUTC(), System.getenv()),
                Map.of(SOURCE_URL, source), commit -> Map.of(), (stage, line) -> {
                    if (line.endsWith("running " + stage)) {
                        running.computeIfAbsent(stage, s -> new CountDownLatch(1)).countDown();
                    }
                }, Set.of("pipeline-benchmark"));
    }

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void invoke_shouldRunOtherBuildsSideBySide_butStartTheBenchmarkOnlyWhenTheyHaveEnded() throws Exception {
        // GIVEN test and lint running
        Future<JsonNode> test = start("pipeline-test", "test");
        Future<JsonNode> lint = start("pipeline-lint", "lint");
        awaitRunning("test");
        awaitRunning("lint");

        // WHEN the benchmark starts
        Future<JsonNode> benchmark = start("pipeline-benchmark", "benchmark");

        // THEN test and lint ran together, the benchmark after both
        Interval testRan = interval(test);
        Interval lintRan = interval(lint);
        Interval benchmarkRan = interval(benchmark);
        assertThat(testRan.overlaps(lintRan)).as("test %s, lint %s", testRan, lintRan).isTrue();
        assertThat(benchmarkRan.start()).isAfterOrEqualTo(testRan.end()).isAfterOrEqualTo(lintRan.end());
    }

    @Test
    void invoke_shouldHoldBackABuild_thatStartsWhileTheBenchmarkRuns() throws Exception {
        // GIVEN the benchmark running
        Future<JsonNode> benchmark = start("pipeline-benchmark", "benchmark");
        awaitRunning("benchmark");

        // WHEN another build starts
        Future<JsonNode> scan = start("pipeline-scan", "scan");

        // THEN it runs once the benchmark has ended
        assertThat(interval(scan).start()).isAfterOrEqualTo(interval(benchmark).end());
    }

    @Test
    void invoke_shouldHonourTheStagesOverrides_andShowThemAsCodeBuildDoes() throws Exception {
        // GIVEN a stage instance with its size, privileged mode and time limit
        ObjectNode arguments = arguments("pipeline-test", "unit.toolchain-stable");
        arguments.put("ComputeTypeOverride", "BUILD_GENERAL1_LARGE").put("PrivilegedModeOverride", true)
                .put("TimeoutInMinutesOverride", 7);

        // WHEN
        JsonNode build = binding.invoke(invocation(arguments)).path("Build");

        // THEN the build ran with its time limit, and says its size and mode as CodeBuild's document does
        assertThat(build.path("BuildStatus").asText()).isEqualTo("SUCCEEDED");
        assertThat(build.path("TimeoutInMinutes").asLong()).isEqualTo(7);
        assertThat(build.path("Environment").path("ComputeType").asText()).isEqualTo("BUILD_GENERAL1_LARGE");
        assertThat(build.path("Environment").path("PrivilegedMode").asBoolean()).isTrue();
    }

    @Test
    void invoke_shouldRefuseOverridesCodeBuildWouldRefuse() {
        ObjectNode tooShort = arguments("pipeline-test", "test").put("TimeoutInMinutesOverride", 2);
        ObjectNode unknownSize = arguments("pipeline-test", "test").put("ComputeTypeOverride", "HUGE");
        ObjectNode notABoolean = arguments("pipeline-test", "test").put("PrivilegedModeOverride", "yes");

        assertThatThrownBy(() -> binding.invoke(invocation(tooShort))).isInstanceOf(AslError.class)
                .hasMessageContaining("TimeoutInMinutesOverride must be 5 to 2160 minutes, was 2");
        assertThatThrownBy(() -> binding.invoke(invocation(unknownSize))).isInstanceOf(AslError.class)
                .hasMessageContaining("ComputeTypeOverride 'HUGE' is not one of");
        assertThatThrownBy(() -> binding.invoke(invocation(notABoolean))).isInstanceOf(AslError.class)
                .hasMessageContaining("PrivilegedModeOverride must be true or false");
    }

    private static ObjectNode arguments(String project, String stage) {
        ObjectNode arguments = Json.MAPPER.createObjectNode()
                .put("ProjectName", project)
                .put("SourceLocationOverride", SOURCE_URL)
                .put("BuildspecOverride", "buildspec.yml");
        arguments.putArray("EnvironmentVariablesOverride").addObject().put("Name", "STAGE").put("Value", stage);
        return arguments;
    }

    private static TaskInvocation invocation(ObjectNode arguments) {
        return new TaskInvocation("arn:aws:states:::codebuild:startBuild.sync", IntegrationPattern.SYNC,
                arguments, null, Json.MAPPER.createObjectNode(), "RunStage", "arn:local:execution");
    }

    private Future<JsonNode> start(String project, String stage) {
        ObjectNode arguments = Json.MAPPER.createObjectNode()
                .put("ProjectName", project)
                .put("SourceLocationOverride", SOURCE_URL)
                .put("BuildspecOverride", "buildspec.yml");
        arguments.putArray("EnvironmentVariablesOverride").addObject().put("Name", "STAGE").put("Value", stage);
        TaskInvocation invocation = new TaskInvocation("arn:aws:states:::codebuild:startBuild.sync", IntegrationPattern.SYNC,
                arguments, null, Json.MAPPER.createObjectNode(), "Run " + stage, "arn:local:execution");
        return threads.submit(() -> binding.invoke(invocation));
    }

    private void awaitRunning(String stage) throws InterruptedException {
        assertThat(running.computeIfAbsent(stage, s -> new CountDownLatch(1)).await(30, TimeUnit.SECONDS))
                .as(stage + " is running").isTrue();
    }

    private static Interval interval(Future<JsonNode> build) throws Exception {
        JsonNode document = build.get(60, TimeUnit.SECONDS).path("Build");
        assertThat(document.path("BuildStatus").asText()).isEqualTo("SUCCEEDED");
        return new Interval(Instant.parse(document.path("StartTime").asText()), Instant.parse(document.path("EndTime").asText()));
    }

    record Interval(Instant start, Instant end) {
        boolean overlaps(Interval other) {
            return start.isBefore(other.end) && other.start.isBefore(end);
        }
    }

}
