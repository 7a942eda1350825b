package dev.serverlesscd.functions.run;

import dev.serverlesscd.functions.webhook.RunLauncher;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link Supersession} on {@link BranchRuns}: the run's repository and branch come from its record, and only runs of
 * a push to a branch are tracked (pull requests and tags are never superseded by branch pushes; a run nobody
 * registered, e.g. a scheduled run, is never superseded either).
 */
public final class BranchSupersession implements Supersession {
    private final RunStore runs;
    private final BranchRuns branchRuns;

    public BranchSupersession(RunStore runs, BranchRuns branchRuns) {
        this.runs = Objects.requireNonNull(runs, "runs");
        this.branchRuns = Objects.requireNonNull(branchRuns, "branchRuns");
    }

    @Override
    public Optional<Superseded> supersededBy(String runId) {
        return branchRun(runId).flatMap(run -> branchRuns.supersededBy(run.repository(), run.branch(), runId)
                .map(by -> superseded(run, by)));
    }

    @Override
    public Optional<Superseded> startDeploying(String runId, Instant now) {
        Optional<Run> tracked = branchRun(runId);
        if (tracked.isEmpty()) {
            return Optional.empty();
        }
        Run run = tracked.get();
        if (branchRuns.markDeploying(run.repository(), run.branch(), runId, now)) {
            return Optional.empty();
        }
        // refused: superseded first, or never registered (then nothing can supersede it)
        return branchRuns.supersededBy(run.repository(), run.branch(), runId).map(by -> superseded(run, by));
    }

    @Override
    public Optional<Superseded> doneDeploying(String runId, Instant now) {
        return branchRun(runId).flatMap(run -> branchRuns.doneDeploying(run.repository(), run.branch(), runId, now)
                .map(by -> superseded(run, by)));
    }

    private Optional<Run> branchRun(String runId) {
        return runs.find(runId).filter(BranchSupersession::isBranchPush);
    }

    /**
     * What {@code RunLauncher} registers: a push to a branch, or a manual run of a branch (not a tag, not a pull
     * request, not a scheduled run: a nightly run neither ends a push's pending approval nor is ended by one).
     */
    public static boolean isBranchPush(Run run) {
        return ("push".equals(run.event()) || Trigger.MANUAL.equals(run.event()))
                && run.tag() == null && run.branch() != null && !run.branch().isBlank();
    }

    private static Superseded superseded(Run run, String by) {
        return new Superseded(run.runId(), by, run.repository(), run.branch());
    }
}
