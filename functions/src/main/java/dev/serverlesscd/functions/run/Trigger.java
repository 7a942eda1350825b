package dev.serverlesscd.functions.run;

import java.util.List;

/**
 * What started a run, for the conditions a pipeline's stages are planned by: {@code kind} is one of {@link #PUSH}
 * (a branch), {@link #TAG}, {@link #PULL_REQUEST}, {@link #SCHEDULE}, {@link #MANUAL}; {@code schedule} the schedule's
 * name (scheduled runs only); {@code baseBranch} and {@code labels} the branch a pull request merges into and the
 * labels it carries (pull requests only; empty otherwise); {@code requestedBy} who asked for a manual run.
 */
public record Trigger(String kind, String schedule, String baseBranch, List<String> labels, String requestedBy) {
    public static final String PUSH = "push";
    public static final String TAG = "tag";
    public static final String PULL_REQUEST = "pull_request";
    public static final String SCHEDULE = "schedule";
    public static final String MANUAL = "manual";

    public Trigger {
        labels = labels == null ? List.of() : List.copyOf(labels);
    }

    public static Trigger push(boolean tag) {
        return new Trigger(tag ? TAG : PUSH, null, null, List.of(), null);
    }

    public static Trigger pullRequest(String baseBranch, List<String> labels) {
        return new Trigger(PULL_REQUEST, null, baseBranch, labels, null);
    }

    public static Trigger schedule(String name) {
        return new Trigger(SCHEDULE, name, null, List.of(), null);
    }

    public static Trigger manual(String requestedBy) {
        return new Trigger(MANUAL, null, null, List.of(), requestedBy);
    }

    /**
     * The trigger of a run recorded without one (before triggers were recorded): its event says push, pull request,
     * schedule or manual, its tag whether the push was a tag's.
     */
    public static Trigger of(String event, String tag) {
        if (PULL_REQUEST.equals(event) || SCHEDULE.equals(event) || MANUAL.equals(event)) {
            return new Trigger(event, null, null, List.of(), null);
        }
        return push(tag != null);
    }
}
