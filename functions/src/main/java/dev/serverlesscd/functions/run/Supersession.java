package dev.serverlesscd.functions.run;

import java.time.Instant;
import java.util.Optional;

/**
 * The port the approval and deploy steps ask about supersession (docs/architecture.md, "Supersession"): a newer push
 * to a run's branch supersedes it unless it is deploying to an environment at that moment; a superseded run stops at
 * its next approval or deploy. Only pushes to a branch are ever superseded: pull requests, tags and runs started by
 * hand are not tracked, and every method answers "not superseded" for them.
 *
 * <p>The webhook's {@code BranchRuns} keeps the state ({@code webhook.BranchSupersession} adapts it); the run's
 * repository and branch come from the run record.
 */
public interface Supersession {

    /** Who superseded a run, and why: the cause a stopped step reports. */
    record Superseded(String runId, String byRunId, String repository, String branch) {
        /** {@code superseded by <newer runId>: a newer push to <branch>}. */
        public String cause() {
            return "superseded by " + byRunId + ": a newer push to " + branch;
        }
    }

    /** The newer run that superseded this one, if any (a strongly consistent read). */
    Optional<Superseded> supersededBy(String runId);

    /**
     * The run is about to change an environment: empty if it may (until {@link #doneDeploying} no newer push
     * supersedes it), else who superseded it first (it must not deploy). Of this and a newer push's supersession
     * exactly one wins. Idempotent.
     */
    Optional<Superseded> startDeploying(String runId, Instant now);

    /**
     * The run's deploy of an environment ended: from now on a newer push supersedes it again, and if one arrived
     * while it deployed, it is superseded now (answered).
     */
    Optional<Superseded> doneDeploying(String runId, Instant now);

    /** Nothing is ever superseded: for tests and tools that run one pipeline at a time. */
    Supersession NONE = new Supersession() {
        @Override
        public Optional<Superseded> supersededBy(String runId) {
            return Optional.empty();
        }

        @Override
        public Optional<Superseded> startDeploying(String runId, Instant now) {
            return Optional.empty();
        }

        @Override
        public Optional<Superseded> doneDeploying(String runId, Instant now) {
            return Optional.empty();
        }
    };
}
