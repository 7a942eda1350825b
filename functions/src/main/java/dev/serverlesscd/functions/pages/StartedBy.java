package dev.serverlesscd.functions.pages;

import dev.serverlesscd.functions.run.Run;
import dev.serverlesscd.functions.run.Trigger;

/**
 * What started a run ({@link Run#trigger()}), as people read it: {@link #of} whole for the run's page ("push to
 * main", "pull request into development (labels: x, y)", "schedule nightly", "manual run requested by alice"),
 * {@link #brief} for a row of the runs page ("push", "PR into development", "schedule nightly", "manual by alice").
 * A run recorded before triggers were has the kind its event says and no more ("pull request", "schedule", "manual
 * run"). Plain text: the page escapes it like every value it prints.
 */
public final class StartedBy {
    private StartedBy() {
    }

    /** The whole sentence, for the run's own page. */
    public static String of(Run run) {
        Trigger trigger = run.trigger();
        String kind = trigger.kind() == null ? "" : trigger.kind();
        return switch (kind) {
            case Trigger.PUSH -> "push" + suffix(" to ", orRef(run.branch(), run));
            case Trigger.TAG -> "tag" + suffix(" ", orRef(run.tag(), run));
            case Trigger.PULL_REQUEST -> "pull request" + suffix(" into ", trigger.baseBranch())
                    + (trigger.labels().isEmpty() ? "" : " (labels: " + String.join(", ", trigger.labels()) + ")");
            case Trigger.SCHEDULE -> "schedule" + suffix(" ", trigger.schedule());
            case Trigger.MANUAL -> "manual run" + suffix(" requested by ", trigger.requestedBy());
            default -> kind.isEmpty() ? "–" : kind;
        };
    }

    /** The short form, for a row of the runs page: the ref is beside it; labels are left to the run's page. */
    public static String brief(Run run) {
        Trigger trigger = run.trigger();
        String kind = trigger.kind() == null ? "" : trigger.kind();
        return switch (kind) {
            case Trigger.PUSH, Trigger.TAG -> kind;
            case Trigger.PULL_REQUEST -> "PR" + suffix(" into ", trigger.baseBranch());
            case Trigger.SCHEDULE -> "schedule" + suffix(" ", trigger.schedule());
            case Trigger.MANUAL -> "manual" + suffix(" by ", trigger.requestedBy());
            default -> kind.isEmpty() ? "–" : kind;
        };
    }

    /** The branch's or tag's name, else the run's ref (a store's shorthand may leave the name out). */
    private static String orRef(String name, Run run) {
        return name != null && !name.isBlank() ? name : run.ref();
    }

    private static String suffix(String joint, String value) {
        return value == null || value.isBlank() ? "" : joint + value;
    }
}
