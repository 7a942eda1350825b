package dev.serverlesscd.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.serverlesscd.asl.json.Json;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Interprets one execution: walks the typed states of a {@link Block}, records the entered/exited events around each
 * and hands the state's body to the {@link StateExecutor} of its type (under {@link ErrorHandling} for Task, Parallel
 * and Map).
 */
final class Runner {
    static final long POLL_MILLIS = 5;

    private static final PassExecutor PASS = new PassExecutor();
    private static final ChoiceExecutor CHOICE = new ChoiceExecutor();
    private static final WaitExecutor WAIT = new WaitExecutor();
    private static final SucceedExecutor SUCCEED = new SucceedExecutor();
    private static final FailExecutor FAIL = new FailExecutor();
    private static final TaskExecutor TASK = new TaskExecutor();
    private static final ParallelExecutor PARALLEL = new ParallelExecutor();
    private static final MapExecutor MAP = new MapExecutor();

    /** The execution ended (stopped, timed out) or this branch was cancelled: unwind without recording anything. */
    static final class Aborted extends RuntimeException {
        Aborted() {
            super(null, null, false, false);
        }
    }

    /** A thread of control in the history: previousEventId follows it. */
    static final class Lane {
        long last;

        Lane(long last) {
            this.last = last;
        }
    }

    private final AslExecutor executor;
    private final Execution execution;
    private final AslExecutor.Arns arns;
    private final AslClock clock;
    private final ObjectNode executionContext;
    private final ObjectNode stateMachineContext;
    private long startedEventId;

    Runner(AslExecutor executor, Execution execution, AslExecutor.Arns arns) {
        this.executor = executor;
        this.execution = execution;
        this.arns = arns;
        this.clock = executor.clock();
        ObjectNode ex = Json.obj();
        ex.put("Id", execution.executionArn());
        ex.set("Input", execution.inputNode());
        ex.put("Name", execution.name());
        ex.put("RoleArn", arns.roleArn());
        ex.put("StartTime", AslTime.format(execution.startDate()));
        ex.put("RedriveCount", 0);
        this.executionContext = ex;
        ObjectNode sm = Json.obj();
        sm.put("Id", arns.stateMachineArn());
        sm.put("Name", arns.stateMachineName());
        this.stateMachineContext = sm;
    }

    /** The delay before retry number {@code attempt} (0-based) of a Retry rule given as JSON. */
    static Duration retryDelay(JsonNode retrier, int attempt) {
        return ErrorHandling.retryDelay(StateParser.retrier(retrier), attempt);
    }

    AslExecutor executor() {
        return executor;
    }

    Execution execution() {
        return execution;
    }

    AslExecutor.Arns arns() {
        return arns;
    }

    AslClock clock() {
        return clock;
    }

    /** The context object's {@code Execution} member; shared, never to be mutated. */
    ObjectNode executionContext() {
        return executionContext;
    }

    /** The context object's {@code StateMachine} member; shared, never to be mutated. */
    ObjectNode stateMachineContext() {
        return stateMachineContext;
    }

    void recordStart() {
        ObjectNode details = Json.obj();
        ObjectNode d = details.putObject("executionStartedEventDetails");
        d.put("input", Json.write(execution.inputNode()));
        d.set("inputDetails", AslExecutor.truncatedFalse());
        d.put("roleArn", arns.roleArn());
        startedEventId = execution.record(0, execution.startDate(), "ExecutionStarted", details, false);
    }

