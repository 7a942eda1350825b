package dev.serverlesscd.functions.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The infrastructure owners' pipeline configuration, validated whole when loaded ({@link PipelineConfigLoader}):
 * the tiers' gate thresholds and, per repository, its environments and branch model. The webhook routes with it,
 * the local runtime and the CDK app read the same file.
 */
public record PipelineConfig(Map<String, Tier> tiers, Map<String, RepositoryConfig> repositories) {

    public PipelineConfig {
        tiers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tiers));
        repositories = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(repositories));
    }

    /** The repository's configuration; GitHub's full name ({@code owner/name}) compares case-insensitively. */
    public Optional<RepositoryConfig> repository(String fullName) {
        if (fullName == null) {
            return Optional.empty();
        }
        return repositories.values().stream().filter(r -> r.name().equalsIgnoreCase(fullName)).findFirst();
    }

    /** Every environment's Kubernetes namespace, of every repository, sorted: where the pipeline deploys. */
    public java.util.SortedSet<String> namespaces() {
        return new java.util.TreeSet<>(environments().map(EnvironmentTarget::namespace).toList());
    }

    /** Every approver of every environment, lower case, each once, sorted: who receives approval mail. */
    public List<String> approvers() {
        return environments().flatMap(e -> e.approvers().stream())
                .map(a -> a.toLowerCase(java.util.Locale.ROOT)).distinct().sorted().toList();
    }

    private java.util.stream.Stream<EnvironmentTarget> environments() {
        return repositories.values().stream().flatMap(r -> r.environments().values().stream());
    }

    /** A push to a branch: the first matching branch rule; empty when none matches. */
    public Optional<Route> routeBranch(String repository, String branch) {
        return repository(repository).flatMap(repo -> repo.branchRule(branch)
                .map(rule -> new Route(repo.name(), rule.tier(), repo.targets(rule))));
    }

    /** A pushed tag: the first matching tag rule; empty when none matches (the tag is ignored). */
    public Optional<Route> routeTag(String repository, String tag) {
        return repository(repository).flatMap(repo -> repo.tagRule(tag)
                .map(rule -> new Route(repo.name(), rule.tier(), repo.targets(rule))));
    }

    /** A pull request: the repository's pull request tier, checks only. */
    public Optional<Route> routePullRequest(String repository) {
        return repository(repository).map(repo -> new Route(repo.name(), repo.pullRequestTier(), List.of()));
    }

    /**
     * A run asked for by ref (a manual or scheduled run): {@code refs/tags/NAME} by its tag rule, {@code refs/heads/NAME}
     * or a bare {@code NAME} by its branch rule; empty when no rule matches.
     */
    public Optional<Route> routeRef(String repository, String ref) {
        if (ref.startsWith("refs/tags/")) {
            return routeTag(repository, ref.substring("refs/tags/".length()));
        }
        return routeBranch(repository, ref.startsWith("refs/heads/") ? ref.substring("refs/heads/".length()) : ref);
    }
}
