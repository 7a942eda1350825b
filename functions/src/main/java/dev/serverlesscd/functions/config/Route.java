package dev.serverlesscd.functions.config;

import java.util.List;

/**
 * Where a push or pull request goes: the tier its gates use and the environments it deploys to, in order.
 * {@code deploy} is false when there are none (checks only).
 */
public record Route(String repository, String tier, List<EnvironmentTarget> environments) {
    public Route {
        environments = List.copyOf(environments);
    }

    public boolean deploy() {
        return !environments.isEmpty();
    }

    /** The same tier with no environments: checks only (pull requests, forks). */
    public Route checksOnly() {
        return new Route(repository, tier, List.of());
    }
}
