package dev.serverlesscd.local.runtime;

import dev.serverlesscd.functions.common.StateMachinePlaceholders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * A state machine of statemachines/ (pipeline.asl.json, rollback.asl.json) with its {@code ${Placeholder}} tokens, bound the way CDK's
 * {@code definitionSubstitutions} binds them on AWS: every placeholder must have a value and every value a
 * placeholder, or the definition is refused with both lists named.
 */
public final class PipelineDefinition {

    private final String text;
    private final Path file;

    private PipelineDefinition(String text, Path file) {
        this.text = text;
        this.file = file;
    }

    /** statemachines/pipeline.asl.json. */
    public static PipelineDefinition load(Path repositoryRoot) {
        return load(repositoryRoot, "pipeline.asl.json");
    }

    /** statemachines/{@code fileName}, e.g. rollback.asl.json. */
    public static PipelineDefinition load(Path repositoryRoot, String fileName) {
        Path file = repositoryRoot.resolve("statemachines").resolve(fileName);
        try {
            return new PipelineDefinition(Files.readString(file), file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the state machine " + file, e);
        }
    }

    public Set<String> placeholders() {
        return StateMachinePlaceholders.in(text);
    }

    public String substitute(Map<String, String> values) {
        try {
            return StateMachinePlaceholders.bind(text, values);
        } catch (IllegalArgumentException unbound) {
            throw new IllegalStateException(file + ": " + unbound.getMessage(), unbound);
        }
    }
}