    void run() {
        Thread self = Thread.currentThread();
        execution.enter(self);
        Future<?> watchdog = null;
        try {
            if (execution.stateMachine().timeoutSeconds().isPresent()) {
                Instant deadline = execution.startDate().plusSeconds(execution.stateMachine().timeoutSeconds().get());
                watchdog = executor.pool().submit(() -> watch(deadline));
            }
            JsonNode output = runBlock(execution.stateMachine().root(), execution.inputNode(), new Scope(null),
                    new Lane(startedEventId));
            execution.finish(ExecutionStatus.SUCCEEDED, output, null, null, "ExecutionSucceeded", "executionSucceededEventDetails");
        } catch (Aborted e) {
            // already finished by whoever stopped it
        } catch (AslError e) {
            execution.finish(ExecutionStatus.FAILED, null, e.error(), e.cause(), "ExecutionFailed", "executionFailedEventDetails");
        } catch (RuntimeException | Error e) {
            execution.finish(ExecutionStatus.FAILED, null, "States.Runtime", "Internal error in the local runtime: " + e,
                    "ExecutionFailed", "executionFailedEventDetails");
        } finally {
            execution.leave(self);
            Thread.interrupted();
            if (watchdog != null) {
                watchdog.cancel(true);
            }
        }
    }

    /**
     * Runs a child execution (an iteration of a Distributed Map) on the calling thread: its own history from
     * ExecutionStarted to its end, its own variables. Answers its output, or throws its error.
     */
    JsonNode runChild(Block block) {
        recordStart();
        try {
            JsonNode output = runBlock(block, execution.inputNode(), new Scope(null), new Lane(startedEventId));
            execution.finish(ExecutionStatus.SUCCEEDED, output, null, null, "ExecutionSucceeded",
                    "executionSucceededEventDetails");
            return output;
        } catch (AslError e) {
            execution.finish(ExecutionStatus.FAILED, null, e.error(), e.cause(), "ExecutionFailed",
                    "executionFailedEventDetails");
            throw e;
        } catch (Aborted e) {
            execution.stop("States.Aborted", "The Map Run was aborted");
            throw e;
        }
    }

