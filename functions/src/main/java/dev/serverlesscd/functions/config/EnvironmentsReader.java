package dev.serverlesscd.functions.config;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * A repository's {@code environments:}: each one's target, approvers, bake and manifests. Their
 * {@code beforeDeploy:} and {@code afterDeploy:} stages are the {@link StagesReader}'s.
 */
final class EnvironmentsReader {
    private static final Set<String> ENVIRONMENT_KEYS = Set.of("namespace", "deployment", "container", "healthPath",
            "requiredApprovals", "approvers", "bake",
            "manifests", "replicas", "variables",
            "beforeDeploy", "afterDeploy");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern ENV_VAR_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
    private static final Pattern MANIFEST_DIRECTORY = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");

    private final YamlFields yaml;
    private final BakeReader bake;

    EnvironmentsReader(YamlFields yaml) {
        this.yaml = yaml;
        this.bake = new BakeReader(yaml);
    }

    /** The environments by name, in file order (none when the node is absent); a wrong one is left out. */
    Map<String, EnvironmentTarget> environments(Node node, String path) {
        Map<String, EnvironmentTarget> environments = new LinkedHashMap<>();
        if (node == null) {
            return environments;
        }
        Map<String, Node> entries = yaml.mapping(node, path, null);
        if (entries != null) {
            entries.forEach((name, envNode) -> {
                EnvironmentTarget target = environment(path + "." + name, name, envNode);
                if (target != null) {
                    environments.put(name, target);
                }
            });
        }
        return environments;
    }

    private EnvironmentTarget environment(String path, String name, Node node) {
        yaml.matchingName("environment name", name, YamlFields.DNS_LABEL, path, node,
                "must be lower case letters, digits and '-'");
        Map<String, Node> f = yaml.mapping(node, path, ENVIRONMENT_KEYS);
        if (f == null) {
            return null;
        }
        String namespace = yaml.requiredString(f, "namespace", path, node);
        yaml.matching(namespace, YamlFields.DNS_LABEL, path + ".namespace", f.get("namespace"),
                "is not a Kubernetes namespace name (lower case letters, digits, '-', at most 63)");
        String deployment = yaml.requiredString(f, "deployment", path, node);
        yaml.matching(deployment, DNS_SUBDOMAIN, path + ".deployment", f.get("deployment"),
                "is not a Kubernetes object name");
        String container = yaml.stringOr(f, "container", path, deployment);
        yaml.matching(container, YamlFields.DNS_LABEL, path + ".container", f.get("container"),
                "is not a container name");
        String healthPath = yaml.stringOr(f, "healthPath", path, "/health");
        if (healthPath != null && !healthPath.startsWith("/")) {
            yaml.problem(path + ".healthPath", f.get("healthPath"), "'" + healthPath + "' must start with /");
        }
        int requiredApprovals = yaml.intOr(f, "requiredApprovals", path, 0, 0, 100);
        List<String> approvers = yaml.stringsOr(f, "approvers", path);
        Set<String> seen = new HashSet<>();
        for (String approver : approvers) {
            yaml.matching(approver, EMAIL, path + ".approvers", f.get("approvers"), "is not an email address");
            yaml.once(seen, approver.toLowerCase(Locale.ROOT), approver, path + ".approvers", f.get("approvers"));
        }
        if (requiredApprovals > seen.size()) {
            yaml.problem(path + ".requiredApprovals", f.getOrDefault("requiredApprovals", node), requiredApprovals
                    + " approvals required but " + seen.size() + " distinct approver(s) listed");
        }
        BakeConfig bakeConfig = f.containsKey("bake") ? bake.bake(f.get("bake"), path + ".bake") : null;
        return new EnvironmentTarget(name, namespace, deployment, container, healthPath, requiredApprovals, approvers,
                bakeConfig, manifestSettings(f, path));
    }

    /**
     * The environment's manifests block (issue 12): {@code manifests} (a directory of the repository, relative, no
     * {@code ..}), {@code replicas} (0..1000) and {@code variables} (a mapping of environment variable names to
     * values); null when none of the three is given.
     */
    private ManifestSettings manifestSettings(Map<String, Node> f, String path) {
        if (!f.containsKey("manifests") && !f.containsKey("replicas") && !f.containsKey("variables")) {
            return null;
        }
        String directory = yaml.stringOr(f, "manifests", path, null);
        if (directory != null) {
            directory = directory.endsWith("/") ? directory.substring(0, directory.length() - 1) : directory;
            if (!MANIFEST_DIRECTORY.matcher(directory).matches() || directory.equals("..") || directory.startsWith("../")
                    || directory.contains("/../") || directory.endsWith("/..")) {
                yaml.problem(path + ".manifests", f.get("manifests"), "'" + directory + "' must be a directory inside"
                        + " the repository (relative, letters, digits, '.', '_', '-' and '/', no '..')");
            }
        }
        Integer replicas = f.containsKey("replicas") ? yaml.intOr(f, "replicas", path, 1, 0, 1000) : null;
        Map<String, String> variables = new LinkedHashMap<>();
        Node variablesNode = f.get("variables");
        if (variablesNode != null && !YamlFields.isNull(variablesNode)) {
            Map<String, Node> entries = yaml.mapping(variablesNode, path + ".variables", null);
            if (entries != null) {
                entries.forEach((key, value) -> {
                    yaml.matching(key, ENV_VAR_NAME, path + ".variables." + key, value, "is not an environment"
                            + " variable name (letters, digits, '_', '.', '-'; not a digit first)");
                    String text = value instanceof ScalarNode scalar ? scalar.getValue()
                            : yaml.scalar(value, path + ".variables." + key);
                    if (text != null) {
                        variables.put(key, text);
                    }
                });
            }
        }
        return new ManifestSettings(directory, replicas, variables);
    }
}
