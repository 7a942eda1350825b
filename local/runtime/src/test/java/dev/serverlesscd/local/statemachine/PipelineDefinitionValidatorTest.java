package dev.serverlesscd.local.statemachine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.serverlesscd.local.runtime.RepositoryRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * statemachines/pipeline.asl.json and rollback.asl.json checked by the asl-validator npm package (installed by the build's npm ci),
 * the same schema check the AWS toolkits use. The negative case proves the check is really made.
 */
@Tag("unit")
class PipelineDefinitionValidatorTest {
    private static final Path ROOT = RepositoryRoot.find();
    private static final Path DEFINITION = ROOT.resolve("statemachines/pipeline.asl.json");
    private static final Path ROLLBACK = ROOT.resolve("statemachines/rollback.asl.json");

    @Test
    void pipelineDefinition_isValidAsl() throws Exception {
        // WHEN
        Result result = validate(DEFINITION);

        // THEN
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("is valid");
    }

    @Test
    void rollbackDefinition_isValidAsl_andJsonataThroughout() throws Exception {
        // WHEN
        Result result = validate(ROLLBACK);

        // THEN
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("is valid");
        assertThat(new ObjectMapper().readTree(ROLLBACK.toFile()).path("QueryLanguage").asText()).isEqualTo("JSONata");
        assertThat(Files.readString(ROLLBACK)).doesNotContain("\"QueryLanguage\": \"JSONPath\"");
    }

    @Test
    void validator_rejectsTheDefinition_whenAStatePointsNowhere(@TempDir Path dir) throws Exception {
        // GIVEN the pipeline with one Next pointing at a state that does not exist
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode definition = (ObjectNode) mapper.readTree(DEFINITION.toFile());
        ((ObjectNode) definition.path("States").path("Gates")).put("Next", "NoSuchState");
        Path broken = dir.resolve("broken.asl.json");
        mapper.writeValue(broken.toFile(), definition);

        // WHEN
        Result result = validate(broken);

        // THEN
        assertThat(result.exitCode()).as(result.output()).isNotZero();
        assertThat(result.output()).contains("NoSuchState");
    }

    @Test
    void pipelineDefinition_isJsonataThroughout() throws IOException {
        // WHEN
        var definition = new ObjectMapper().readTree(DEFINITION.toFile());

        // THEN
        assertThat(definition.path("QueryLanguage").asText()).isEqualTo("JSONata");
        assertThat(Files.readString(DEFINITION)).doesNotContain("\"QueryLanguage\": \"JSONPath\"");
    }

    @Test
    void deployAndRestore_shouldRetryTheEnvironmentLock_andDeployShouldFailWithoutRollingBack_whenItStaysHeld()
            throws IOException {
        // GIVEN both definitions
        ObjectMapper mapper = new ObjectMapper();
        var iteration = mapper.readTree(DEFINITION.toFile()).path("States").path("Environments").path("ItemProcessor")
                .path("States");
        var deploy = iteration.path("Deploy");
        var restore = mapper.readTree(ROLLBACK.toFile()).path("States").path("Restore");
        String locked = "dev.serverlesscd.functions.deploy.EnvironmentLockedException";

        // THEN Deploy and Restore retry the lock's error with backoff
        for (var task : List.of(deploy, restore)) {
            var retrier = java.util.stream.StreamSupport.stream(task.path("Retry").spliterator(), false)
                    .filter(r -> r.path("ErrorEquals").toString().contains(locked)).findFirst().orElseThrow();
            assertThat(retrier.path("IntervalSeconds").asInt()).isEqualTo(30);
            assertThat(retrier.path("BackoffRate").asDouble()).isEqualTo(1.5);
            assertThat(retrier.path("MaxAttempts").asInt()).isEqualTo(10);
            assertThat(retrier.path("JitterStrategy").asText()).isEqualTo("FULL");
        }
        // AND a Deploy still refused afterwards ends the iteration as Deploy.EnvironmentLocked, before the rollback's catch
        var catchers = deploy.path("Catch");
        int lockCatch = -1;
        int allCatch = -1;
        for (int i = 0; i < catchers.size(); i++) {
            String errors = catchers.get(i).path("ErrorEquals").toString();
            if (errors.contains(locked)) {
                lockCatch = i;
            } else if (errors.contains("States.ALL")) {
                allCatch = i;
            }
        }
        assertThat(lockCatch).isNotNegative().isLessThan(allCatch);
        assertThat(catchers.get(lockCatch).path("Output").path("Error").asText()).isEqualTo("Deploy.EnvironmentLocked");
        String next = catchers.get(lockCatch).path("Next").asText();
        assertThat(iteration.path(next).path("Type").asText()).isEqualTo("Fail");
    }

    private record Result(int exitCode, String output) {
    }

    private static Result validate(Path definition) throws Exception {
        Path validator = ROOT.resolve("node_modules/.bin/asl-validator");
        assertThat(validator)
                .as("asl-validator is installed by the build (npm ci at the repository root); run ./mvnw validate -N")
                .exists();
        Process process = new ProcessBuilder(List.of("node", validator.toString(), "--json-path", definition.toString()))
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }
}
