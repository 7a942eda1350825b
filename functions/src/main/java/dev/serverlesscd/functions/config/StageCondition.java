package dev.serverlesscd.functions.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A stage's {@code when:}: the runs it takes part in. Every condition given must hold (an empty {@code when:}
 * always holds); a list holds when any of its entries matches.
 * <ul>
 *   <li>{@code branches} / {@code tags}: patterns ({@link GlobPattern}) of the branch pushed (or a pull request's
 *       head branch) / the tag pushed. Given together, either one matching is enough (the ref condition).</li>
 *   <li>{@code pullRequests}: true, only in pull requests' runs; false, never in them.</li>
 *   <li>{@code baseBranches}: patterns of a pull request's base branch (runs that are not pull requests do not
 *       match).</li>
 *   <li>{@code labels}: a pull request carrying at least one of these labels.</li>
 *   <li>{@code schedules}: runs started by one of these schedules (by name).</li>
 *   <li>{@code paths}: at least one changed path matches; when the changed paths are not known, this holds.</li>
 *   <li>{@code tiers}: the run's tier is one of these (the default benchmark stage's condition: tier full).</li>
 * </ul>
 */
public record StageCondition(List<GlobPattern> branches, List<GlobPattern> tags, Boolean pullRequests,
        List<GlobPattern> baseBranches, List<String> labels, List<String> schedules, List<GlobPattern> paths,
        List<String> tiers) {

    /** Every run. */
    public static final StageCondition ALWAYS = new StageCondition(null, null, null, null, null, null, null, null);

    public StageCondition {
        branches = branches == null ? List.of() : List.copyOf(branches);
        tags = tags == null ? List.of() : List.copyOf(tags);
        baseBranches = baseBranches == null ? List.of() : List.copyOf(baseBranches);
        labels = labels == null ? List.of() : List.copyOf(labels);
        schedules = schedules == null ? List.of() : List.copyOf(schedules);
        paths = paths == null ? List.of() : List.copyOf(paths);
        tiers = tiers == null ? List.of() : List.copyOf(tiers);
    }

    /** Runs of these tiers only. */
    public static StageCondition tiers(String... tiers) {
        return new StageCondition(null, null, null, null, null, null, null, List.of(tiers));
    }

    public boolean always() {
        return equals(ALWAYS);
    }

    /** Whether a run like {@code run} includes the stage. */
    public boolean holds(RunContext run) {
        return unmet(run).isEmpty();
    }

    /** Why the stage is left out of {@code run}, the first condition that does not hold; empty when it runs. */
    public Optional<String> unmet(RunContext run) {
        if (!branches.isEmpty() || !tags.isEmpty()) {
            boolean branch = run.branch() != null && branches.stream().anyMatch(p -> p.matches(run.branch()));
            boolean tag = run.tag() != null && tags.stream().anyMatch(p -> p.matches(run.tag()));
            if (!branch && !tag) {
                List<String> wanted = new ArrayList<>();
                if (!branches.isEmpty()) {
                    wanted.add("branches " + join(branches));
                }
                if (!tags.isEmpty()) {
                    wanted.add("tags " + join(tags));
                }
                return Optional.of("runs for " + String.join(" or ", wanted) + " only; this run is "
                        + (run.tag() != null ? "tag " + run.tag() : "branch " + run.branch()));
            }
        }
        if (pullRequests != null && pullRequests != run.isPullRequest()) {
            return Optional.of(pullRequests ? "runs for pull requests only" : "does not run for pull requests");
        }
        if (!baseBranches.isEmpty()) {
            if (!run.isPullRequest()) {
                return Optional.of("runs for pull requests into " + join(baseBranches) + " only; this run is no pull request");
            }
            if (baseBranches.stream().noneMatch(p -> p.matches(run.baseBranch()))) {
                return Optional.of("runs for pull requests into " + join(baseBranches) + " only; this one is into "
                        + run.baseBranch());
            }
        }
        if (!labels.isEmpty() && labels.stream().noneMatch(run.labels()::contains)) {
            return Optional.of("runs for pull requests labelled " + String.join(" or ", labels) + " only"
                    + (run.isPullRequest() ? "; this one has " + (run.labels().isEmpty() ? "no label"
                    : "labels " + String.join(", ", run.labels())) : "; this run is no pull request"));
        }
        if (!schedules.isEmpty() && (run.schedule() == null || !schedules.contains(run.schedule()))) {
            return Optional.of("runs for schedules " + String.join(", ", schedules) + " only; this run "
                    + (run.schedule() == null ? "was not scheduled" : "is schedule " + run.schedule()));
        }
        if (!paths.isEmpty() && run.changedPaths() != null
                && run.changedPaths().stream().noneMatch(path -> paths.stream().anyMatch(p -> p.matches(path)))) {
            return Optional.of("runs for changes to " + join(paths) + " only; this change touches none");
        }
        if (!tiers.isEmpty() && !tiers.contains(run.tier())) {
            return Optional.of("runs for tier " + String.join(" or ", tiers) + " only; this run is tier " + run.tier());
        }
        return Optional.empty();
    }

    private static String join(List<GlobPattern> patterns) {
        return String.join(", ", patterns.stream().map(GlobPattern::glob).toList());
    }
}
