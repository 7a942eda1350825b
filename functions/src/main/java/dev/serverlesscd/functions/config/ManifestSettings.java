package dev.serverlesscd.functions.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an environment's deploy applies from the service's repository (docs/configuration.md, "Manifests"): the
 * directory of plain Kubernetes YAML at the commit ({@code deploy/<environment>} when null), and the values applied
 * over it: {@code replicas} for each workload running the service's image (null: as the manifests say), and
 * {@code variables} set on each container running it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ManifestSettings(String directory, Integer replicas, Map<String, String> variables) {
    /** The directory every environment reads when its configuration names none: {@code deploy/<environment>}. */
    public static final String DEFAULT_ROOT = "deploy";

    public ManifestSettings {
        variables = variables == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(variables));
    }

    /** The directory for environment {@code name}: the configured one, or {@code deploy/<name>}. */
    public String directoryFor(String name) {
        return directory != null ? directory : DEFAULT_ROOT + "/" + name;
    }

    /** Whether the directory was named in the configuration (then it must exist) or is the default (optional). */
    public boolean configured() {
        return directory != null;
    }
}
