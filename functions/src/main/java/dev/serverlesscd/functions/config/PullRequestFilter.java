package dev.serverlesscd.functions.config;

import java.util.List;
import java.util.Optional;

/**
 * Which pull requests run ({@code pullRequests.baseBranches} and {@code pullRequests.labels}): those into a base
 * branch matching one of {@code baseBranches} (none listed: any), carrying at least one of {@code labels} (none
 * listed: any pull request). With labels, adding one of them to an open pull request ({@code labeled}) runs it too.
 */
public record PullRequestFilter(List<GlobPattern> baseBranches, List<String> labels) {
    /** Every pull request runs: what a repository gets without the two fields. */
    public static final PullRequestFilter ANY = new PullRequestFilter(List.of(), List.of());

    public PullRequestFilter {
        baseBranches = baseBranches == null ? List.of() : List.copyOf(baseBranches);
        labels = labels == null ? List.of() : List.copyOf(labels);
    }

    /**
     * Why this pull request does not run, or empty when it does.
     *
     * @param baseBranch the branch it merges into ({@code pull_request.base.ref})
     * @param labels     the labels it carries
     * @param added      the label a {@code labeled} delivery added; null for opened, synchronize, reopened
     */
    public Optional<String> refusal(String baseBranch, List<String> labels, String added) {
        if (!baseBranches.isEmpty() && baseBranches.stream().noneMatch(p -> p.matches(baseBranch))) {
            return Optional.of("base branch " + baseBranch + " matches none of " + baseBranches);
        }
        if (added != null && !this.labels.contains(added)) {
            return Optional.of("label " + added + " is not one that runs pull requests"
                    + (this.labels.isEmpty() ? " (no labels are configured)" : " " + this.labels));
        }
        if (!this.labels.isEmpty() && this.labels.stream().noneMatch(labels::contains)) {
            return Optional.of("it carries none of the labels " + this.labels);
        }
        return Optional.empty();
    }
}
