package dev.serverlesscd.local.statemachine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import dev.serverlesscd.local.runtime.RepositoryRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * statemachines/pipeline.asl.json and rollback.asl.json checked by the asl-validator npm package (installed by the build's npm ci),
 * the same schema check the AWS toolkits use. The negative case proves the check is really made.
 */
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
