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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads the pipeline configuration (format: docs/configuration.md) and validates it whole: every problem in the
 * file is collected and reported at once, each naming the field's path and its line, for example
 * {@code repositories.acme/orders-service.branches[0].tier (line 12): unknown tier 'fulll'; known: full, standard, basic}.
 */
public final class PipelineConfigLoader {
    /** The configuration itself, as YAML: how the CDK app hands it to the functions. */
    public static final String INLINE_VARIABLE = EnvironmentVariables.PIPELINE_CONFIG;
    /** A path to the configuration file: how the local runtime and tests hand it over. */
    public static final String FILE_VARIABLE = EnvironmentVariables.PIPELINE_CONFIG_FILE;

    private static final Set<String> ROOT_KEYS = Set.of("tiers", "repositories");
    private static final Set<String> TIER_KEYS = Set.of("maxFailedTests", "minCoverage", "maxCoverageDrop",
            "failOnSeverity", "warnOnSeverity", "performanceWarnPercent", "performanceFailPercent",
            "imageGrowthWarnMb", "imageGrowthFailMb");
    private static final Set<String> REPOSITORY_KEYS = Set.of("environments", "branches", "tags", "pullRequests",
            "release", "codeScanning", "chat", "schedules", "stages");
    private static final Set<String> RELEASE_KEYS = Set.of("tags", "draft", "prerelease");
    private static final Set<String> CHAT_KEYS = Set.of("type", "secret", "events", "approvalLinks");
    private static final Pattern SECRET_NAME = Pattern.compile("[A-Za-z0-9/_+=.@-]{1,256}");
    private static final Set<String> ENVIRONMENT_KEYS = Set.of("namespace", "deployment", "container", "healthPath",
            "requiredApprovals", "approvers", "bake",
            "manifests", "replicas", "variables",
            "beforeDeploy", "afterDeploy");
    private static final Pattern ENV_VAR_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
    private static final Pattern MANIFEST_DIRECTORY = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");
    private static final Set<String> RULE_KEYS = Set.of("pattern", "tier", "environments");
    private static final Set<String> PULL_REQUEST_KEYS = Set.of("tier", "comment", "baseBranches", "labels");
    private static final Pattern REPOSITORY_NAME = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private final List<String> problems = new ArrayList<>();

    private PipelineConfigLoader() {
    }

    /**
     * The configuration of a function that routes or judges with it (the webhook, the gate), from exactly one of
     * {@value #INLINE_VARIABLE} (the YAML itself) and {@value #FILE_VARIABLE} (a path to it); fails naming both
     * when neither or both are set, and with every problem of an invalid configuration.
     */
    public static PipelineConfig fromEnv(Env env) {
        java.util.Optional<String> inline = env.optional(INLINE_VARIABLE);
        java.util.Optional<String> file = env.optional(FILE_VARIABLE);
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
        if (!loader.problems.isEmpty()) {
            List<String> byLine = new ArrayList<>(loader.problems);
            byLine.sort(java.util.Comparator.comparingInt(PipelineConfigLoader::lineOf));
            throw new PipelineConfigException(source, byLine);
        }
        return config;
    }

