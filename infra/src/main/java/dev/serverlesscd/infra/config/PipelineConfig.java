package dev.serverlesscd.infra.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The pipeline configuration: which repositories and refs run, at which tier, through which environments; what each
 * tier's gates demand; where each environment lives and who approves it. {@link #yaml()} is the validated file,
 * normalized, as the functions receive it in {@code PIPELINE_CONFIG}.
 */
public record PipelineConfig(
        List<Repository> repositories,
        Map<String, Tier> tiers,
        Map<String, Environment> environments,
        String yaml) {

    /** Lambda allows 4 KB of environment variables per function; the rest of the variables need about 1 KB. */
    public static final int MAX_YAML_BYTES = 3072;

    public record Repository(String name, List<Rule> rules) {
        public String owner() {
            return name.substring(0, name.indexOf('/'));
        }

        public String repo() {
            return name.substring(name.indexOf('/') + 1);
        }
    }

    /** A branch or tag pattern (glob) and what a matching ref runs. */
    public record Rule(List<String> branches, List<String> tags, String tier, List<String> environments) {
    }

    /** Gate thresholds, by name; {@link #KNOWN_THRESHOLDS} lists the names and their meaning. */
    public record Tier(Map<String, Object> thresholds) {
    }

    public record Environment(
            String name,
            String namespace,
            String deployment,
            String container,
            String healthPath,
            int requiredApprovals,
            List<String> approvers) {
    }

    public static final Map<String, String> KNOWN_THRESHOLDS = Map.of(
            "maxFailedTests", "failed tests allowed (whole number, usually 0)",
            "coverageMin", "minimum line coverage in percent (0-100)",
            "coverageMaxDrop", "largest coverage drop against the last good run, in points (>= 0)",
            "failOnSeverity", "lowest vulnerability severity that fails: LOW, MEDIUM, HIGH, CRITICAL or NEVER",
            "perfWarnPercent", "performance regression that warns, in percent (>= 0)",
            "perfFailPercent", "performance regression that fails, in percent (>= perfWarnPercent)",
            "imageGrowthMaxPercent", "image size growth allowed, in percent (>= 0)",
            "maxLintErrors", "lint errors allowed (whole number)");

    private static final Set<String> SEVERITIES = Set.of("LOW", "MEDIUM", "HIGH", "CRITICAL", "NEVER");
    private static final Pattern REPOSITORY = Pattern.compile("^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$");
    private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$");
    private static final Pattern NAME = Pattern.compile("^[a-z][a-z0-9-]{0,30}$");

    private static final YAMLMapper YAML = new YAMLMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    public List<String> approverEmails() {
        return environments.values().stream().flatMap(e -> e.approvers().stream()).distinct().sorted().toList();
    }

    public Set<String> namespaces() {
        return new TreeSet<>(environments.values().stream().map(Environment::namespace).toList());
    }

    public static PipelineConfig load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(file.toString(), List.of(
                    "pipelineConfigFile: no file at " + file + "; point pipelineConfigFile at your pipeline YAML "
                            + "(see infra/config/pipeline.yaml for the format)"));
        }
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            throw new ConfigException(file.toString(), List.of("not valid YAML: " + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return parse(root, file.toString());
    }

    static PipelineConfig parse(JsonNode root, String source) {
        Problems problems = new Problems();
        if (root == null || !root.isObject()) {
            problems.add("(file)", "must be a mapping with repositories, tiers and environments");
            problems.throwIfAny(source);
        }
        problems.rejectUnknownFields("", root, Set.of("repositories", "tiers", "environments"));

        Map<String, Tier> tiers = parseTiers(root.get("tiers"), problems);
        Map<String, Environment> environments = parseEnvironments(root.get("environments"), problems);
        List<Repository> repositories = parseRepositories(root.get("repositories"), tiers, environments, problems);
        problems.throwIfAny(source);

        String yaml;
        try {
            yaml = YAML.writeValueAsString(root).trim();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        int bytes = yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes > MAX_YAML_BYTES) {
            problems.add("(file)", "is " + bytes + " bytes once normalized, more than the " + MAX_YAML_BYTES
                    + " bytes that fit beside the other Lambda environment variables (4 KB in all); "
                    + "remove unused repositories, tiers or environments");
            problems.throwIfAny(source);
        }
        return new PipelineConfig(repositories, tiers, environments, yaml);
    }

    private static Map<String, Tier> parseTiers(JsonNode node, Problems problems) {
        Map<String, Tier> tiers = new LinkedHashMap<>();
        if (node == null || !node.isObject() || node.isEmpty()) {
            problems.add("tiers", "is missing; define at least one tier, e.g. tiers: {full: {coverageMin: 80}}");
            return tiers;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String path = "tiers." + entry.getKey();
            if (!NAME.matcher(entry.getKey()).matches()) {
                problems.add(path, "tier names are lower case letters, digits and '-', starting with a letter");
            }
            JsonNode tier = entry.getValue();
            if (!tier.isObject()) {
                problems.add(path, "must be a mapping of thresholds; known: " + new TreeSet<>(KNOWN_THRESHOLDS.keySet()));
                continue;
            }
            problems.rejectUnknownFields(path, tier, KNOWN_THRESHOLDS.keySet());
            Map<String, Object> thresholds = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> t = tier.fields(); t.hasNext(); ) {
                Map.Entry<String, JsonNode> threshold = t.next();
                String key = threshold.getKey();
                JsonNode value = threshold.getValue();
                if (!KNOWN_THRESHOLDS.containsKey(key)) {
                    continue;
                }
                if (key.equals("failOnSeverity")) {
                    if (!value.isTextual() || !SEVERITIES.contains(value.asText())) {
                        problems.add(path + "." + key, "'" + value.asText() + "' is not one of " + new TreeSet<>(SEVERITIES));
                    } else {
                        thresholds.put(key, value.asText());
                    }
                } else if (!value.isNumber() || value.asDouble() < 0
                        || (key.equals("coverageMin") && value.asDouble() > 100)
                        || (key.startsWith("max") && !value.isIntegralNumber())) {
                    problems.add(path + "." + key, "'" + value.asText() + "' is not valid; expected "
                            + KNOWN_THRESHOLDS.get(key));
                } else {
                    thresholds.put(key, value.numberValue());
                }
            }
            if (thresholds.get("perfWarnPercent") instanceof Number warn
                    && thresholds.get("perfFailPercent") instanceof Number fail
                    && warn.doubleValue() > fail.doubleValue()) {
                problems.add(path + ".perfWarnPercent", "is above perfFailPercent; the warn band must start "
                        + "below the fail band");
            }
            tiers.put(entry.getKey(), new Tier(Map.copyOf(thresholds)));
        }
        return tiers;
    }

    private static Map<String, Environment> parseEnvironments(JsonNode node, Problems problems) {
        Map<String, Environment> environments = new LinkedHashMap<>();
        if (node == null || !node.isObject() || node.isEmpty()) {
            problems.add("environments", "is missing; define at least one environment with namespace, "
                    + "deployment and healthPath");
            return environments;
        }
        Map<String, String> namespaceOwner = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String name = entry.getKey();
            String path = "environments." + name;
            JsonNode env = entry.getValue();
            if (!NAME.matcher(name).matches()) {
                problems.add(path, "environment names are lower case letters, digits and '-', starting with a letter");
            }
            if (!env.isObject()) {
                problems.add(path, "must be a mapping with namespace, deployment, healthPath, requiredApprovals, approvers");
                continue;
            }
            problems.rejectUnknownFields(path, env, Set.of("namespace", "deployment", "container", "healthPath",
                    "requiredApprovals", "approvers"));
            String namespace = problems.requireText(path + ".namespace", env.get("namespace"),
                    "set the Kubernetes namespace the service runs in");
            if (namespace != null && !DNS_LABEL.matcher(namespace).matches()) {
                problems.add(path + ".namespace", "'" + namespace + "' is not a Kubernetes namespace name "
                        + "(lower case letters, digits and '-', at most 63)");
            } else if (namespace != null && namespaceOwner.containsKey(namespace)) {
                problems.add(path + ".namespace", "'" + namespace + "' is already the namespace of environment '"
                        + namespaceOwner.get(namespace) + "'; give each environment its own namespace");
            } else if (namespace != null) {
                namespaceOwner.put(namespace, name);
            }
            String deployment = problems.requireText(path + ".deployment", env.get("deployment"),
                    "set the name of the Kubernetes Deployment to update");
            if (deployment != null && !DNS_SUBDOMAIN.matcher(deployment).matches()) {
                problems.add(path + ".deployment", "'" + deployment + "' is not a Kubernetes object name");
            }
            String container = env.hasNonNull("container") ? env.get("container").asText() : deployment;
            if (container != null && !DNS_LABEL.matcher(container).matches()) {
                problems.add(path + ".container", "'" + container + "' is not a container name");
            }
            String healthPath = problems.requireText(path + ".healthPath", env.get("healthPath"),
                    "set the HTTP path that answers 2xx when the service is healthy, e.g. /health");
            if (healthPath != null && !healthPath.startsWith("/")) {
                problems.add(path + ".healthPath", "'" + healthPath + "' must start with '/'");
            }
            Integer required = problems.optionalInt(path + ".requiredApprovals", env.get("requiredApprovals"), 0, 0, 10);
            List<String> approvers = new ArrayList<>();
            JsonNode approverNodes = env.get("approvers");
            if (approverNodes != null && !approverNodes.isNull() && !approverNodes.isArray()) {
                problems.add(path + ".approvers", "must be a list of email addresses");
            } else if (approverNodes != null) {
                for (int i = 0; i < approverNodes.size(); i++) {
                    String email = problems.requireEmail(path + ".approvers[" + i + "]", approverNodes.get(i));
                    if (email != null && approvers.contains(email.toLowerCase())) {
                        problems.add(path + ".approvers[" + i + "]", email + " is listed twice");
                    } else if (email != null) {
                        approvers.add(email.toLowerCase());
                    }
                }
            }
            if (required != null && required > approvers.size()) {
                problems.add(path + ".requiredApprovals", "is " + required + " but " + approvers.size()
                        + " approver(s) are listed; add approvers or lower requiredApprovals");
            }
            environments.put(name, new Environment(name, namespace, deployment, container, healthPath,
                    required == null ? 0 : required, List.copyOf(approvers)));
        }
        return environments;
    }

    private static List<Repository> parseRepositories(JsonNode node, Map<String, Tier> tiers,
                                                      Map<String, Environment> environments, Problems problems) {
        List<Repository> repositories = new ArrayList<>();
        if (node == null || !node.isArray() || node.isEmpty()) {
            problems.add("repositories", "is missing; list at least one repository as {name: owner/repo, rules: [...]}");
            return repositories;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode repository = node.get(i);
            String path = "repositories[" + i + "]";
            problems.rejectUnknownFields(path, repository, Set.of("name", "rules"));
            String name = problems.requireText(path + ".name", repository.get("name"),
                    "set the GitHub repository as owner/repo");
            if (name != null && !REPOSITORY.matcher(name).matches()) {
                problems.add(path + ".name", "'" + name + "' is not owner/repo");
            } else if (name != null && !seen.add(name.toLowerCase())) {
                problems.add(path + ".name", name + " is listed twice; merge its rules into one entry");
            }
            JsonNode ruleNodes = repository.get("rules");
            List<Rule> rules = new ArrayList<>();
            if (ruleNodes == null || !ruleNodes.isArray() || ruleNodes.isEmpty()) {
                problems.add(path + ".rules", "is missing; add at least one rule such as "
                        + "{branches: [main], tier: full, environments: [staging]}");
            } else {
                for (int r = 0; r < ruleNodes.size(); r++) {
                    rules.add(parseRule(path + ".rules[" + r + "]", ruleNodes.get(r), tiers, environments, problems));
                }
            }
            repositories.add(new Repository(name, List.copyOf(rules)));
        }
        return repositories;
    }

    private static Rule parseRule(String path, JsonNode rule, Map<String, Tier> tiers,
                                  Map<String, Environment> environments, Problems problems) {
        problems.rejectUnknownFields(path, rule, Set.of("branches", "tags", "tier", "environments"));
        List<String> branches = patterns(path + ".branches", rule.get("branches"), problems);
        List<String> tags = patterns(path + ".tags", rule.get("tags"), problems);
        if (branches.isEmpty() == tags.isEmpty()) {
            problems.add(path, "give exactly one of branches or tags (a list of glob patterns such as main, "
                    + "release/*, v*)");
        }
        String tier = problems.requireText(path + ".tier", rule.get("tier"), "name one of the tiers");
        if (tier != null && !tiers.isEmpty() && !tiers.containsKey(tier)) {
            problems.add(path + ".tier", "'" + tier + "' is not defined under tiers; defined: " + tiers.keySet());
        }
        List<String> targets = new ArrayList<>();
        JsonNode envNodes = rule.get("environments");
        if (envNodes != null && !envNodes.isArray()) {
            problems.add(path + ".environments", "must be a list of environment names, in deployment order");
        } else if (envNodes != null) {
            for (JsonNode env : envNodes) {
                if (!environments.containsKey(env.asText())) {
                    problems.add(path + ".environments", "'" + env.asText() + "' is not defined under environments; "
                            + "defined: " + environments.keySet());
                } else if (targets.contains(env.asText())) {
                    problems.add(path + ".environments", "'" + env.asText() + "' is listed twice");
                } else {
                    targets.add(env.asText());
                }
            }
        }
        return new Rule(branches, tags, tier, List.copyOf(targets));
    }

    private static List<String> patterns(String path, JsonNode node, Problems problems) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            problems.add(path, "must be a list of glob patterns, e.g. [main, release/*]");
            return List.of();
        }
        List<String> patterns = new ArrayList<>();
        for (JsonNode pattern : node) {
            if (!pattern.isTextual() || pattern.asText().isBlank()) {
                problems.add(path, "patterns must be non-empty strings");
            } else {
                patterns.add(pattern.asText());
            }
        }
        return List.copyOf(patterns);
    }
}
