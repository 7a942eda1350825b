package dev.serverlesscd.local.runtime;

import dev.serverlesscd.asl.AslExecutor;
import dev.serverlesscd.asl.Execution;
import dev.serverlesscd.asl.ExecutionStatus;
import dev.serverlesscd.functions.run.Run;
import dev.serverlesscd.functions.run.RunLocks;
import dev.serverlesscd.functions.run.RunRecorder;
import dev.serverlesscd.functions.run.RunStatus;
import dev.serverlesscd.functions.run.RunStore;
import dev.serverlesscd.functions.webhook.DeliveryLedger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Runs the local runtime cannot carry on: its Step Functions runtime is in-process, so its executions end with it.
 *
 * <ul>
 *   <li>{@link #abortLost} (at start): every RUNNING run whose execution this runtime does not run (after a restart,
 *       none) ends ABORTED, "the local runtime restarted at T; its execution ARN was lost"; so does a RECEIVED run
 *       whose delivery the ledger says was started (the runtime stopped between starting its execution and the
 *       execution's first state, which marks the run RUNNING): a redelivery would not start it again.</li>
 *   <li>{@link #stopAll} (at close: SIGTERM, Ctrl-C): every running execution is stopped and its run ends ABORTED,
 *       "the local runtime stopped at T; its execution ARN was aborted"; a manual rollback's locks are released.</li>
 * </ul>
 * Both end the run through {@link RunRecorder#abort}: its environment locks are released and its commit statuses
 * posted as for any other end. A RECEIVED run has no execution yet: GitHub's redelivery starts it, as on AWS.
 */
final class InterruptedRuns {
    private InterruptedRuns() {
    }

    /** Aborts the RUNNING runs whose execution is not running here; answers their ids. */
    static List<String> abortLost(RunStore runs, DeliveryLedger deliveries, RunRecorder recorder,
                                  Predicate<String> executionRuns, Instant restartedAt, Consumer<String> console) {
        List<String> aborted = new ArrayList<>();
        for (Run run : runs.unfinished()) {
            Optional<String> executionArn = run.status() == RunStatus.RUNNING
                    ? Optional.of(run.executionArn() == null ? "(not recorded)" : run.executionArn())
                    : startedDelivery(deliveries, run);
            if (executionArn.isEmpty() || executionRuns.test(executionArn.get())) {
                continue;
            }
            String reason = "the local runtime restarted at " + restartedAt + "; its execution "
                    + executionArn.get() + " was lost";
            try {
                recorder.abort(run.runId(), reason);
                aborted.add(run.runId());
                console.accept("[" + run.runId() + "] run aborted: " + reason);
            } catch (RuntimeException e) {
                console.accept("[" + run.runId() + "] could not be aborted (" + e + "): it stays RUNNING");
            }
        }
        return aborted;
    }

    /** The execution ARN of a RECEIVED run whose delivery was started; empty while a redelivery may start it. */
    private static Optional<String> startedDelivery(DeliveryLedger deliveries, Run run) {
        if (run.deliveryId() == null) {
            return Optional.empty();
        }
        return deliveries.find(run.deliveryId())
                .filter(delivery -> delivery.state() == DeliveryLedger.State.STARTED)
                .map(delivery -> delivery.executionArn() == null ? "(not recorded)" : delivery.executionArn());
    }

    /** Stops every running execution and aborts its run (a rollback: releases its locks); answers the run ids. */
    static List<String> stopAll(AslExecutor executor, String pipelineArn, RunRecorder recorder, RunLocks locks,
                                Instant stoppedAt, Consumer<String> console) {
        List<String> stopped = new ArrayList<>();
        for (Execution execution : executor.executions()) {
            if (execution.status() != ExecutionStatus.RUNNING) {
                continue;
            }
            String reason = "the local runtime stopped at " + stoppedAt + "; its execution "
                    + execution.executionArn() + " was aborted";
            execution.stop(RunRecorder.ABORTED_ERROR, reason);
            String owner = execution.input().path("runId").asText(execution.name());
            try {
                if (pipelineArn.equals(execution.stateMachineArn())) {
                    recorder.abort(owner, reason);
                } else {
                    locks.releaseAll(execution.name());
                }
                stopped.add(owner);
                console.accept("[" + owner + "] aborted: " + reason);
            } catch (RuntimeException e) {
                console.accept("[" + owner + "] stopped, but its end could not be recorded: " + e);
            }
        }
        return stopped;
    }
}