    private void watch(Instant deadline) {
        try {
            while (!execution.isDone()) {
                if (!clock.now().isBefore(deadline)) {
                    execution.finish(ExecutionStatus.TIMED_OUT, null, "States.Timeout",
                            "The execution timed out after " + execution.stateMachine().timeoutSeconds().get() + " seconds",
                            "ExecutionTimedOut", "executionTimedOutEventDetails");
                    return;
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            // execution over
        }
    }

    // ---- events ----

    long emit(Lane lane, String type, ObjectNode details) {
        return emit(lane, type, () -> details);
    }

    /** Records an event on a lane; its details are built when first read. */
    long emit(Lane lane, String type, Supplier<ObjectNode> details) {
        long id = execution.record(lane.last, clock.now(), type, details, false);
        if (id < 0) {
            throw new Aborted();
        }
        lane.last = id;
        return id;
    }

    static ObjectNode details(String name, Object... kv) {
        ObjectNode outer = Json.obj();
        ObjectNode d = outer.putObject(name);
        for (int i = 0; i < kv.length; i += 2) {
            Object v = kv[i + 1];
            if (v == null) {
                continue;
            }
            if (v instanceof JsonNode n) {
                d.set((String) kv[i], n);
            } else if (v instanceof Long l) {
                d.put((String) kv[i], l);
            } else if (v instanceof Integer n) {
                d.put((String) kv[i], n);
            } else {
                d.put((String) kv[i], v.toString());
            }
        }
        return outer;
    }

    void checkAlive() {
        if (Thread.currentThread().isInterrupted() || execution.status() != ExecutionStatus.RUNNING) {
            throw new Aborted();
        }
    }

    /** Waits for the executor's pacing before a state, as a stop would end the wait: aborted. */
    private void pace() {
        try {
            executor.pacing().beforeState();
        } catch (InterruptedException e) {
            throw new Aborted();
        }
        checkAlive();
    }

    void sleepUntil(Instant until) {
        try {
            clock.sleepUntil(until);
        } catch (InterruptedException e) {
            throw new Aborted();
        }
        checkAlive();
    }

    // ---- blocks and states ----

    JsonNode runBlock(Block block, JsonNode input, Scope scope, Lane lane) {
        String current = block.startAt();
        JsonNode data = input;
        while (true) {
            checkAlive();
            pace();
            State state = block.state(current);
            Outcome outcome = runState(state, data, scope, lane);
            data = outcome.output();
            if (outcome.next() == null) {
                return data;
            }
            current = outcome.next();
        }
    }

    private Outcome runState(State state, JsonNode input, Scope scope, Lane lane) {
        String type = state.common().type();
        Instant entered = clock.now();
        long enteredId = emit(lane, type + "StateEntered", () -> details("stateEnteredEventDetails", "name",
                state.name(), "input", Json.write(input), "inputDetails", AslExecutor.truncatedFalse()));
        StateRun r = new StateRun(this, state, input, scope, lane, entered, enteredId);
        try {
            checkSize(r, input);
            Outcome outcome;
            if (state instanceof State.Pass s) {
                outcome = PASS.execute(s, r);
            } else if (state instanceof State.Choice s) {
                outcome = CHOICE.execute(s, r);
            } else if (state instanceof State.Wait s) {
                outcome = WAIT.execute(s, r);
            } else if (state instanceof State.Succeed s) {
                outcome = SUCCEED.execute(s, r);
            } else if (state instanceof State.Fail s) {
                outcome = FAIL.execute(s, r);
            } else if (state instanceof State.Task s) {
                outcome = ErrorHandling.run(s, s.handlers(), r, checked(TASK));
            } else if (state instanceof State.Parallel s) {
                outcome = ErrorHandling.run(s, s.handlers(), r, checked(PARALLEL));
            } else {
                State.MapState s = (State.MapState) state;
                outcome = ErrorHandling.run(s, s.handlers(), r, checked(MAP));
            }
            return exit(r, outcome);
        } catch (JsonataSupport.QueryEvaluationError e) {
            recordEvaluationFailed(r, e);
            throw e;
        }
    }

    /** The body, then the size check of its output, so that Retry and Catch see a DataLimitExceeded. */
    private <S extends State> StateExecutor<S> checked(StateExecutor<S> body) {
        return (state, r) -> {
            Outcome o = body.execute(state, r);
            checkSize(r, o.output());
            return o;
        };
    }

    void recordEvaluationFailed(StateRun r, JsonataSupport.QueryEvaluationError e) {
        if (e.recorded) {
            return;
        }
        e.recorded = true;
        execution.record(r.lane.last, clock.now(), "EvaluationFailed", details("evaluationFailedEventDetails",
                "error", e.error(), "cause", e.cause(), "location", e.field, "state", r.name()), false);
    }

    private Outcome exit(StateRun r, Outcome o) {
        checkSize(r, o.output());
        String name = r.name();
        JsonNode output = o.output();
        Map<String, JsonNode> assigned = o.assigned();
        emit(r.lane, r.state.common().type() + "StateExited", () -> {
            ObjectNode d = details("stateExitedEventDetails", "name", name, "output", Json.write(output),
                    "outputDetails", AslExecutor.truncatedFalse());
            if (!assigned.isEmpty()) {
                ObjectNode vars = Json.obj();
                assigned.forEach((k, v) -> vars.put(k, Json.write(v)));
                ObjectNode inner = (ObjectNode) d.get("stateExitedEventDetails");
                inner.set("assignedVariables", vars);
                inner.set("assignedVariablesDetails", AslExecutor.truncatedFalse());
            }
            return d;
        });
        if (!assigned.isEmpty()) {
            r.scope.assign(assigned);
        }
        String next = o.next() != null ? o.next() : r.state.common().next();
        return new Outcome(output, assigned, next);
    }

    void checkSize(StateRun r, JsonNode data) {
        if (data != null && Json.utf8SizeExceeds(data, AslExecutor.MAX_PAYLOAD_BYTES)) {
            throw new AslError("States.DataLimitExceeded", "The state/task '" + r.name()
                    + "' returned a result with a size exceeding the maximum number of bytes service limit.");
        }
    }

    /** Runs work on a pool thread registered with the execution, so that stopping the execution interrupts it. */
    <T> Callable<T> inThread(Callable<T> work) {
        return () -> {
            Thread t = Thread.currentThread();
            execution.enter(t);
            try {
                if (execution.status() != ExecutionStatus.RUNNING) {
                    throw new Aborted();
                }
                return work.call();
            } finally {
                execution.leave(t);
                Thread.interrupted();
            }
        };
    }
}
