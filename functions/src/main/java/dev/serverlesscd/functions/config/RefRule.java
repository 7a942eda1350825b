package dev.serverlesscd.functions.config;

import java.util.List;

/**
 * One line of a repository's branch model: refs matching {@code pattern} are judged by {@code tier} and deployed
 * to {@code environments} in that order (none: checks only).
 */
public record RefRule(GlobPattern pattern, String tier, List<String> environments) {
    public RefRule {
        environments = environments == null ? List.of() : List.copyOf(environments);
    }

    public static RefRule of(String pattern, String tier, String... environments) {
        return new RefRule(new GlobPattern(pattern), tier, List.of(environments));
    }

    public boolean matches(String name) {
        return pattern.matches(name);
    }
}
