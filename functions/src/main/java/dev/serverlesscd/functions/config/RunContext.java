package dev.serverlesscd.functions.config;

import java.util.List;

/**
 * What a run is, as the stages' {@code when:} conditions ({@link StageCondition}) see it.
 *
 * @param event        {@code push} (a branch), {@code tag}, {@code pull_request}, or what started it otherwise
 *                     (a schedule, a manual run)
 * @param branch       the branch pushed, or the pull request's head branch; null for a tag
 * @param tag          the tag pushed; null otherwise
 * @param tier         the tier the route chose
 * @param baseBranch   a pull request's base branch; null otherwise
 * @param labels       a pull request's labels; empty otherwise
 * @param schedule     the name of the schedule that started the run; null otherwise
 * @param changedPaths the paths the change touched; null when not known (then path conditions hold)
 */
public record RunContext(String event, String branch, String tag, String tier, String baseBranch, List<String> labels,
        String schedule, List<String> changedPaths) {
    public static final String PUSH = "push";
    public static final String TAG = "tag";
    public static final String PULL_REQUEST = "pull_request";

    public RunContext {
        labels = labels == null ? List.of() : List.copyOf(labels);
        changedPaths = changedPaths == null ? null : List.copyOf(changedPaths);
    }

    public static RunContext push(String branch, String tier, List<String> changedPaths) {
        return new RunContext(PUSH, branch, null, tier, null, List.of(), null, changedPaths);
    }

    public static RunContext tag(String tag, String tier) {
        return new RunContext(TAG, null, tag, tier, null, List.of(), null, null);
    }

    public static RunContext pullRequest(String headBranch, String baseBranch, List<String> labels, String tier) {
        return new RunContext(PULL_REQUEST, headBranch, null, tier, baseBranch, labels, null, null);
    }

    /** The same run, with the paths its change touched (null: not known, so path conditions hold). */
    public RunContext withChangedPaths(List<String> paths) {
        return new RunContext(event, branch, tag, tier, baseBranch, labels, schedule, paths);
    }

    public boolean isPullRequest() {
        return PULL_REQUEST.equals(event);
    }
}
