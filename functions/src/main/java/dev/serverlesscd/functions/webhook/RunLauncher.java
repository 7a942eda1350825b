package dev.serverlesscd.functions.webhook;

import dev.serverlesscd.functions.approval.PendingApprovals;
import dev.serverlesscd.functions.plan.Plan;
import dev.serverlesscd.functions.run.BranchRuns;
import dev.serverlesscd.functions.run.BranchSupersession;
import dev.serverlesscd.functions.run.Run;
import dev.serverlesscd.functions.run.RunAlreadyExistsException;
import dev.serverlesscd.functions.run.RunStatus;
import dev.serverlesscd.functions.run.RunStore;
import dev.serverlesscd.functions.workflow.ExecutionInput;
import dev.serverlesscd.functions.workflow.ExecutionStarter;
import dev.serverlesscd.functions.workflow.StartedExecution;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a routed delivery's run and starts its execution exactly once.
 *
 * <ol>
 *   <li>{@link BranchRuns#advanceHead}, for a delivery ({@link LaunchRequest#delivered}): the ref's head moves to the
 *       run's commit unless the push is stale (its {@code before} an earlier head of the ref: a replayed or late
 *       delivery); a stale push records nothing and starts nothing, unless it is a redelivery of a run recorded before
 *       (its own delivery id), answered as such. A run asked for ({@link LaunchRequest#requested}) skips this step.</li>
 *   <li>{@link RunStore#create}: the run, RECEIVED, conditional on its id ({@code run-<delivery>}); a redelivery
 *       finds the stored run instead, and one that is no longer RECEIVED was started: answered at once.</li>
 *   <li>{@link DeliveryLedger#claim}: one conditional write decides which attempt starts it.</li>
 *   <li>{@link BranchRuns#register}: a push to a branch supersedes older runs of the branch that are not deploying;
 *       their pending approvals are ended at once ({@link PendingApprovals#supersede}). A failure to end them is
 *       logged, never answered: the runs are marked, and their approval and deploy steps ask again.</li>
 *   <li>{@link ExecutionStarter#start} with the run id as the execution name; on failure the claim is released
 *       and the answer says so (5xx), so a redelivery starts it.</li>
 *   <li>{@link DeliveryLedger#markStarted}: the delivery holds the execution's ARN. The run itself is marked RUNNING
 *       by the execution's first state ({@code RecordStart}), its one writer from here on: the webhook does not
 *       write it a second time (one DynamoDB call less per delivery: docs/benchmarks.md, "Webhook").</li>
 * </ol>
 * A delivery whose claim another attempt holds is waited for (polling the ledger) up to {@code inFlightWait}.
 */
public final class RunLauncher {
    private static final Logger LOG = LoggerFactory.getLogger(RunLauncher.class);

    /** How a launch ended. */
    public sealed interface Outcome {
        record Started(Run run, String executionArn) implements Outcome {
        }

        record AlreadyStarted(Run run) implements Outcome {
        }

        record StillStarting(Run run, Duration retryAfter) implements Outcome {
        }

        record StartFailed(Run run, String error) implements Outcome {
        }

        /** The push is older than the ref's head: nothing recorded, nothing started. */
        record Stale(Run run, String before, BranchRuns.Head head) implements Outcome {
        }
    }

    private final RunStore runs;
    private final DeliveryLedger ledger;
    private final BranchRuns branchRuns;
    private final PendingApprovals pendingApprovals;
    private final ExecutionStarter starter;
    private final Clock clock;
    private final Duration inFlightWait;
    private final Duration pollInterval;
    private final Supplier<String> attemptIds;

    public RunLauncher(RunStore runs, DeliveryLedger ledger, BranchRuns branchRuns, PendingApprovals pendingApprovals,
                       ExecutionStarter starter, Clock clock, Duration inFlightWait) {
        this(runs, ledger, branchRuns, pendingApprovals, starter, clock, inFlightWait, Duration.ofMillis(50),
                () -> UUID.randomUUID().toString());
    }

    RunLauncher(RunStore runs, DeliveryLedger ledger, BranchRuns branchRuns, PendingApprovals pendingApprovals,
                ExecutionStarter starter, Clock clock, Duration inFlightWait, Duration pollInterval,
                Supplier<String> attemptIds) {
        this.runs = Objects.requireNonNull(runs, "runs");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.branchRuns = Objects.requireNonNull(branchRuns, "branchRuns");
        this.pendingApprovals = Objects.requireNonNull(pendingApprovals, "pendingApprovals");
        this.starter = Objects.requireNonNull(starter, "starter");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.inFlightWait = Objects.requireNonNull(inFlightWait, "inFlightWait");
        this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
        this.attemptIds = Objects.requireNonNull(attemptIds, "attemptIds");
    }

    /**
     * Records and starts {@code request}'s run as the class says: a delivery ({@link LaunchRequest#delivered}) first
     * moves the ref's head, or is stale; a run asked for ({@link LaunchRequest#requested}: a manual run,
     * {@code POST /runs} or {@code pipeline run}, or a schedule's) is exempt from the stale rule, since it may run an
     * older commit on purpose, and never moves the ref's head, so the next push is judged against what GitHub last
     * delivered. Both are then recorded, claimed, registered for supersession and started alike (a requested run's
     * {@code deliveryId} is the request's idempotency key or the schedule's fire time).
     */
    public Outcome launch(LaunchRequest request) {
        Run run = request.run();
        Optional<BranchRuns.Head> newer = request.isRequested() ? Optional.empty()
                : branchRuns.advanceHead(run.repository(), run.ref(), request.before(), run.commit(), run.runId(),
                        clock.instant());
        Run recorded;
        if (newer.isPresent()) {
            Optional<Run> redelivered = runs.find(run.runId());
            if (redelivered.isEmpty()) {
                return new Outcome.Stale(run, request.before(), newer.get());
            }
            recorded = redelivered.get();
        } else {
            recorded = record(run);
        }
        if (recorded.status() != RunStatus.RECEIVED) {
            return new Outcome.AlreadyStarted(recorded);
        }
        String attempt = attemptIds.get();
        long polls = Math.max(0, inFlightWait.toMillis() / Math.max(1, pollInterval.toMillis()));
        for (long poll = 0; ; poll++) {
            DeliveryLedger.Claim claim = ledger.claim(recorded.deliveryId(), recorded.runId(), attempt, clock.instant());
            if (claim instanceof DeliveryLedger.Claim.Claimed) {
                return start(recorded, request.fork(), attempt, request.plan());
            }
            if (claim instanceof DeliveryLedger.Claim.AlreadyStarted) {
                return new Outcome.AlreadyStarted(recorded);
            }
            if (poll >= polls) {
                return new Outcome.StillStarting(recorded, Duration.ofSeconds(5));
            }
            sleep(pollInterval);
        }
    }

    /**
     * A push deleted the ref: its head becomes none (all zeros), so the ref's next creation runs and a replay of an
     * earlier creation does not.
     *
     * @return empty, or the newer head when the deletion itself is stale
     */
    public Optional<BranchRuns.Head> deleted(String repository, String ref, String before, String runId) {
        return branchRuns.advanceHead(repository, ref, before, "0".repeat(40), runId, clock.instant());
    }

    private Run record(Run run) {
        try {
            runs.create(run);
            return run;
        } catch (RunAlreadyExistsException redelivered) {
            return runs.find(run.runId()).orElse(run);
        }
    }

    private Outcome start(Run run, boolean fork, String attempt, Plan plan) {
        StartedExecution execution;
        try {
            if (BranchSupersession.isBranchPush(run)) {
                List<String> superseded =
                        branchRuns.register(run.repository(), run.branch(), run.runId(), run.createdAt(), clock.instant());
                endApprovals(run, superseded);
            }
            execution = starter.start(run.runId(), ExecutionInput.of(run, fork, plan));
        } catch (RuntimeException failed) {
            LOG.warn("Could not start run {}: {}", run.runId(), failed.toString());
            String error = failed.getClass().getSimpleName() + ": " + failed.getMessage();
            ledger.release(run.deliveryId(), attempt, error, clock.instant());
            return new Outcome.StartFailed(run, error);
        }
        try {
            ledger.markStarted(run.deliveryId(), execution.executionArn(), clock.instant());
        } catch (RuntimeException notMarked) {
            // The execution runs, and its first state marks the run RUNNING. The claim stays until its lease ends;
            // a redelivery after that finds the run RUNNING, or starts it by name again: nothing starts twice.
            LOG.warn("Run {} started as {} but its delivery not marked started: {}", run.runId(),
                    execution.executionArn(), notMarked.toString());
        }
        return new Outcome.Started(run, execution.executionArn());
    }

    /** Ends the pending approvals of the runs this push superseded; a failure is logged, not answered. */
    private void endApprovals(Run run, List<String> superseded) {
        for (String older : superseded) {
            if (older.equals(run.runId())) {
                continue; // a newer run arrived first: this one has no approval yet, its own steps stop it
            }
            LOG.info("Run {} superseded by {} (a newer push to {})", older, run.runId(), run.branch());
            try {
                List<String> ended = pendingApprovals.supersede(older, run.runId(), run.branch(), clock.instant());
                if (!ended.isEmpty()) {
                    LOG.info("Ended approvals {} of superseded run {}", ended, older);
                }
            } catch (RuntimeException failed) {
                LOG.warn("Run {} is superseded by {} but its pending approvals could not be ended (its next approval"
                        + " or deploy stops it): {}", older, run.runId(), failed.toString());
            }
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a concurrent start", e);
        }
    }
}
