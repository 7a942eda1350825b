package dev.serverlesscd.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.serverlesscd.asl.json.Json;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** One execution of a state machine, live: status, output and history as DescribeExecution/GetExecutionHistory show them. */
public final class Execution {
    /**
     * The hard quota on events in an execution's history ("Avoid reaching the history quota"): event number 25,000
     * is the execution's last; if it is not ExecutionSucceeded, the execution fails with States.Runtime.
     */
    static final int MAX_HISTORY_EVENTS = 25_000;
    static final String HISTORY_LIMIT_CAUSE = "The execution reached the maximum number of history events (25000).";

    private final String executionArn;
    private final String name;
    private final String stateMachineArn;
    private final StateMachine stateMachine;
    private final JsonNode input;
    private final Instant startDate;
    private final List<HistoryEvent> history = new ArrayList<>();
    private final CountDownLatch done = new CountDownLatch(1);
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final Consumer<HistoryEvent> onEvent;
    private volatile ExecutionStatus status = ExecutionStatus.RUNNING;
    private volatile JsonNode output;
    private volatile String error;
    private volatile String cause;
    private volatile Instant stopDate;
    private long lastEventId;

    Execution(String executionArn, String name, String stateMachineArn, StateMachine stateMachine, JsonNode input,
              Instant startDate, Consumer<HistoryEvent> onEvent) {
        this.executionArn = executionArn;
        this.name = name;
        this.stateMachineArn = stateMachineArn;
        this.stateMachine = stateMachine;
        this.input = input;
        this.startDate = startDate;
        this.onEvent = onEvent;
    }

    public String executionArn() {
        return executionArn;
    }

    public String name() {
        return name;
    }

    public String stateMachineArn() {
        return stateMachineArn;
    }

    public StateMachine stateMachine() {
        return stateMachine;
    }

    public ExecutionStatus status() {
        return status;
    }

    public JsonNode input() {
        return input.deepCopy();
    }

    /** The input itself, for the executor, which never mutates it. */
    JsonNode inputNode() {
        return input;
    }

    /** The output once SUCCEEDED, else null. */
    public JsonNode output() {
        return output == null ? null : output.deepCopy();
    }

    public String error() {
        return error;
    }

    public String cause() {
        return cause;
    }

    public Instant startDate() {
        return startDate;
    }

    public Instant stopDate() {
        return stopDate;
    }

    /** A snapshot of the history so far, oldest first. */
    public List<HistoryEvent> history() {
        synchronized (history) {
            return Collections.unmodifiableList(new ArrayList<>(history));
        }
    }

    /** StopExecution: ABORTED, with running tasks and waits interrupted. No effect once the execution has ended. */
    public void stop(String error, String cause) {
        finish(ExecutionStatus.ABORTED, null, error, cause, "ExecutionAborted", "executionAbortedEventDetails");
    }

    /** Waits for the end of the execution; true if it ended within {@code timeout}. */
    public boolean awaitCompletion(Duration timeout) throws InterruptedException {
        return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isDone() {
        return done.getCount() == 0;
    }

    @Override
    public String toString() {
        return "Execution[" + executionArn + " " + status + "]";
    }

    // ---- executor side ----

    /** Records an event; returns its id. After the execution has ended, nothing more is recorded (returns -1). */
    long record(long previousEventId, Instant timestamp, String type, ObjectNode details, boolean evenIfDone) {
        return record(previousEventId, timestamp, type, () -> details, evenIfDone);
    }

    /** Records an event whose details are written from its payloads when first read (see {@link HistoryEvent}). */
    long record(long previousEventId, Instant timestamp, String type, java.util.function.Supplier<ObjectNode> details,
                boolean evenIfDone) {
        HistoryEvent event;
        synchronized (history) {
            if (status != ExecutionStatus.RUNNING && !evenIfDone) {
                return -1;
            }
            if (status == ExecutionStatus.RUNNING && lastEventId + 1 >= MAX_HISTORY_EVENTS) {
                finish(ExecutionStatus.FAILED, null, "States.Runtime", HISTORY_LIMIT_CAUSE, "ExecutionFailed",
                        "executionFailedEventDetails");
                return -1;
            }
            long id = ++lastEventId;
            event = new HistoryEvent(id, previousEventId < 0 ? id - 1 : previousEventId, timestamp, type, details);
            history.add(event);
        }
        onEvent.accept(event);
        return event.id();
    }

    private volatile java.util.function.Supplier<Instant> clockNow = Instant::now;

    void clock(java.util.function.Supplier<Instant> now) {
        this.clockNow = now;
    }

    /** Ends the execution once: status, the closing event, interrupting whatever still runs. */
    boolean finish(ExecutionStatus newStatus, JsonNode out, String err, String cse, String eventType, String detailsName) {
        Instant now = clockNow.get();
        synchronized (history) {
            if (status != ExecutionStatus.RUNNING) {
                return false;
            }
            this.output = out;
            this.error = err;
            this.cause = cse;
            this.stopDate = now;
            ObjectNode details = Json.obj();
            ObjectNode inner = details.putObject(detailsName);
            if (newStatus == ExecutionStatus.SUCCEEDED) {
                inner.put("output", Json.write(out));
                inner.putObject("outputDetails").put("truncated", false);
            } else {
                if (err != null) {
                    inner.put("error", err);
                }
                if (cse != null) {
                    inner.put("cause", cse);
                }
            }
            long id = ++lastEventId;
            HistoryEvent event = new HistoryEvent(id, id - 1, now, eventType, details);
            history.add(event);
            this.status = newStatus;
            onEvent.accept(event);
        }
        done.countDown();
        Thread self = Thread.currentThread();
        for (Thread t : threads) {
            if (t != self) {
                t.interrupt();
            }
        }
        return true;
    }

    void enter(Thread t) {
        threads.add(t);
    }

    void leave(Thread t) {
        threads.remove(t);
    }
}
