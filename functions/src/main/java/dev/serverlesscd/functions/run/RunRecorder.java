package dev.serverlesscd.functions.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.serverlesscd.functions.gate.Baselines;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Records a run's start and outcome for the state machine.
 *
 * <ul>
 *   <li>{@link #start}: the run becomes RUNNING with its execution ARN. A run the webhook did not record (an
 *       execution started by hand or by {@code pipeline demo}) is recorded first from the execution input.</li>
 *   <li>{@link #finish}: the run gets its final status. The first outcome wins: finishing a run that is already
 *       final changes nothing and answers the stored status, so a retried or late {@code RecordOutcome} is
 *       harmless and the state machine sees what the store holds. A run that SUCCEEDED has its baseline
 *       candidates (what the gate measured on the default branch) promoted to the repository's baselines: the one
 *       place baselines are written. A retried finish promotes again, which changes nothing.</li>
 * </ul>
 */
public final class RunRecorder {
    private final RunStore store;
    private final Clock clock;
    private final Baselines baselines;

    public RunRecorder(RunStore store, Clock clock) {
        this(store, clock, Baselines.NONE);
    }

    public RunRecorder(RunStore store, Clock clock, Baselines baselines) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.baselines = Objects.requireNonNull(baselines, "baselines");
    }

    public RunRecorderResult start(Run run, String executionArn) {
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
        return new RunRecorderResult(run.runId(), RunStatus.RUNNING);
    }

    public RunRecorderResult finish(String runId, String status, String error, String cause, JsonNode summary) {
        if (runId == null || runId.isBlank()) {
            throw new IllegalArgumentException("finish needs 'runId'");
        }
        RunStatus finalStatus = parseFinalStatus(status);
        RunStatus stored;
        Instant now = clock.instant();
        try {
            store.finish(runId, finalStatus, error, cause, summary, now);
            stored = finalStatus;
        } catch (RunAlreadyFinishedException alreadyFinal) {
            stored = alreadyFinal.status();
        }
        if (stored == RunStatus.SUCCEEDED) {
            store.find(runId).ifPresent(run -> baselines.promote(run.repository(), runId, now));
        }
        return new RunRecorderResult(runId, stored);
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
                run.branch(), run.tag(), run.commit(), run.author(), run.version(), run.tier(), run.deploy(),
                run.environments(), RunStatus.RECEIVED, null, now, now, null, null, null);
    }
}
