package dev.serverlesscd.functions.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One repository's pipeline: its environments by name, and the rules that route a branch, a tag or a pull request
 * to a tier and the environments to deploy to. Rules are tried in order; the first match wins. {@code publish}: what its
 * runs tell GitHub and chat; {@code triggers}: its schedules and which pull requests run; {@code stages}: the stages
 * its runs go through ({@link DeclaredStages}).
 */
public record RepositoryConfig(
        String name,
        Map<String, EnvironmentTarget> environments,
        List<RefRule> branches,
        List<RefRule> tags,
        String pullRequestTier,
        PublishConfig publish,
        Triggers triggers,
        DeclaredStages stages) {

    /** No schedules, every pull request runs, today's stages ({@link DeclaredStages#DEFAULTS}). */
    public RepositoryConfig(String name, Map<String, EnvironmentTarget> environments, List<RefRule> branches,
                            List<RefRule> tags, String pullRequestTier, PublishConfig publish) {
        this(name, environments, branches, tags, pullRequestTier, publish, Triggers.NONE, DeclaredStages.DEFAULTS);
    }

    /** Today's stages ({@link DeclaredStages#DEFAULTS}). */
    public RepositoryConfig(String name, Map<String, EnvironmentTarget> environments, List<RefRule> branches,
                            List<RefRule> tags, String pullRequestTier, PublishConfig publish, Triggers triggers) {
        this(name, environments, branches, tags, pullRequestTier, publish, triggers, DeclaredStages.DEFAULTS);
    }

    /** No schedules, every pull request runs. */
    public RepositoryConfig(String name, Map<String, EnvironmentTarget> environments, List<RefRule> branches,
                            List<RefRule> tags, String pullRequestTier, PublishConfig publish, DeclaredStages stages) {
        this(name, environments, branches, tags, pullRequestTier, publish, Triggers.NONE, stages);
    }

    /** Publishing as it is by default: the pull request's comment only. */
    public RepositoryConfig(String name, Map<String, EnvironmentTarget> environments, List<RefRule> branches,
                            List<RefRule> tags, String pullRequestTier) {
        this(name, environments, branches, tags, pullRequestTier, PublishConfig.DEFAULTS);
    }

    public RepositoryConfig {
        stages = stages == null ? DeclaredStages.DEFAULTS : stages;
        publish = publish == null ? PublishConfig.DEFAULTS : publish;
        triggers = triggers == null ? Triggers.NONE : triggers;
        environments = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(environments));
        branches = List.copyOf(branches);
        tags = List.copyOf(tags);
    }

    public Optional<RefRule> branchRule(String branch) {
        return branches.stream().filter(rule -> rule.matches(branch)).findFirst();
    }

    public Optional<RefRule> tagRule(String tag) {
        return tags.stream().filter(rule -> rule.matches(tag)).findFirst();
    }

    /** The targets of a rule, in the rule's order. */
    public List<EnvironmentTarget> targets(RefRule rule) {
        return rule.environments().stream().map(environments::get).toList();
    }
}