    private PipelineConfig read(String yaml) {
        Node root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(yaml));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            problems.add("(line " + line + "): not valid YAML: " + e.getProblem());
            return null;
        } catch (YAMLException e) {
            problems.add("not valid YAML: " + e.getMessage());
            return null;
        }
        if (root == null) {
            problems.add("repositories: the file is empty; at least one repository is required");
            return null;
        }
        Map<String, Node> fields = mapping(root, "", ROOT_KEYS);
        if (fields == null) {
            return null;
        }
        Map<String, Tier> tiers = tiers(fields.get("tiers"));
        Map<String, RepositoryConfig> repositories = new LinkedHashMap<>();
        Node repositoriesNode = fields.get("repositories");
        if (repositoriesNode == null) {
            problems.add("repositories (line " + line(root) + "): required; at least one repository");
        } else {
            Map<String, Node> entries = mapping(repositoriesNode, "repositories", null);
            if (entries != null && entries.isEmpty()) {
                problems.add("repositories (line " + line(repositoriesNode) + "): at least one repository is required");
            }
            if (entries != null) {
                entries.forEach((name, node) -> {
                    RepositoryConfig repository = repository(name, node, tiers.keySet());
                    if (repository != null) {
                        repositories.put(name, repository);
                    }
                });
            }
        }
        return new PipelineConfig(tiers, repositories);
    }

    private Map<String, Tier> tiers(Node node) {
        Map<String, Tier> tiers = new LinkedHashMap<>();
        DefaultBranchModel.TIERS.keySet().stream().sorted()
                .forEach(name -> tiers.put(name, DefaultBranchModel.TIERS.get(name)));
        if (node == null) {
            return tiers;
        }
        Map<String, Node> entries = mapping(node, "tiers", null);
        if (entries == null) {
            return tiers;
        }
        entries.forEach((name, tierNode) -> {
            String path = "tiers." + name;
            Tier base = DefaultBranchModel.TIERS.getOrDefault(name, DefaultBranchModel.TIERS.get(Tier.STANDARD));
            Map<String, Node> f = mapping(tierNode, path, TIER_KEYS);
            if (f == null) {
                return;
            }
            int maxFailedTests = intOr(f, "maxFailedTests", path, base.maxFailedTests(), 0, Integer.MAX_VALUE);
            double minCoverage = numberOr(f, "minCoverage", path, base.minCoverage(), 0, 100);
            double maxDrop = numberOr(f, "maxCoverageDrop", path, base.maxCoverageDrop(), 0, 100);
            Severity failOn = severityOr(f, "failOnSeverity", path, base.failOnSeverity());
            Severity warnOn = severityOr(f, "warnOnSeverity", path, base.warnOnSeverity());
            if (failOn != Severity.NONE && warnOn.compareTo(failOn) > 0) {
                Node at = f.getOrDefault("warnOnSeverity", tierNode);
                problems.add(path + ".warnOnSeverity (line " + line(at) + "): " + warnOn + " is above failOnSeverity "
                        + failOn + "; lower it to " + failOn + " or below, or set NONE to never warn");
            }
            double perfWarn = numberOr(f, "performanceWarnPercent", path, base.performanceWarnPercent(), 0, 1000);
            double perfFail = numberOr(f, "performanceFailPercent", path, base.performanceFailPercent(), 0, 1000);
            bandBelow(f, tierNode, path, "performanceWarnPercent", perfWarn, "performanceFailPercent", perfFail);
            double growthWarn = numberOr(f, "imageGrowthWarnMb", path, base.imageGrowthWarnMb(), 0, 100_000);
            double growthFail = numberOr(f, "imageGrowthFailMb", path, base.imageGrowthFailMb(), 0, 100_000);
            bandBelow(f, tierNode, path, "imageGrowthWarnMb", growthWarn, "imageGrowthFailMb", growthFail);
            tiers.put(name, new Tier(name, maxFailedTests, minCoverage, maxDrop, failOn, warnOn,
                    perfWarn, perfFail, growthWarn, growthFail));
        });
        return tiers;
    }

    private RepositoryConfig repository(String name, Node node, Set<String> tiers) {
        String path = "repositories." + name;
        if (!REPOSITORY_NAME.matcher(name).matches()) {
            problems.add(path + " (line " + line(node) + "): '" + name + "' is not a GitHub repository's full name (owner/name)");
        }
        Map<String, Node> f = mapping(node, path, REPOSITORY_KEYS);
        if (f == null) {
            return null;
        }
        Map<String, EnvironmentTarget> environments = new LinkedHashMap<>();
        Node environmentsNode = f.get("environments");
        if (environmentsNode != null) {
            Map<String, Node> entries = mapping(environmentsNode, path + ".environments", null);
            if (entries != null) {
                entries.forEach((envName, envNode) -> {
                    EnvironmentTarget target = environment(path + ".environments." + envName, envName, envNode);
                    if (target != null) {
                        environments.put(envName, target);
                    }
                });
            }
        }
        List<RefRule> branches = f.containsKey("branches")
                ? rules(f.get("branches"), path + ".branches", tiers, environments.keySet())
                : DefaultBranchModel.restrictedTo(DefaultBranchModel.BRANCHES, environments.keySet());
        List<RefRule> tags = f.containsKey("tags")
                ? rules(f.get("tags"), path + ".tags", tiers, environments.keySet())
                : DefaultBranchModel.restrictedTo(DefaultBranchModel.TAGS, environments.keySet());
        String pullRequestTier = DefaultBranchModel.PULL_REQUEST_TIER;
        boolean comment = true;
        PullRequestFilter pullRequestFilter = PullRequestFilter.ANY;
        if (f.containsKey("pullRequests")) {
            Map<String, Node> pr = mapping(f.get("pullRequests"), path + ".pullRequests", PULL_REQUEST_KEYS);
            if (pr != null) {
                pullRequestTier = stringOr(pr, "tier", path + ".pullRequests", pullRequestTier);
                checkTier(pullRequestTier, path + ".pullRequests.tier", pr.getOrDefault("tier", f.get("pullRequests")), tiers);
                comment = booleanOr(pr, "comment", path + ".pullRequests", true);
                pullRequestFilter = pullRequestFilter(pr, path + ".pullRequests");
            }
        }
        PublishConfig publish = new PublishConfig(comment, release(f.get("release"), path + ".release"),
                codeScanning(f.get("codeScanning"), path + ".codeScanning"), chat(f.get("chat"), path + ".chat"));
        Triggers triggers = new Triggers(schedules(f.get("schedules"), path + ".schedules", tiers, branches, tags),
                pullRequestFilter);
        return new RepositoryConfig(name, environments, branches, tags, pullRequestTier, publish, triggers,
                declaredStages(f, environmentsNode, path, tiers));
    }

    // ---------------------------------------------------------------- triggers: schedules, pull request filters

    private static final Set<String> SCHEDULE_KEYS = Set.of("name", "cron", "ref", "tier", "deploy");
    private static final Pattern SCHEDULE_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,30}[a-z0-9])?");
    private static final Pattern LABEL = Pattern.compile("[^\\p{Cntrl}]{1,100}");

    /** {@code schedules:}, a list of {@code {name, cron, ref, tier, deploy}}; the ref must be one a rule runs. */
    private List<Schedule> schedules(Node node, String path, Set<String> tiers, List<RefRule> branches,
                                     List<RefRule> tags) {
        if (node == null || isNull(node)) {
            return List.of();
        }
        if (!(node instanceof SequenceNode sequence)) {
            problems.add(path + " (line " + line(node) + "): must be a list of schedules (- name: …, cron: …, ref: …)");
            return List.of();
        }
        List<Schedule> schedules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < sequence.getValue().size(); i++) {
            Node entry = sequence.getValue().get(i);
            String at = path + "[" + i + "]";
            Map<String, Node> f = mapping(entry, at, SCHEDULE_KEYS);
            if (f == null) {
                continue;
            }
            String name = requiredString(f, "name", at, entry);
            if (name != null && !SCHEDULE_NAME.matcher(name).matches()) {
                problems.add(at + ".name (line " + line(f.get("name")) + "): '" + name
                        + "' must be lower case letters, digits and '-', at most 32");
                name = null;
            } else if (name != null && !names.add(name)) {
                problems.add(at + ".name (line " + line(f.get("name")) + "): '" + name + "' is defined twice");
                name = null;
            }
            String cronText = requiredString(f, "cron", at, entry);
            CronExpression cron = null;
            if (cronText != null) {
                try {
                    cron = CronExpression.parse(cronText);
                } catch (IllegalArgumentException invalid) {
                    problems.add(at + ".cron (line " + line(f.get("cron")) + "): " + invalid.getMessage());
                }
            }
            String ref = scheduleRef(requiredString(f, "ref", at, entry), at + ".ref", f.get("ref"), branches, tags);
            String tier = stringOr(f, "tier", at, null);
            checkTier(tier, at + ".tier", f.get("tier"), tiers);
            boolean deploy = booleanOr(f, "deploy", at, false);
            if (name != null && cron != null && ref != null && (tier == null || tiers.contains(tier))) {
                schedules.add(new Schedule(name, cron, ref, tier, deploy));
            }
        }
        return schedules;
    }

    /** The schedule's ref in full ({@code main} is {@code refs/heads/main}), or null when no rule runs it. */
    private String scheduleRef(String ref, String path, Node at, List<RefRule> branches, List<RefRule> tags) {
        if (ref == null) {
            return null;
        }
        boolean tag = ref.startsWith("refs/tags/");
        String full = tag || ref.startsWith("refs/heads/") ? ref : "refs/heads/" + ref;
        String name = full.substring(tag ? "refs/tags/".length() : "refs/heads/".length());
        if (name.isEmpty() || (ref.startsWith("refs/") && !tag && !ref.startsWith("refs/heads/"))) {
            problems.add(path + " (line " + line(at) + "): '" + ref + "' is not a branch (NAME, refs/heads/NAME) or a "
                    + "tag (refs/tags/NAME)");
            return null;
        }
        if ((tag ? tags : branches).stream().noneMatch(rule -> rule.matches(name))) {
            problems.add(path + " (line " + line(at) + "): " + (tag ? "tag " : "branch ") + name + " matches no "
                    + (tag ? "tags" : "branches") + " rule, so nothing would run it");
            return null;
        }
        return full;
    }

    /** {@code pullRequests.baseBranches} (branch patterns) and {@code pullRequests.labels} (label names). */
    private PullRequestFilter pullRequestFilter(Map<String, Node> fields, String path) {
        List<GlobPattern> baseBranches = new ArrayList<>();
        if (fields.containsKey("baseBranches")) {
            List<String> patterns = strings(fields.get("baseBranches"), path + ".baseBranches");
            if (patterns.isEmpty() && !isNull(fields.get("baseBranches"))) {
                problems.add(path + ".baseBranches (line " + line(fields.get("baseBranches")) + "): at least one "
                        + "branch pattern; leave the field out to run pull requests into any branch");
            }
            patterns.forEach(pattern -> baseBranches.add(new GlobPattern(pattern)));
        }
        List<String> labels = fields.containsKey("labels") ? strings(fields.get("labels"), path + ".labels") : List.of();
        Set<String> seen = new HashSet<>();
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                problems.add(path + ".labels (line " + line(fields.get("labels")) + "): '" + label
                        + "' is not a GitHub label name (at most 100 characters, no control characters)");
            } else if (!seen.add(label)) {
                problems.add(path + ".labels (line " + line(fields.get("labels")) + "): '" + label + "' is listed twice");
            }
        }
        return new PullRequestFilter(baseBranches, List.copyOf(new java.util.LinkedHashSet<>(labels)));
    }

    private java.util.Optional<PublishConfig.ReleaseRule> release(Node node, String path) {
        if (node == null || isNull(node)) {
            return java.util.Optional.empty();
        }
        Map<String, Node> f = mapping(node, path, RELEASE_KEYS);
        if (f == null) {
            return java.util.Optional.empty();
        }
        String tags = requiredString(f, "tags", path, node);
        boolean draft = booleanOr(f, "draft", path, false);
        String prerelease = stringOr(f, "prerelease", path, null);
        if (tags == null) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new PublishConfig.ReleaseRule(new GlobPattern(tags), draft,
                prerelease == null ? PublishConfig.ReleaseRule.DEFAULT_PRERELEASE : new GlobPattern(prerelease)));
    }

    /** {@code true} (every stage that writes SARIF), {@code false}, or a list of those stages. */
    private Set<String> codeScanning(Node node, String path) {
        if (node == null || isNull(node)) {
            return Set.of();
        }
        if (node instanceof ScalarNode) {
            String text = scalar(node, path);
            if ("true".equals(text)) {
                return PublishConfig.SARIF_STAGES;
            }
            if (!"false".equals(text)) {
                problems.add(path + " (line " + line(node) + "): '" + text + "' must be true, false or a list of "
                        + "stages (" + String.join(", ", PublishConfig.SARIF_STAGES.stream().sorted().toList()) + ")");
            }
            return Set.of();
        }
        Set<String> stages = new java.util.TreeSet<>();
        for (String stage : strings(node, path)) {
            if (!PublishConfig.SARIF_STAGES.contains(stage)) {
                problems.add(path + " (line " + line(node) + "): '" + stage + "' writes no SARIF; stages that do: "
                        + String.join(", ", PublishConfig.SARIF_STAGES.stream().sorted().toList()));
            } else if (!stages.add(stage)) {
                problems.add(path + " (line " + line(node) + "): '" + stage + "' is listed twice");
            }
        }
        return stages;
    }

    private List<PublishConfig.ChatChannel> chat(Node node, String path) {
        if (node == null || isNull(node)) {
            return List.of();
        }
        Map<String, Node> entries = mapping(node, path, null);
        if (entries == null) {
            return List.of();
        }
        List<PublishConfig.ChatChannel> channels = new ArrayList<>();
        entries.forEach((name, channelNode) -> {
            String channelPath = path + "." + name;
            if (!DNS_LABEL.matcher(name).matches()) {
                problems.add(channelPath + " (line " + line(channelNode) + "): channel name '" + name
                        + "' must be lower case letters, digits and '-'");
            }
            Map<String, Node> f = mapping(channelNode, channelPath, CHAT_KEYS);
            if (f == null) {
                return;
            }
            String typeText = requiredString(f, "type", channelPath, channelNode);
            PublishConfig.ChatType type = null;
            if (typeText != null) {
                try {
                    type = PublishConfig.ChatType.valueOf(typeText.toUpperCase(java.util.Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    problems.add(channelPath + ".type (line " + line(f.get("type")) + "): '" + typeText
                            + "' is not one of slack, discord, webhook");
                }
            }
            String secret = requiredString(f, "secret", channelPath, channelNode);
            if (secret != null && !SECRET_NAME.matcher(secret).matches()) {
                problems.add(channelPath + ".secret (line " + line(f.get("secret")) + "): '" + secret
                        + "' is not a secret name (letters, digits and /_+=.@-)");
            }
            Set<PublishConfig.ChatEvent> events = java.util.EnumSet.noneOf(PublishConfig.ChatEvent.class);
            if (!f.containsKey("events")) {
                problems.add(channelPath + ".events (line " + line(channelNode) + "): required; one or more of "
                        + chatEvents());
            } else {
                List<String> names = strings(f.get("events"), channelPath + ".events");
                if (names.isEmpty()) {
                    problems.add(channelPath + ".events (line " + line(f.get("events")) + "): at least one of "
                            + chatEvents());
                }
                for (String event : names) {
                    java.util.Optional<PublishConfig.ChatEvent> known = PublishConfig.ChatEvent.named(event);
                    if (known.isEmpty()) {
                        problems.add(channelPath + ".events (line " + line(f.get("events")) + "): unknown event '"
                                + event + "'; known: " + chatEvents());
                    } else if (!events.add(known.get())) {
                        problems.add(channelPath + ".events (line " + line(f.get("events")) + "): '" + event
                                + "' is listed twice");
                    }
                }
            }
            boolean approvalLinks = booleanOr(f, "approvalLinks", channelPath, false);
            if (approvalLinks && !events.contains(PublishConfig.ChatEvent.APPROVAL_WAITING)) {
                problems.add(channelPath + ".approvalLinks (line " + line(f.get("approvalLinks")) + "): the channel "
                        + "does not hear approval-waiting, so it has no approval link to show");
            }
            if (type != null && secret != null) {
                channels.add(new PublishConfig.ChatChannel(name, type, secret, events, approvalLinks));
            }
        });
        return channels;
    }

    private static String chatEvents() {
        return String.join(", ", java.util.Arrays.stream(PublishConfig.ChatEvent.values())
                .map(PublishConfig.ChatEvent::key).toList());
    }

    private boolean booleanOr(Map<String, Node> fields, String key, String path, boolean fallback) {
        String text = stringOr(fields, key, path, null);
        if (text == null) {
            return fallback;
        }
        if (text.equals("true") || text.equals("false")) {
            return Boolean.parseBoolean(text);
        }
        problems.add(path + "." + key + " (line " + line(fields.get(key)) + "): '" + text + "' must be true or false");
        return fallback;
    }

    private EnvironmentTarget environment(String path, String name, Node node) {
        if (!DNS_LABEL.matcher(name).matches()) {
            problems.add(path + " (line " + line(node) + "): environment name '" + name
                    + "' must be lower case letters, digits and '-'");
        }
        Map<String, Node> f = mapping(node, path, ENVIRONMENT_KEYS);
        if (f == null) {
            return null;
        }
        String namespace = requiredString(f, "namespace", path, node);
        if (namespace != null && !DNS_LABEL.matcher(namespace).matches()) {
            problems.add(path + ".namespace (line " + line(f.get("namespace")) + "): '" + namespace
                    + "' is not a Kubernetes namespace name (lower case letters, digits, '-', at most 63)");
        }
        String deployment = requiredString(f, "deployment", path, node);
        if (deployment != null && !DNS_SUBDOMAIN.matcher(deployment).matches()) {
            problems.add(path + ".deployment (line " + line(f.get("deployment")) + "): '" + deployment
                    + "' is not a Kubernetes object name");
        }
        String container = stringOr(f, "container", path, deployment);
        if (container != null && !DNS_LABEL.matcher(container).matches()) {
            problems.add(path + ".container (line " + line(f.get("container")) + "): '" + container
                    + "' is not a container name");
        }
        String healthPath = stringOr(f, "healthPath", path, "/health");
        if (healthPath != null && !healthPath.startsWith("/")) {
            problems.add(path + ".healthPath (line " + line(f.get("healthPath")) + "): '" + healthPath + "' must start with /");
        }
        int requiredApprovals = intOr(f, "requiredApprovals", path, 0, 0, 100);
        List<String> approvers = f.containsKey("approvers") ? strings(f.get("approvers"), path + ".approvers") : List.of();
        Set<String> seen = new HashSet<>();
        for (String approver : approvers) {
            if (!EMAIL.matcher(approver).matches()) {
                problems.add(path + ".approvers (line " + line(f.get("approvers")) + "): '" + approver + "' is not an email address");
            }
            if (!seen.add(approver.toLowerCase(java.util.Locale.ROOT))) {
                problems.add(path + ".approvers (line " + line(f.get("approvers")) + "): '" + approver + "' is listed twice");
            }
        }
        if (requiredApprovals > seen.size()) {
            Node at = f.getOrDefault("requiredApprovals", node);
            problems.add(path + ".requiredApprovals (line " + line(at) + "): " + requiredApprovals
                    + " approvals required but " + seen.size() + " distinct approver(s) listed");
        }
        BakeConfig bake = f.containsKey("bake") ? bake(f.get("bake"), path + ".bake") : null;
        return new EnvironmentTarget(name, namespace, deployment, container, healthPath, requiredApprovals, approvers,
                bake, manifestSettings(f, path));
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
        String directory = stringOr(f, "manifests", path, null);
        if (directory != null) {
            directory = directory.endsWith("/") ? directory.substring(0, directory.length() - 1) : directory;
            if (!MANIFEST_DIRECTORY.matcher(directory).matches() || directory.equals("..") || directory.startsWith("../")
                    || directory.contains("/../") || directory.endsWith("/..")) {
                problems.add(path + ".manifests (line " + line(f.get("manifests")) + "): '" + directory
                        + "' must be a directory inside the repository (relative, letters, digits, '.', '_', '-' and '/', no '..')");
            }
        }
        Integer replicas = f.containsKey("replicas") ? intOr(f, "replicas", path, 1, 0, 1000) : null;
        Map<String, String> variables = new LinkedHashMap<>();
        Node variablesNode = f.get("variables");
        if (variablesNode != null && !isNull(variablesNode)) {
            Map<String, Node> entries = mapping(variablesNode, path + ".variables", null);
            if (entries != null) {
                entries.forEach((key, value) -> {
                    if (!ENV_VAR_NAME.matcher(key).matches()) {
                        problems.add(path + ".variables." + key + " (line " + line(value) + "): '" + key
                                + "' is not an environment variable name (letters, digits, '_', '.', '-'; not a digit first)");
                    }
                    String text = value instanceof ScalarNode scalar ? scalar.getValue() : scalar(value, path + ".variables." + key);
                    if (text != null) {
                        variables.put(key, text);
                    }
                });
            }
        }
        return new ManifestSettings(directory, replicas, variables);
    }

    private List<RefRule> rules(Node node, String path, Set<String> tiers, Set<String> environments) {
        if (!(node instanceof SequenceNode sequence)) {
            problems.add(path + " (line " + line(node) + "): must be a list of rules (- pattern: …, tier: …, environments: […])");
            return List.of();
        }
        List<RefRule> rules = new ArrayList<>();
        for (int i = 0; i < sequence.getValue().size(); i++) {
            Node ruleNode = sequence.getValue().get(i);
            String rulePath = path + "[" + i + "]";
            Map<String, Node> f = mapping(ruleNode, rulePath, RULE_KEYS);
            if (f == null) {
                continue;
            }
            String pattern = requiredString(f, "pattern", rulePath, ruleNode);
            String tier = requiredString(f, "tier", rulePath, ruleNode);
            if (tier != null) {
                checkTier(tier, rulePath + ".tier", f.get("tier"), tiers);
            }
            List<String> targets = f.containsKey("environments") ? strings(f.get("environments"), rulePath + ".environments") : List.of();
            Set<String> seen = new HashSet<>();
            for (String target : targets) {
                if (!environments.contains(target)) {
                    problems.add(rulePath + ".environments (line " + line(f.get("environments")) + "): unknown environment '"
                            + target + "'; defined: " + (environments.isEmpty() ? "none" : String.join(", ", environments)));
                }
                if (!seen.add(target)) {
                    problems.add(rulePath + ".environments (line " + line(f.get("environments")) + "): '" + target + "' is listed twice");
                }
            }
            if (pattern != null && tier != null) {
                rules.add(new RefRule(new GlobPattern(pattern), tier, targets));
            }
        }
        return rules;
    }

    private void checkTier(String tier, String path, Node at, Set<String> tiers) {
        if (tier != null && !tiers.contains(tier)) {
            problems.add(path + " (line " + line(at) + "): unknown tier '" + tier + "'; known: " + String.join(", ", tiers));
        }
    }

    // ---------------------------------------------------------------- stages (docs/configuration.md, "Stages")

    private static final Set<String> STAGE_KEYS = Set.of("buildspec", "needs", "matrix", "when", "judgedAs",
            "onFailure", "size", "privileged", "timeout");
    private static final Set<String> WHEN_KEYS = Set.of("branches", "tags", "pullRequests", "baseBranches", "labels",
            "schedules", "paths", "tiers");
    private static final Pattern STAGE_NAME = Pattern.compile("[a-z0-9]([a-z0-9_-]{0,38}[a-z0-9])?");
    private static final Pattern AXIS_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,30}");
    /** Variables the pipeline sets for every stage: a matrix axis may not take their names. */
    private static final Set<String> RESERVED_VARIABLES = Set.of("RUN_ID", "STAGE", "STAGE_NAME", "TIER", "COMMIT",
            "BASE_COMMIT", "ENVIRONMENT", "NAMESPACE", "HEALTH_PATH", "VERSION");
    /** At most this many instances of one stage's matrix. */
    static final int MAX_MATRIX_INSTANCES = 32;

    /** The repository's {@code stages:} and its environments' {@code beforeDeploy:} and {@code afterDeploy:}. */
    private DeclaredStages declaredStages(Map<String, Node> repository, Node environmentsNode, String path,
                                          Set<String> tiers) {
        List<StageConfig> stages = repository.containsKey("stages")
                ? stageList(repository.get("stages"), path + ".stages", tiers, false)
                : StageConfig.DEFAULTS;
        Map<String, List<StageConfig>> before = new LinkedHashMap<>();
        Map<String, List<StageConfig>> after = new LinkedHashMap<>();
        if (environmentsNode instanceof MappingNode environments) {
            for (NodeTuple tuple : environments.getValue()) {
                if (!(tuple.getKeyNode() instanceof ScalarNode key) || !(tuple.getValueNode() instanceof MappingNode env)) {
                    continue; // reported by environment()
                }
                String envPath = path + ".environments." + key.getValue();
                for (NodeTuple field : env.getValue()) {
                    String name = field.getKeyNode() instanceof ScalarNode k ? k.getValue() : "";
                    if (name.equals("beforeDeploy")) {
                        before.put(key.getValue(), stageList(field.getValueNode(), envPath + ".beforeDeploy", tiers, true));
                    } else if (name.equals("afterDeploy")) {
                        after.put(key.getValue(), stageList(field.getValueNode(), envPath + ".afterDeploy", tiers, true));
                    }
                }
            }
        }
        return new DeclaredStages(stages, before, after);
    }

    /**
     * A mapping of stages by name. Around an environment ({@code environmentStage}) a stage has no needs and no
     * matrix, and is judged by its build's result only.
     */
    private List<StageConfig> stageList(Node node, String path, Set<String> tiers, boolean environmentStage) {
        if (isNull(node)) {
            return List.of();
        }
        Map<String, Node> entries = mapping(node, path, null);
        if (entries == null) {
            return List.of();
        }
        if (entries.isEmpty() && !environmentStage) {
            problems.add(path + " (line " + line(node) + "): at least one stage; leave stages out for the default"
                    + " test, scan, lint and benchmark");
        }
        Map<String, StageConfig> stages = new LinkedHashMap<>();
        Map<String, Node> needsNodes = new LinkedHashMap<>();
        entries.forEach((name, stageNode) -> {
            String stagePath = path + "." + name;
            if (!STAGE_NAME.matcher(name).matches()) {
                problems.add(stagePath + " (line " + line(stageNode) + "): stage name '" + name
                        + "' must be 1-40 lower case letters, digits, '-' and '_'");
            }
            StageConfig stage = stage(name, stageNode, stagePath, tiers, environmentStage);
            if (stage != null) {
                stages.put(name, stage);
                if (stageNode instanceof MappingNode m) {
                    m.getValue().stream().filter(t -> t.getKeyNode() instanceof ScalarNode k && k.getValue().equals("needs"))
                            .findFirst().ifPresent(t -> needsNodes.put(name, t.getValueNode()));
                }
            }
        });
        if (environmentStage) {
            return List.copyOf(stages.values()); // no needs there (refused by stage())
        }
        stages.values().forEach(stage -> stage.needs().forEach(need -> {
            Node at = needsNodes.get(stage.name());
            if (!entries.containsKey(need)) {
                problems.add(path + "." + stage.name() + ".needs (line " + line(at) + "): unknown stage '" + need
                        + "'; declared: " + String.join(", ", entries.keySet()));
            } else if (need.equals(stage.name())) {
                problems.add(path + "." + stage.name() + ".needs (line " + line(at) + "): a stage cannot need itself");
            }
        }));
        cycle(stages).ifPresent(cycle -> problems.add(path + "." + cycle.get(0) + ".needs (line "
                + line(needsNodes.get(cycle.get(0))) + "): the stages' needs form a cycle: " + String.join(" -> ", cycle)));
        return List.copyOf(stages.values());
    }

    /** A cycle among the stages' needs ({@code a, b, a}), if there is one; self-needs are reported apart. */
    private static java.util.Optional<List<String>> cycle(Map<String, StageConfig> stages) {
        Map<String, Integer> state = new java.util.HashMap<>(); // 1: on the path, 2: done
        for (String start : stages.keySet()) {
            java.util.Deque<String> pathStack = new java.util.ArrayDeque<>();
            java.util.Optional<List<String>> found = visit(start, stages, state, pathStack);
            if (found.isPresent()) {
                return found;
            }
        }
        return java.util.Optional.empty();
    }

    private static java.util.Optional<List<String>> visit(String stage, Map<String, StageConfig> stages,
                                                          Map<String, Integer> state, java.util.Deque<String> path) {
        Integer seen = state.get(stage);
        if (seen != null && seen == 2) {
            return java.util.Optional.empty();
        }
        if (seen != null) {
            List<String> onPath = new ArrayList<>(path);
            java.util.Collections.reverse(onPath);
            List<String> cycle = new ArrayList<>(onPath.subList(onPath.indexOf(stage), onPath.size()));
            cycle.add(stage);
            return java.util.Optional.of(cycle);
        }
        state.put(stage, 1);
        path.push(stage);
        for (String need : stages.get(stage).needs()) {
            if (stages.containsKey(need) && !need.equals(stage)) {
                java.util.Optional<List<String>> found = visit(need, stages, state, path);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        path.pop();
        state.put(stage, 2);
        return java.util.Optional.empty();
    }

    private StageConfig stage(String name, Node node, String path, Set<String> tiers, boolean environmentStage) {
        Map<String, Node> f = mapping(node, path, STAGE_KEYS);
        if (f == null) {
            return null;
        }
        String buildspec = requiredString(f, "buildspec", path, node);
        if (buildspec != null && (buildspec.startsWith("/") || buildspec.contains("..") || buildspec.contains("\\"))) {
            problems.add(path + ".buildspec (line " + line(f.get("buildspec")) + "): '" + buildspec
                    + "' must be a path inside the service's repository, without '..'");
        }
        List<String> needs = f.containsKey("needs") ? strings(f.get("needs"), path + ".needs") : List.of();
        if (new HashSet<>(needs).size() != needs.size()) {
            problems.add(path + ".needs (line " + line(f.get("needs")) + "): a stage is listed twice");
        }
        Map<String, List<String>> matrix = f.containsKey("matrix") ? matrix(f.get("matrix"), path + ".matrix") : Map.of();
        JudgedAs judgedAs = JudgedAs.NONE;
        String judged = stringOr(f, "judgedAs", path, null);
        if (judged != null) {
            judgedAs = JudgedAs.named(judged).orElseGet(() -> {
                problems.add(path + ".judgedAs (line " + line(f.get("judgedAs")) + "): '" + judged + "' is not one of "
                        + JudgedAs.words());
                return JudgedAs.NONE;
            });
        }
        StageConfig.OnFailure onFailure = StageConfig.OnFailure.FAIL;
        String failure = stringOr(f, "onFailure", path, null);
        if (failure != null) {
            if (failure.equals("fail") || failure.equals("warn")) {
                onFailure = StageConfig.OnFailure.valueOf(failure.toUpperCase(java.util.Locale.ROOT));
            } else {
                problems.add(path + ".onFailure (line " + line(f.get("onFailure")) + "): '" + failure
                        + "' must be fail (the run fails) or warn (the run goes on with a warning)");
            }
        }
        BuildSize size = null;
        String sizeText = stringOr(f, "size", path, null);
        if (sizeText != null) {
            size = BuildSize.named(sizeText).orElseGet(() -> {
                problems.add(path + ".size (line " + line(f.get("size")) + "): '" + sizeText + "' is not one of "
                        + BuildSize.words());
                return null;
            });
        }
        boolean privileged = booleanOr(f, "privileged", path, false);
        int timeout = intOr(f, "timeout", path, 0, 5, 480);
        if (environmentStage) {
            for (String key : List.of("needs", "matrix")) {
                if (f.containsKey(key)) {
                    problems.add(path + "." + key + " (line " + line(f.get(key)) + "): a stage around an environment"
                            + " has no " + key + " (beforeDeploy stages run one after another in the order listed,"
                            + " afterDeploy stages at once)");
                }
            }
            if (judgedAs != JudgedAs.NONE) {
                problems.add(path + ".judgedAs (line " + line(f.get("judgedAs")) + "): a stage around an environment"
                        + " is judged by its build's result only (none); the gates judge the stages before the image");
            }
        }
        StageCondition when = f.containsKey("when") ? when(f.get("when"), path + ".when", tiers) : StageCondition.ALWAYS;
        if (buildspec == null) {
            return null;
        }
        return new StageConfig(name, buildspec, needs, matrix, when, judgedAs, onFailure, size, privileged, timeout);
    }

    private Map<String, List<String>> matrix(Node node, String path) {
        Map<String, Node> axes = mapping(node, path, null);
        if (axes == null) {
            return Map.of();
        }
        if (axes.isEmpty()) {
            problems.add(path + " (line " + line(node) + "): at least one axis, for example {toolchain: [stable, beta]}");
        }
        Map<String, List<String>> matrix = new LinkedHashMap<>();
        Set<String> variables = new HashSet<>();
        long instances = 1;
        for (Map.Entry<String, Node> axis : axes.entrySet()) {
            String axisPath = path + "." + axis.getKey();
            String variable = axis.getKey().toUpperCase(java.util.Locale.ROOT);
            if (!AXIS_NAME.matcher(axis.getKey()).matches()) {
                problems.add(axisPath + " (line " + line(axis.getValue()) + "): axis name '" + axis.getKey()
                        + "' must be letters, digits and '_' (it becomes the environment variable " + variable + ")");
            } else if (RESERVED_VARIABLES.contains(variable)) {
                problems.add(axisPath + " (line " + line(axis.getValue()) + "): the pipeline sets " + variable
                        + " itself; name the axis otherwise");
            } else if (!variables.add(variable)) {
                problems.add(axisPath + " (line " + line(axis.getValue()) + "): another axis is also the variable " + variable);
            }
            List<String> values = strings(axis.getValue(), axisPath);
            if (values.isEmpty()) {
                problems.add(axisPath + " (line " + line(axis.getValue()) + "): at least one value");
            }
            if (new HashSet<>(values).size() != values.size()) {
                problems.add(axisPath + " (line " + line(axis.getValue()) + "): a value is listed twice");
            }
            instances *= Math.max(1, values.size());
            matrix.put(axis.getKey(), values);
        }
        if (instances > MAX_MATRIX_INSTANCES) {
            problems.add(path + " (line " + line(node) + "): " + instances + " combinations; at most "
                    + MAX_MATRIX_INSTANCES);
        }
        return matrix;
    }

    private StageCondition when(Node node, String path, Set<String> tiers) {
        if (isNull(node)) {
            return StageCondition.ALWAYS;
        }
        Map<String, Node> f = mapping(node, path, WHEN_KEYS);
        if (f == null) {
            return StageCondition.ALWAYS;
        }
        Boolean pullRequests = f.containsKey("pullRequests") ? booleanOr(f, "pullRequests", path, false) : null;
        List<String> tierNames = f.containsKey("tiers") ? strings(f.get("tiers"), path + ".tiers") : List.of();
        tierNames.forEach(tier -> checkTier(tier, path + ".tiers", f.get("tiers"), tiers));
        return new StageCondition(patterns(f, "branches", path), patterns(f, "tags", path), pullRequests,
                patterns(f, "baseBranches", path), f.containsKey("labels") ? strings(f.get("labels"), path + ".labels") : List.of(),
                f.containsKey("schedules") ? strings(f.get("schedules"), path + ".schedules") : List.of(),
                patterns(f, "paths", path), tierNames);
    }

    private List<GlobPattern> patterns(Map<String, Node> fields, String key, String path) {
        if (!fields.containsKey(key)) {
            return List.of();
        }
        List<String> values = strings(fields.get(key), path + "." + key);
        if (values.isEmpty() && !isNull(fields.get(key))) {
            problems.add(path + "." + key + " (line " + line(fields.get(key)) + "): at least one pattern; leave "
                    + key + " out to match any");
        }
        return values.stream().map(GlobPattern::new).toList();
    }

    // ---------------------------------------------------------------- helpers

    /** A mapping's entries by key, in file order; null (and a problem recorded) if the node is not a mapping. */
    private Map<String, Node> mapping(Node node, String path, Set<String> allowedKeys) {
        String where = path.isEmpty() ? "the file" : path;
        if (!(node instanceof MappingNode mapping)) {
            problems.add(where + " (line " + line(node) + "): must be a mapping of keys to values");
            return null;
        }
        Map<String, Node> fields = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String key = tuple.getKeyNode() instanceof ScalarNode scalar ? scalar.getValue() : null;
            String keyPath = path.isEmpty() ? key : path + "." + key;
            if (key == null) {
                problems.add(where + " (line " + line(tuple.getKeyNode()) + "): keys must be plain names");
            } else if (allowedKeys != null && !allowedKeys.contains(key)) {
                problems.add(keyPath + " (line " + line(tuple.getKeyNode()) + "): unknown field; expected one of "
                        + String.join(", ", allowedKeys.stream().sorted().toList()));
            } else if (fields.containsKey(key)) {
                problems.add(keyPath + " (line " + line(tuple.getKeyNode()) + "): defined twice");
            } else {
                fields.put(key, tuple.getValueNode());
            }
        }
        return fields;
    }

    private String requiredString(Map<String, Node> fields, String key, String path, Node parent) {
        Node node = fields.get(key);
        if (node == null || isNull(node)) {
            problems.add(path + "." + key + " (line " + line(node == null ? parent : node) + "): required");
            return null;
        }
        return scalar(node, path + "." + key);
    }

    private String stringOr(Map<String, Node> fields, String key, String path, String fallback) {
        Node node = fields.get(key);
        if (node == null || isNull(node)) {
            return fallback;
        }
        return scalar(node, path + "." + key);
    }

    private String scalar(Node node, String path) {
        if (!(node instanceof ScalarNode scalar)) {
            problems.add(path + " (line " + line(node) + "): must be a single value");
            return null;
        }
        if (scalar.getValue().isBlank()) {
            problems.add(path + " (line " + line(node) + "): must not be empty");
            return null;
        }
        return scalar.getValue();
    }

    private Severity severityOr(Map<String, Node> fields, String key, String path, Severity fallback) {
        String text = stringOr(fields, key, path, null);
        if (text == null) {
            return fallback;
        }
        return Severity.named(text).orElseGet(() -> {
            problems.add(path + "." + key + " (line " + line(fields.get(key)) + "): '" + text + "' is not one of "
                    + String.join(", ", java.util.Arrays.stream(Severity.values()).map(Severity::name).toList()));
            return fallback;
        });
    }

    /** A warn threshold above its fail threshold is a mistake: the warn band lies below the fail band. */
    private void bandBelow(Map<String, Node> fields, Node tierNode, String path, String warnKey, double warn,
            String failKey, double fail) {
        if (warn > fail) {
            Node at = fields.getOrDefault(warnKey, fields.getOrDefault(failKey, tierNode));
            problems.add(path + "." + warnKey + " (line " + line(at) + "): " + warn + " is above " + failKey + " "
                    + fail + "; the warn band lies below the fail band");
        }
    }

    private int intOr(Map<String, Node> fields, String key, String path, int fallback, int min, int max) {
        String text = stringOr(fields, key, path, null);
        if (text == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value < min || value > max) {
                problems.add(path + "." + key + " (line " + line(fields.get(key)) + "): " + value + " is outside " + min + ".." + max);
            }
            return value;
        } catch (NumberFormatException e) {
            problems.add(path + "." + key + " (line " + line(fields.get(key)) + "): '" + text + "' is not a whole number");
            return fallback;
        }
    }

    private double numberOr(Map<String, Node> fields, String key, String path, double fallback, double min, double max) {
        String text = stringOr(fields, key, path, null);
        if (text == null) {
            return fallback;
        }
        try {
            double value = Double.parseDouble(text.trim());
            if (Double.isNaN(value) || value < min || value > max) {
                problems.add(path + "." + key + " (line " + line(fields.get(key)) + "): " + text + " is outside " + fmt(min) + ".." + fmt(max));
            }
            return value;
        } catch (NumberFormatException e) {
            problems.add(path + "." + key + " (line " + line(fields.get(key)) + "): '" + text + "' is not a number");
            return fallback;
        }
    }

    private List<String> strings(Node node, String path) {
        if (isNull(node)) {
            return List.of();
        }
        if (!(node instanceof SequenceNode sequence)) {
            problems.add(path + " (line " + line(node) + "): must be a list, for example [a, b]");
            return List.of();
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < sequence.getValue().size(); i++) {
            String value = scalar(sequence.getValue().get(i), path + "[" + i + "]");
            if (value != null) {
                values.add(value);
            }
        }
        return values;
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode scalar && Tag.NULL.equals(scalar.getTag());
    }

    private static int lineOf(String problem) {
        java.util.regex.Matcher m = Pattern.compile("\\(line (\\d+)\\)").matcher(problem);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private static int line(Node node) {
        return node == null ? 0 : node.getStartMark().getLine() + 1;
    }

    private static String fmt(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    // ---------------------------------------------------------------- bake (docs/configuration.md, "Bake")

    private static final Set<String> BAKE_KEYS = Set.of("duration", "interval", "alarms", "probe");
    private static final Set<String> PROBE_KEYS = Set.of("path", "url", "requests", "maxErrorRate", "maxLatencyMs",
            "latencyPercentile");
    private static final Pattern BAKE_DURATION = Pattern.compile("(\\d{1,6})(s|m|h)");
    private static final Pattern ALARM_NAME = Pattern.compile("[^\\p{Cntrl}]{1,255}");
    private static final Pattern PERCENT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*%?");
    /** At most this many checks in a period, and probe answers kept in the state machine's state (its 256 KB). */
    static final int MAX_BAKE_CHECKS = 720;
    static final int MAX_BAKE_SAMPLES = 5000;
    /** DescribeAlarms takes at most 100 names. */
    static final int MAX_BAKE_ALARMS = 100;

    /** A bake period: durations like 30s, 10m, 1h; at least one signal; the checks and samples bounded. */
    private BakeConfig bake(Node node, String path) {
        Map<String, Node> f = mapping(node, path, BAKE_KEYS);
        if (f == null) {
            return null;
        }
        Integer duration = bakeSeconds(f, "duration", path, null);
        if (duration == null && !f.containsKey("duration")) {
            problems.add(path + ".duration (line " + line(node) + "): required, for example 10m");
        }
        Integer interval = bakeSeconds(f, "interval", path, 30);
        List<String> alarms = f.containsKey("alarms") ? strings(f.get("alarms"), path + ".alarms") : List.of();
        Set<String> seen = new HashSet<>();
        for (String alarm : alarms) {
            if (!ALARM_NAME.matcher(alarm).matches()) {
                problems.add(path + ".alarms (line " + line(f.get("alarms")) + "): '" + alarm
                        + "' is not a CloudWatch alarm name (1 to 255 characters, no control characters)");
            }
            if (!seen.add(alarm)) {
                problems.add(path + ".alarms (line " + line(f.get("alarms")) + "): '" + alarm + "' is listed twice");
            }
        }
        if (alarms.size() > MAX_BAKE_ALARMS) {
            problems.add(path + ".alarms (line " + line(f.get("alarms")) + "): " + alarms.size()
                    + " alarms; at most " + MAX_BAKE_ALARMS);
        }
        BakeConfig.Probe probe = f.containsKey("probe") ? probe(f.get("probe"), path + ".probe") : null;
        if (alarms.isEmpty() && !f.containsKey("probe")) {
            problems.add(path + " (line " + line(node) + "): a bake needs a signal to watch: alarms, a probe or both");
        }
        if (duration == null || interval == null) {
            return null;
        }
        if (interval > duration) {
            problems.add(path + ".interval (line " + line(f.getOrDefault("interval", node)) + "): " + interval
                    + "s is longer than the duration (" + duration + "s)");
            return null;
        }
        BakeConfig bake = new BakeConfig(duration, interval, alarms, probe);
        if (bake.checks() > MAX_BAKE_CHECKS) {
            problems.add(path + ".interval (line " + line(f.getOrDefault("interval", node)) + "): " + bake.checks()
                    + " checks in the period; at most " + MAX_BAKE_CHECKS + " (a longer interval or a shorter duration)");
        } else if (probe != null && (long) bake.checks() * probe.requests() > MAX_BAKE_SAMPLES) {
            problems.add(path + ".probe.requests (line " + line(f.get("probe")) + "): " + bake.checks() + " checks x "
                    + probe.requests() + " requests is more than the " + MAX_BAKE_SAMPLES
                    + " answers a bake keeps; fewer requests or a longer interval");
        }
        return bake;
    }

    private BakeConfig.Probe probe(Node node, String path) {
        Map<String, Node> f = mapping(node, path, PROBE_KEYS);
        if (f == null) {
            return null;
        }
        String probePath = stringOr(f, "path", path, null);
        String urlText = stringOr(f, "url", path, null);
        java.net.URI url = null;
        if ((probePath == null) == (urlText == null)) {
            problems.add(path + " (line " + line(node) + "): give exactly one of path (on the environment's base URL)"
                    + " and url");
        }
        if (probePath != null && !probePath.startsWith("/")) {
            problems.add(path + ".path (line " + line(f.get("path")) + "): '" + probePath + "' must start with /");
        }
        if (urlText != null) {
            try {
                url = new java.net.URI(urlText);
                if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
                    problems.add(path + ".url (line " + line(f.get("url")) + "): '" + urlText
                            + "' is not an http or https URL with a host");
                }
            } catch (java.net.URISyntaxException e) {
                problems.add(path + ".url (line " + line(f.get("url")) + "): '" + urlText + "' is not a URL: "
                        + e.getReason());
            }
        }
        int requests = intOr(f, "requests", path, 10, 1, 100);
        double maxErrorRate = 5;
        String rateText = stringOr(f, "maxErrorRate", path, null);
        if (rateText != null) {
            java.util.regex.Matcher m = PERCENT.matcher(rateText.strip());
            if (!m.matches() || Double.parseDouble(m.group(1)) > 100) {
                problems.add(path + ".maxErrorRate (line " + line(f.get("maxErrorRate")) + "): '" + rateText
                        + "' is not a percentage from 0% to 100%, for example 5%");
            } else {
                maxErrorRate = Double.parseDouble(m.group(1));
            }
        }
        Integer maxLatencyMs = f.containsKey("maxLatencyMs") ? intOr(f, "maxLatencyMs", path, 0, 1, 600_000) : null;
        int percentile = intOr(f, "latencyPercentile", path, 90, 0, 100);
        if (percentile != 90 && percentile != 99) {
            problems.add(path + ".latencyPercentile (line " + line(f.get("latencyPercentile")) + "): " + percentile
                    + " is not 90 or 99");
        }
        if (f.containsKey("latencyPercentile") && maxLatencyMs == null) {
            problems.add(path + ".latencyPercentile (line " + line(f.get("latencyPercentile"))
                    + "): set maxLatencyMs too: the percentile is compared with it");
        }
        return new BakeConfig.Probe(probePath, url, requests, maxErrorRate, maxLatencyMs, percentile);
    }

    /** A duration like 30s, 10m or 1h, in seconds; {@code fallback} when absent; null (and a problem) when wrong. */
    private Integer bakeSeconds(Map<String, Node> fields, String key, String path, Integer fallback) {
        String text = stringOr(fields, key, path, null);
        if (text == null) {
            return fields.containsKey(key) ? null : fallback;
        }
        java.util.regex.Matcher m = BAKE_DURATION.matcher(text.strip());
        long seconds = m.matches() ? Long.parseLong(m.group(1)) * switch (m.group(2)) {
            case "h" -> 3600;
            case "m" -> 60;
            default -> 1;
        } : -1;
        if (seconds < 1 || seconds > 24 * 3600) {
            problems.add(path + "." + key + " (line " + line(fields.get(key)) + "): '" + text
                    + "' is not a duration from 1s to 24h, for example 30s, 10m or 1h");
            return null;
        }
        return (int) seconds;
    }
}
