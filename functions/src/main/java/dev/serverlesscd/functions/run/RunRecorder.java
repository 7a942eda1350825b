package dev.serverlesscd.functions.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a run's start and outcome for the state machine.
 *
 * <ul>
 *   <li>{@link #start}: the run becomes RUNNING with its execution ARN. A run the webhook did not record (an
 *       execution started by hand or by {@code pipeline demo}) is recorded first from the execution input.</li>
 *   <li>{@link #finish}: the run gets its final status. The first outcome wins: finishing a run that is already
 *       final changes nothing and answers the stored status, so a retried or late {@code RecordOutcome} is
 *       harmless and the state machine sees what the store holds. A run that SUCCEEDED calls the success hook (the wiring promotes the gate's baseline candidates there: the one
 *       place baselines are written). A retried finish calls it again, which changes nothing.</li>
 *   <li>{@link #abort}: a finish as ABORTED, for a run whose execution was stopped or lost from outside.</li>
 * </ul>
 *
 * <p>Both post the {@code serverless-cd/pipeline} commit status ({@link StageStatuses}): pending once the run is
 * RUNNING, the final state when this call made it final (a repeated finish posts nothing). A status that cannot be
 * posted is logged and changes nothing here.
 */
public final class RunRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(RunRecorder.class);
    private final RunStore store;
    private final Clock clock;
    private final StageStatuses statuses;
    private final SuccessHook onSuccess;
    private final RunLocks locks;
    private final FinishHook onFinish;

    /** What happens when a run SUCCEEDED: the gate's baseline candidates are promoted (the wiring says how). */
    @FunctionalInterface
    public interface SuccessHook {
        SuccessHook NONE = (run, at) -> { };

        void succeeded(Run run, Instant at);
    }

    /**
     * What happens once a run's finish made it final (not on a repeated finish): the wiring publishes the run's end
     * there (the pull request's comment, the release, chat). It must not throw; if it does, the outcome stands.
     */
    @FunctionalInterface
    public interface FinishHook {
        FinishHook NONE = (run, status, summary, at) -> { };

        void finished(Run run, RunStatus status, JsonNode summary, Instant at);
    }

    private RunRecorder(Builder builder) {
        this.store = Objects.requireNonNull(builder.store, "RunRecorder: the run store is not specified");
        this.clock = Objects.requireNonNull(builder.clock, "RunRecorder: the clock is not specified");
        this.statuses = Objects.requireNonNull(builder.statuses, "RunRecorder: the commit statuses are not specified");
        this.onSuccess = Objects.requireNonNull(builder.onSuccess, "RunRecorder: the success hook is not specified");
        this.locks = Objects.requireNonNull(builder.locks, "RunRecorder: the run locks are not specified");
        this.onFinish = Objects.requireNonNull(builder.onFinish, "RunRecorder: the finish hook is not specified");
    }

    /**
     * A recorder on {@code store} and {@code clock} (both required); by default it posts no commit statuses (they are
     * logged as off), promotes nothing on success and holds no locks.
     */
    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private RunStore store;
        private Clock clock;
        private StageStatuses statuses = StageStatuses.off("no GitHub statuses configured for the run recorder");
        private SuccessHook onSuccess = SuccessHook.NONE;
        private RunLocks locks = RunLocks.NONE;
        private FinishHook onFinish = FinishHook.NONE;

        private Builder() {
        }

        public Builder store(RunStore store) {
            this.store = store;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Where the run's start and end are posted as commit statuses. */
        public Builder statuses(StageStatuses statuses) {
            this.statuses = statuses;
            return this;
        }

        /** Called once a run's finish stored SUCCEEDED (also on a repeated finish: the hook must be idempotent). */
        public Builder onSuccess(SuccessHook onSuccess) {
            this.onSuccess = onSuccess;
            return this;
        }

        /** The environment locks a finishing run still holds are released. */
        public Builder locks(RunLocks locks) {
            this.locks = locks;
            return this;
        }

        /** Called once a finish made the run final, after its commit status (see {@link FinishHook}). */
        public Builder onFinish(FinishHook onFinish) {
            this.onFinish = onFinish;
            return this;
        }

        public RunRecorder build() {
            return new RunRecorder(this);
        }
    }

    public RunRecorderResult start(Run run, String executionArn) {
        return start(run, executionArn, null);
    }

    /** The same, {@code stages} naming the check stages of the run's plan (null: test, scan and lint). */
    public RunRecorderResult start(Run run, String executionArn, java.util.List<String> stages) {
        if (run == null) {
            throw new IllegalArgumentException("start needs the run (the execution input) in 'run'");
        }
        if (run.runId() == null || run.runId().isBlank()) {
            throw new IllegalArgumentException("start needs 'run.runId'");
        }
        Instant now = clock.instant();
        if (store.find(run.runId()).isEmpty()) {
            try {
                store.create(asReceived(run, now));
            } catch (RunAlreadyExistsException recordedMeanwhile) {
                // the webhook recorded it between our read and our write: mark that one
            }
        }
        store.markStarted(run.runId(), executionArn, now);
        statuses.runStarted(run, stages);
        return new RunRecorderResult(run.runId(), RunStatus.RUNNING);
    }

    /**
     * The error of a run ended by {@link #abort}: its execution was stopped or lost from outside the state machine,
     * which therefore never recorded an outcome.
     */
    public static final String ABORTED_ERROR = "Run.Aborted";

    /**
     * Ends a run whose execution is gone or was stopped from outside (the local runtime stopped or restarted): ABORTED
     * with {@link #ABORTED_ERROR} and {@code reason} as the cause, through {@link #finish}, so its environment locks
     * are released and its commit statuses posted as for any other end. A run that ended first keeps its status
     * (answered).
     */
    public RunRecorderResult abort(String runId, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("abort needs the reason the run is aborted");
        }
        return finish(runId, RunStatus.ABORTED.name(), ABORTED_ERROR, reason, null);
    }

    public RunRecorderResult finish(String runId, String status, String error, String cause, JsonNode summary) {
        if (runId == null || runId.isBlank()) {
            throw new IllegalArgumentException("finish needs 'runId'");
        }
        RunStatus finalStatus = parseFinalStatus(status);
        RunStatus stored;
        boolean madeFinal;
        Instant now = clock.instant();
        try {
            store.finish(runId, finalStatus, error, cause, summary, now);
            stored = finalStatus;
            madeFinal = true;
        } catch (RunAlreadyFinishedException alreadyFinal) {
            stored = alreadyFinal.status();
            madeFinal = false;
        }
        if (stored == RunStatus.SUCCEEDED) {
            store.find(runId).ifPresent(run -> onSuccess.succeeded(run, now));
        }
        releaseLocks(runId);
        if (madeFinal) {
            postFinished(runId, finalStatus, error, cause, summary, now);
        }
        return new RunRecorderResult(runId, stored);
    }

    /**
     * The safety net of the environment locks: a run that ended without recording its deploy (a failure, its
     * rollback) still holds its environment's lock. A release that fails is logged: the lock expires on its own.
     */
    private void releaseLocks(String runId) {
        try {
            int released = locks.releaseAll(runId);
            if (released > 0) {
                LOG.info("Run {} ended holding {} environment lock(s): released", runId, released);
            }
        } catch (RuntimeException e) {
            LOG.warn("Releasing the environment locks of run {} failed (they expire on their own): {}", runId,
                    e.toString());
        }
    }

    private void postFinished(String runId, RunStatus status, String error, String cause, JsonNode summary,
                              Instant at) {
        Optional<Run> run;
        try {
            run = store.find(runId);
        } catch (RuntimeException e) {
            LOG.warn("No commit status for the end of run {}: reading it failed: {}", runId, e.toString());
            return;
        }
        run.ifPresent(stored -> statuses.runFinished(stored, status, error, cause, summary, at));
        run.ifPresent(stored -> {
            try {
                onFinish.finished(stored, status, summary, at);
            } catch (RuntimeException e) {
                LOG.warn("Publishing the end of run {} failed (its outcome stands): {}", runId, e.toString());
            }
        });
    }

    private static RunStatus parseFinalStatus(String status) {
        String expected = Arrays.stream(RunStatus.values())
                .filter(RunStatus::isFinal)
                .map(Enum::name)
                .collect(Collectors.joining(", "));
        if (status == null || status.isBlank()) {
            throw new IllegalArgumentException("finish needs 'status', one of " + expected);
        }
        try {
            RunStatus parsed = RunStatus.valueOf(status);
            if (parsed.isFinal()) {
                return parsed;
            }
        } catch (IllegalArgumentException unknown) {
            // fall through to the precise message
        }
        throw new IllegalArgumentException("finish 'status' must be one of " + expected + ", was '" + status + "'");
    }

    private static Run asReceived(Run run, Instant now) {
        return new Run(run.runId(), run.deliveryId(), run.repository(), run.cloneUrl(), run.event(), run.ref(),
                run.branch(), run.defaultBranch(), run.tag(), run.commit(), run.baseCommit(), run.author(),
                run.contributors(), run.version(), run.tier(),
                run.deploy(), run.environments(), RunStatus.RECEIVED, null, now, now, null, null, null,
                run.firstCommitAt(), run.trigger());
    }
}
