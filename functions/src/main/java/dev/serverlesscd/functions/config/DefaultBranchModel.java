package dev.serverlesscd.functions.config;

import java.util.List;
import java.util.Map;

/**
 * What a repository gets when its entry leaves {@code branches}, {@code tags}, {@code pullRequests} or
 * {@code tiers} out: the branch model of the teams this is built for.
 *
 * <pre>
 * main, master  full checks      staging, then production (approved)
 * develop       standard checks  staging
 * research      basic checks     research
 * any branch    standard checks  none (checks only)
 * tags v*       full checks      staging, then production (approved)
 * pull requests standard checks  none (checks only)
 * </pre>
 *
 * A default rule deploys only to the environments the repository defines: a repository without a
 * {@code research} environment runs {@code research} with basic checks and deploys nowhere.
 */
public final class DefaultBranchModel {
    public static final List<RefRule> BRANCHES = List.of(
            RefRule.of("main", Tier.FULL, "staging", "production"),
            RefRule.of("master", Tier.FULL, "staging", "production"),
            RefRule.of("develop", Tier.STANDARD, "staging"),
            RefRule.of("research", Tier.BASIC, "research"),
            RefRule.of("**", Tier.STANDARD));
    public static final List<RefRule> TAGS = List.of(RefRule.of("v*", Tier.FULL, "staging", "production"));
    public static final String PULL_REQUEST_TIER = Tier.STANDARD;

    /**
     * The team's gate thresholds, for a file that leaves {@code tiers} (or a field of a tier) out: line coverage at
     * least 85% (full), 80% (standard), none (basic); a drop of more than 5 points fails; vulnerabilities fail from
     * HIGH (full) or CRITICAL (standard) and warn from MEDIUM (full) or HIGH (standard, basic), basic never fails on
     * them; more than 20% slower fails, more than 10% warns; an image more than 50 MB larger fails, 20 MB warns.
     */
    public static final Map<String, Tier> TIERS = Map.of(
            Tier.FULL, new Tier(Tier.FULL, 0, 85, 5, Severity.HIGH, Severity.MEDIUM, 10, 20, 20, 50),
            Tier.STANDARD, new Tier(Tier.STANDARD, 0, 80, 5, Severity.CRITICAL, Severity.HIGH, 10, 20, 20, 50),
            Tier.BASIC, new Tier(Tier.BASIC, 0, 0, 5, Severity.NONE, Severity.HIGH, 10, 20, 20, 50));

    private DefaultBranchModel() {
    }

    /** The default rules for a repository that defines these environments: targets it lacks are left out. */
    public static List<RefRule> restrictedTo(List<RefRule> rules, java.util.Set<String> definedEnvironments) {
        return rules.stream()
                .map(rule -> new RefRule(rule.pattern(), rule.tier(),
                        rule.environments().stream().filter(definedEnvironments::contains).toList()))
                .toList();
    }
}
