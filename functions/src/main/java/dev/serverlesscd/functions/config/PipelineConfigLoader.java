package dev.serverlesscd.functions.config;

import dev.serverlesscd.functions.common.Env;
import dev.serverlesscd.functions.common.EnvironmentVariables;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads the pipeline configuration (format: docs/configuration.md) and validates it whole: every problem in the
 * file is collected and reported at once, each naming the field's path and its line, for example
 * {@code repositories.acme/orders-service.branches[0].tier (line 12): unknown tier 'fulll'; known: full, standard, basic}.
 * Each section has its reader ({@link TiersReader}, {@link RepositoryReader} and the readers it asks); they share one
 * {@link YamlFields}, which checks the fields and records the problems.
 */
public final class PipelineConfigLoader {
    /** The configuration itself, as YAML: how the CDK app hands it to the functions. */
    public static final String INLINE_VARIABLE = EnvironmentVariables.PIPELINE_CONFIG;
    /** A path to the configuration file: how the local runtime and tests hand it over. */
    public static final String FILE_VARIABLE = EnvironmentVariables.PIPELINE_CONFIG_FILE;

    private static final Set<String> ROOT_KEYS = Set.of("tiers", "repositories");
    private static final Pattern LINE = Pattern.compile("\\(line (\\d+)\\)");

    private final YamlFields yaml = new YamlFields();

    private PipelineConfigLoader() {
    }

    /**
     * The configuration of a function that routes or judges with it (the webhook, the gate), from exactly one of
     * {@value #INLINE_VARIABLE} (the YAML itself) and {@value #FILE_VARIABLE} (a path to it); fails naming both
     * when neither or both are set, and with every problem of an invalid configuration.
     */
    public static PipelineConfig fromEnv(Env env) {
        Optional<String> inline = env.optional(INLINE_VARIABLE);
        Optional<String> file = env.optional(FILE_VARIABLE);
        if (inline.isPresent() && file.isPresent()) {
            throw new IllegalStateException("Set one of " + INLINE_VARIABLE + " (the pipeline configuration YAML) and "
                    + FILE_VARIABLE + " (a path to it), not both");
        }
        if (inline.isPresent()) {
            return parse(inline.get(), "from " + INLINE_VARIABLE);
        }
        return load(Path.of(file.orElseThrow(() -> new IllegalStateException("Environment variable " + INLINE_VARIABLE
                + " (the pipeline configuration YAML) or " + FILE_VARIABLE + " (a path to it) is not set"))));
    }

    public static PipelineConfig load(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the pipeline configuration " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses and validates; {@code source} names the file in error messages. */
    public static PipelineConfig parse(String yaml, String source) {
        PipelineConfigLoader loader = new PipelineConfigLoader();
        PipelineConfig config = loader.read(yaml);
        if (!loader.yaml.problems().isEmpty()) {
            List<String> byLine = new ArrayList<>(loader.yaml.problems());
            byLine.sort(Comparator.comparingInt(PipelineConfigLoader::lineOf));
            throw new PipelineConfigException(source, byLine);
        }
        return config;
    }

    private PipelineConfig read(String text) {
        Node root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            yaml.problem("(line " + line + "): not valid YAML: " + e.getProblem());
            return null;
        } catch (YAMLException e) {
            yaml.problem("not valid YAML: " + e.getMessage());
            return null;
        }
        if (root == null) {
            yaml.problem("repositories: the file is empty; at least one repository is required");
            return null;
        }
        Map<String, Node> fields = yaml.mapping(root, "", ROOT_KEYS);
        if (fields == null) {
            return null;
        }
        Map<String, Tier> tiers = new TiersReader(yaml).tiers(fields.get("tiers"));
        Map<String, RepositoryConfig> repositories = new LinkedHashMap<>();
        Node repositoriesNode = fields.get("repositories");
        if (repositoriesNode == null) {
            yaml.problem("repositories", root, "required; at least one repository");
        } else {
            Map<String, Node> entries = yaml.mapping(repositoriesNode, "repositories", null);
            if (entries != null && entries.isEmpty()) {
                yaml.problem("repositories", repositoriesNode, "at least one repository is required");
            }
            if (entries != null) {
                RepositoryReader reader = new RepositoryReader(yaml);
                entries.forEach((name, node) -> {
                    RepositoryConfig repository = reader.repository(name, node, tiers.keySet());
                    if (repository != null) {
                        repositories.put(name, repository);
                    }
                });
            }
        }
        return new PipelineConfig(tiers, repositories);
    }

    private static int lineOf(String problem) {
        Matcher m = LINE.matcher(problem);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }
}
