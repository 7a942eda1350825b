package dev.serverlesscd.functions.webhook;

import dev.serverlesscd.functions.plan.Plan;
import dev.serverlesscd.functions.run.BranchRuns;
import dev.serverlesscd.functions.run.Run;
import java.util.Objects;

/**
 * What {@link RunLauncher#launch} starts: a run, whether it comes from a fork, the ref's head its delivery started
 * from, and the plan its execution runs ({@link dev.serverlesscd.functions.plan.StagePlanner}).
 *
 * <p>Made in one of two ways: {@link #delivered} for a delivery of GitHub's (a push, a pull request), which the stale
 * rule applies to and which moves the ref's head ({@link BranchRuns#advanceHead}); {@link #requested} for a run
 * someone or something asked for (a manual run, a schedule's), which has no {@code before}: exempt from the stale rule,
 * it never moves the head, and it is never a fork's.
 *
 * @param run    the new run, RECEIVED, with {@code createdAt} now; if its delivery was recorded before, the stored run
 *               is the one launched
 * @param fork   the run comes from a fork's pull request (no secrets in its builds)
 * @param before the ref's head the delivery started from; null for a requested run
 * @param plan   the stages its execution runs
 */
public record LaunchRequest(Run run, boolean fork, String before, Plan plan) {

    public LaunchRequest {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(plan, "plan");
    }

    /** A delivery of GitHub's that started from {@code before}, the ref's head it names. */
    public static LaunchRequest delivered(Run run, boolean fork, String before, Plan plan) {
        return new LaunchRequest(run, fork, Objects.requireNonNull(before, "before"), plan);
    }

    /** A run asked for rather than delivered: a manual run or a schedule's. */
    public static LaunchRequest requested(Run run, Plan plan) {
        return new LaunchRequest(run, false, null, plan);
    }

    /** Asked for rather than delivered: the stale rule does not apply, and the ref's head does not move. */
    public boolean isRequested() {
        return before == null;
    }
}
