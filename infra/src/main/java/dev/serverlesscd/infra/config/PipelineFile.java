package dev.serverlesscd.infra.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.serverlesscd.functions.config.PipelineConfig;
import dev.serverlesscd.functions.config.PipelineConfigException;
import dev.serverlesscd.functions.config.PipelineConfigLoader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The pipeline configuration file (format: docs/configuration.md), loaded and validated by the functions' own
 * {@link PipelineConfigLoader}, so synth accepts exactly what the webhook and the gate accept. {@link #yaml()} is the
 * file normalized (comments and layout dropped), as the Webhook and Gate functions receive it in
 * {@value PipelineConfigLoader#INLINE_VARIABLE}.
 *
 * @param config the validated configuration: repositories, their environments (namespaces, approvers), tiers
 * @param yaml   the normalized YAML, at most {@link #MAX_YAML_BYTES}
 */
public record PipelineFile(PipelineConfig config, String yaml) {

    /** Lambda allows 4 KB of environment variables per function; the rest of the variables need about 1 KB. */
    public static final int MAX_YAML_BYTES = 3072;
    private static final String FORMAT = "(format: docs/configuration.md; example: samples/pipeline-config.yml)";

    private static final YAMLMapper YAML = new YAMLMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    public static PipelineFile load(Path file) {
        String source = file + " " + FORMAT;
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(source, List.of("pipelineConfigFile: no file at " + file
                    + "; point pipelineConfigFile at your pipeline YAML"));
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PipelineConfig config;
        try {
            config = PipelineConfigLoader.parse(text, file.toString());
        } catch (PipelineConfigException e) {
            throw new ConfigException(source, e.problems());
        }
        String yaml = normalize(text, config);
        int bytes = yaml.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_YAML_BYTES) {
            throw new ConfigException(source, List.of("(file): is " + bytes + " bytes once normalized, more than the "
                    + MAX_YAML_BYTES + " bytes that fit beside the other Lambda environment variables (4 KB in all); "
                    + "remove unused repositories or environments, or leave out rules and tiers that repeat the defaults"));
        }
        return new PipelineFile(config, yaml);
    }

    /** The first repository listed: the CodeBuild projects' default source. */
    public String defaultRepository() {
        return config.repositories().values().iterator().next().name();
    }

    /** Comments and layout dropped; the functions must read back exactly the configuration validated here. */
    private static String normalize(String text, PipelineConfig validated) {
        String yaml;
        try {
            yaml = YAML.writeValueAsString(YAML.readTree(text)).trim();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The pipeline configuration passed validation but Jackson cannot "
                    + "re-serialize it: " + e.getOriginalMessage(), e);
        }
        if (!PipelineConfigLoader.parse(yaml, "the normalized file").equals(validated)) {
            throw new IllegalStateException("The normalized pipeline configuration reads differently from the file:\n"
                    + yaml);
        }
        return yaml;
    }
}
