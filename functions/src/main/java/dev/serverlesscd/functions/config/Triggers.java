package dev.serverlesscd.functions.config;

import java.util.List;
import java.util.Optional;

/**
 * What starts a repository's runs besides a push: its {@code schedules} and which pull requests run
 * ({@code pullRequests}); docs/configuration.md, "Triggers".
 */
public record Triggers(List<Schedule> schedules, PullRequestFilter pullRequests) {
    /** No schedules, every pull request runs. */
    public static final Triggers NONE = new Triggers(List.of(), PullRequestFilter.ANY);

    public Triggers {
        schedules = schedules == null ? List.of() : List.copyOf(schedules);
        pullRequests = pullRequests == null ? PullRequestFilter.ANY : pullRequests;
    }

    public Optional<Schedule> schedule(String name) {
        return schedules.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
