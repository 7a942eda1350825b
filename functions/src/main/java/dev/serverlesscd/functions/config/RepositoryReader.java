package dev.serverlesscd.functions.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/**
 * One entry of {@code repositories:}: its branch and tag rules and its pull requests' tier read here, each other
 * section by its reader (environments, triggers, publishing, stages).
 */
final class RepositoryReader {
    private static final Set<String> REPOSITORY_KEYS = Set.of("environments", "branches", "tags", "pullRequests",
            "release", "codeScanning", "chat", "schedules", "stages");
    private static final Set<String> RULE_KEYS = Set.of("pattern", "tier", "environments");
    private static final Set<String> PULL_REQUEST_KEYS = Set.of("tier", "comment", "baseBranches", "labels");
    private static final Pattern REPOSITORY_NAME = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");

    private final YamlFields yaml;
    private final EnvironmentsReader environments;
    private final TriggersReader triggers;
    private final PublishReader publish;
    private final StagesReader stages;

    RepositoryReader(YamlFields yaml) {
        this.yaml = yaml;
        this.environments = new EnvironmentsReader(yaml);
        this.triggers = new TriggersReader(yaml);
        this.publish = new PublishReader(yaml);
        this.stages = new StagesReader(yaml);
    }

    /** The repository, or null when its entry is not a mapping (reported). */
    RepositoryConfig repository(String name, Node node, Set<String> tiers) {
        String path = "repositories." + name;
        yaml.matching(name, REPOSITORY_NAME, path, node, "is not a GitHub repository's full name (owner/name)");
        Map<String, Node> f = yaml.mapping(node, path, REPOSITORY_KEYS);
        if (f == null) {
            return null;
        }
        Node environmentsNode = f.get("environments");
        Map<String, EnvironmentTarget> targets = environments.environments(environmentsNode, path + ".environments");
        List<RefRule> branches = f.containsKey("branches")
                ? rules(f.get("branches"), path + ".branches", tiers, targets.keySet())
                : DefaultBranchModel.restrictedTo(DefaultBranchModel.BRANCHES, targets.keySet());
        List<RefRule> tags = f.containsKey("tags")
                ? rules(f.get("tags"), path + ".tags", tiers, targets.keySet())
                : DefaultBranchModel.restrictedTo(DefaultBranchModel.TAGS, targets.keySet());
        String pullRequestTier = DefaultBranchModel.PULL_REQUEST_TIER;
        boolean comment = true;
        PullRequestFilter pullRequestFilter = PullRequestFilter.ANY;
        if (f.containsKey("pullRequests")) {
            Map<String, Node> pr = yaml.mapping(f.get("pullRequests"), path + ".pullRequests", PULL_REQUEST_KEYS);
            if (pr != null) {
                pullRequestTier = yaml.stringOr(pr, "tier", path + ".pullRequests", pullRequestTier);
                yaml.knownTier(pullRequestTier, path + ".pullRequests.tier",
                        pr.getOrDefault("tier", f.get("pullRequests")), tiers);
                comment = yaml.booleanOr(pr, "comment", path + ".pullRequests", true);
                pullRequestFilter = triggers.pullRequestFilter(pr, path + ".pullRequests");
            }
        }
        PublishConfig publishConfig = publish.publish(comment, f, path);
        Triggers triggerConfig = new Triggers(
                triggers.schedules(f.get("schedules"), path + ".schedules", tiers, branches, tags), pullRequestFilter);
        return new RepositoryConfig(name, targets, branches, tags, pullRequestTier, publishConfig, triggerConfig,
                stages.declaredStages(f, environmentsNode, path, tiers));
    }

    /** {@code branches:} or {@code tags:}: rules of a pattern, a tier and the environments to deploy to. */
    private List<RefRule> rules(Node node, String path, Set<String> tiers, Set<String> environmentNames) {
        List<RefRule> rules = new ArrayList<>();
        yaml.items(node, path, "must be a list of rules (- pattern: …, tier: …, environments: […])").forEach((rulePath, ruleNode) -> {
            Map<String, Node> f = yaml.mapping(ruleNode, rulePath, RULE_KEYS);
            if (f == null) {
                return;
            }
            String pattern = yaml.requiredString(f, "pattern", rulePath, ruleNode);
            String tier = yaml.requiredString(f, "tier", rulePath, ruleNode);
            yaml.knownTier(tier, rulePath + ".tier", f.get("tier"), tiers);
            List<String> targets = yaml.stringsOr(f, "environments", rulePath);
            Set<String> seen = new HashSet<>();
            for (String target : targets) {
                if (!environmentNames.contains(target)) {
                    yaml.problem(rulePath + ".environments", f.get("environments"), "unknown environment '" + target
                            + "'; defined: "
                            + (environmentNames.isEmpty() ? "none" : String.join(", ", environmentNames)));
                }
                yaml.once(seen, target, rulePath + ".environments", f.get("environments"));
            }
            if (pattern != null && tier != null) {
                rules.add(new RefRule(new GlobPattern(pattern), tier, targets));
            }
        });
        return rules;
    }
}
