package dev.serverlesscd.functions.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The port for runs and their stages. The DynamoDB adapter is the only implementation: tests and the local
 * runtime run it against DynamoDB Local. Times are passed in, never read inside.
 */
public interface RunStore {

    /** Records a new run (status RECEIVED) with a conditional write; throws if the run id exists. */
    void create(Run run) throws RunAlreadyExistsException;

    Optional<Run> find(String runId);

    /** The execution of this run has started (status RUNNING). */
    void markStarted(String runId, String executionArn, Instant at);

    /** The run has ended with a final status; error and cause are null on success. */
    void finish(String runId, RunStatus status, String error, String cause, JsonNode summary, Instant at);

    void recordStage(StageRecord stage);

    /** The run's stages in the order they were recorded. */
    List<StageRecord> stages(String runId);

    /** The most recent runs, newest first. */
    List<Run> recent(int limit);

    /** Every run not final yet (RECEIVED or RUNNING), newest first: what a restarted runtime checks for lost executions. */
    List<Run> unfinished();

    /**
     * One page of the runs {@code query} selects, newest first, from {@code cursor} (null: the first page); at most
     * {@code limit} (1 to 100) runs. A page may hold fewer while more follow (its {@code next} is then not null).
     *
     * @throws InvalidCursorException if the cursor is not one this listing handed out
     */
    RunPage page(RunQuery query, String cursor, int limit);

    /**
     * The runs created in {@code [from, to)} (of one repository, or all when it is null), newest first, with what
     * metrics read: no environments, clone URL or summary.
     */
    List<Run> createdBetween(String repository, Instant from, Instant to);
}
