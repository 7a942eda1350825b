package dev.serverlesscd.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Interprets one execution. */
final class Runner {
    private static final long POLL_MILLIS = 5;

    /** The execution ended (stopped, timed out) or this branch was cancelled: unwind without recording anything. */
    static final class Aborted extends RuntimeException {
        Aborted() {
            super(null, null, false, false);
        }
    }

    /** Variables: a scope per execution, per Parallel branch and per Map iteration; inner scopes read outer ones. */
    static final class Scope {
        final Scope parent;
        final Map<String, JsonNode> vars = new ConcurrentHashMap<>();

        Scope(Scope parent) {
            this.parent = parent;
        }

        Map<String, JsonNode> visible() {
            Map<String, JsonNode> all = parent == null ? new LinkedHashMap<>() : parent.visible();
            all.putAll(vars);
            return all;
        }

        ObjectNode asObject() {
            ObjectNode o = Json.obj();
            visible().forEach(o::set);
            return o;
        }
    }

    /** A thread of control in the history: previousEventId follows it. */
    static final class Lane {
        long last;

        Lane(long last) {
            this.last = last;
        }
    }

    /** Everything about the state being run. */
    final class StateRun {
        final String name;
        final ObjectNode st;
        final String type;
        final QueryLanguage ql;
        final JsonNode input;
        final Scope scope;
        final Lane lane;
        final Instant entered;
        final long enteredId;
        int retryCount;
        String taskToken;

        StateRun(String name, ObjectNode st, QueryLanguage ql, JsonNode input, Scope scope, Lane lane, Instant entered, long enteredId) {
            this.name = name;
            this.st = st;
            this.type = st.get("Type").asText();
            this.ql = ql;
            this.input = input;
            this.scope = scope;
            this.lane = lane;
            this.entered = entered;
            this.enteredId = enteredId;
        }

        ObjectNode context() {
            ObjectNode c = Json.obj();
            ObjectNode ex = c.putObject("Execution");
            ex.put("Id", execution.executionArn());
            ex.set("Input", execution.input());
            ex.put("Name", execution.name());
            ex.put("RoleArn", arns.roleArn());
            ex.put("StartTime", AslTime.format(execution.startDate()));
            ex.put("RedriveCount", 0);
            ObjectNode state = c.putObject("State");
            state.put("EnteredTime", AslTime.format(entered));
            state.put("Name", name);
            state.put("RetryCount", retryCount);
            ObjectNode sm = c.putObject("StateMachine");
            sm.put("Id", arns.stateMachineArn());
            sm.put("Name", arns.stateMachineName());
            if (taskToken != null) {
                c.putObject("Task").put("Token", taskToken);
            }
            return c;
        }

        JsonataSupport.Env env(JsonNode result, JsonNode errorOutput, ObjectNode context) {
            ObjectNode states = Json.obj();
            states.set("input", input);
            if (result != null) {
                states.set("result", result);
            }
            if (errorOutput != null) {
                states.set("errorOutput", errorOutput);
            }
            states.set("context", context == null ? context() : context);
            return new JsonataSupport.Env(name, enteredId, states, scope.visible());
        }

        JsonataSupport.Env env(JsonNode result) {
            return env(result, null, null);
        }
    }

    /** How a state ends: its output, the variables it assigns, and the next state (null: use Next/End). */
    record Outcome(JsonNode output, Map<String, JsonNode> assigned, String next) {
    }

    record Step(String next, JsonNode output) {
    }

    private final AslExecutor executor;
    private final Execution execution;
    private final AslExecutor.Arns arns;
    private final AslClock clock;
    private final JsonPathSupport paths = JsonPathSupport.get();
    private final QueryLanguage topLanguage;
    private long startedEventId;

    Runner(AslExecutor executor, Execution execution, AslExecutor.Arns arns) {
        this.executor = executor;
        this.execution = execution;
        this.arns = arns;
        this.clock = executor.clock();
        this.topLanguage = execution.stateMachine().queryLanguage();
    }

    void recordStart() {
        ObjectNode details = Json.obj();
        ObjectNode d = details.putObject("executionStartedEventDetails");
        d.put("input", Json.write(execution.input()));
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
            JsonNode output = runBlock(execution.stateMachine().root(), execution.input(), new Scope(null), new Lane(startedEventId));
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

    private long emit(Lane lane, String type, ObjectNode details) {
        long id = execution.record(lane.last, clock.now(), type, details, false);
        if (id < 0) {
            throw new Aborted();
        }
        lane.last = id;
        return id;
    }

    private static ObjectNode details(String name, Object... kv) {
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

    private void checkAlive() {
        if (Thread.currentThread().isInterrupted() || execution.status() != ExecutionStatus.RUNNING) {
            throw new Aborted();
        }
    }

    // ---- blocks and states ----

    JsonNode runBlock(StateMachine.Block block, JsonNode input, Scope scope, Lane lane) {
        String current = block.startAt();
        JsonNode data = input;
        while (true) {
            checkAlive();
            ObjectNode st = block.states().get(current);
            Step step = runState(block, current, st, data, scope, lane);
            data = step.output();
            if (step.next() == null) {
                return data;
            }
            current = step.next();
        }
    }

    private Step runState(StateMachine.Block block, String name, ObjectNode st, JsonNode input, Scope scope, Lane lane) {
        String type = st.get("Type").asText();
        Instant entered = clock.now();
        long enteredId = emit(lane, type + "StateEntered", details("stateEnteredEventDetails", "name", name,
                "input", Json.write(input), "inputDetails", AslExecutor.truncatedFalse()));
        StateRun s = new StateRun(name, st, block.languageOf(st), input, scope, lane, entered, enteredId);
        try {
            checkSize(s, input);
            return switch (type) {
                case "Pass" -> exit(s, pass(s));
                case "Choice" -> exit(s, choice(s));
                case "Wait" -> exit(s, waitState(s));
                case "Succeed" -> {
                    Outcome o = s.ql == QueryLanguage.JSONata
                            ? new Outcome(s.st.has("Output") ? JsonataSupport.evaluateTemplate(s.st.get("Output"), "Output", s.env(null)) : input, Map.of(), null)
                            : new Outcome(outputPath(s, inputPath(s)), Map.of(), null);
                    yield exit(s, o);
                }
                case "Fail" -> throw fail(s);
                case "Task", "Parallel", "Map" -> withErrorHandling(s);
                default -> throw new AslError("States.Runtime", "Unknown state type " + type);
            };
        } catch (JsonataSupport.QueryEvaluationError e) {
            recordEvaluationFailed(s, e);
            throw e;
        }
    }

    private void recordEvaluationFailed(StateRun s, JsonataSupport.QueryEvaluationError e) {
        if (e.recorded) {
            return;
        }
        e.recorded = true;
        execution.record(s.lane.last, clock.now(), "EvaluationFailed", details("evaluationFailedEventDetails",
                "error", e.error(), "cause", e.cause(), "location", e.field, "state", s.name), false);
    }

    private Step exit(StateRun s, Outcome o) {
        checkSize(s, o.output());
        ObjectNode d = details("stateExitedEventDetails", "name", s.name, "output", Json.write(o.output()),
                "outputDetails", AslExecutor.truncatedFalse());
        if (!o.assigned().isEmpty()) {
            ObjectNode vars = Json.obj();
            o.assigned().forEach((k, v) -> vars.put(k, Json.write(v)));
            ObjectNode inner = (ObjectNode) d.get("stateExitedEventDetails");
            inner.set("assignedVariables", vars);
            inner.set("assignedVariablesDetails", AslExecutor.truncatedFalse());
            s.scope.vars.putAll(o.assigned());
        }
        emit(s.lane, s.type + "StateExited", d);
        String next = o.next();
        if (next == null && s.st.has("Next")) {
            next = s.st.get("Next").asText();
        }
        return new Step(next, o.output());
    }

    private void checkSize(StateRun s, JsonNode data) {
        if (data != null && Json.utf8Size(data) > AslExecutor.MAX_PAYLOAD_BYTES) {
            throw new AslError("States.DataLimitExceeded", "The state/task '" + s.name
                    + "' returned a result with a size exceeding the maximum number of bytes service limit.");
        }
    }

    // ---- JSONPath input/output processing ----

    private JsonNode inputPath(StateRun s) {
        if (!s.st.has("InputPath")) {
            return s.input;
        }
        JsonNode p = s.st.get("InputPath");
        return p.isNull() ? Json.obj() : readPath(s, s.input, p.asText(), "InputPath");
    }

    private JsonNode outputPath(StateRun s, JsonNode data) {
        if (!s.st.has("OutputPath")) {
            return data;
        }
        JsonNode p = s.st.get("OutputPath");
        return p.isNull() ? Json.obj() : readPath(s, data, p.asText(), "OutputPath");
    }

    private JsonNode readPath(StateRun s, JsonNode doc, String path, String field) {
        try {
            return paths.read(doc, path);
        } catch (AslError e) {
            if (e.error().equals("States.Runtime") && e.cause() != null && e.cause().startsWith("An error occurred")) {
                throw e;
            }
            throw new AslError(e.error(), "An error occurred while executing the state '" + s.name + "' (entered at the event id #"
                    + s.enteredId + "). " + e.cause());
        }
    }

    private JsonNode resultPath(StateRun s, JsonNode input, JsonNode result, JsonNode resultPathNode) {
        String resultPath = resultPathNode == null ? "$" : resultPathNode.isNull() ? null : resultPathNode.asText();
        return paths.applyResultPath(input, resultPath, result);
    }

    private JsonNode template(StateRun s, JsonNode template, JsonNode input, ObjectNode context) {
        return paths.evaluateTemplate(template, input, context == null ? s.context() : context, s.scope.asObject());
    }

    private Map<String, JsonNode> assignJsonPath(StateRun s, JsonNode assign, JsonNode base) {
        if (assign == null) {
            return Map.of();
        }
        JsonNode values = template(s, assign, base, null);
        Map<String, JsonNode> out = new LinkedHashMap<>();
        values.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    private Map<String, JsonNode> assignJsonata(JsonNode assign, String field, JsonataSupport.Env env) {
        if (assign == null) {
            return Map.of();
        }
        JsonNode values = JsonataSupport.evaluateTemplate(assign, field, env);
        if (!values.isObject()) {
            throw JsonataSupport.fail(env, field, assign.asText(), "did not return a JSON object.");
        }
        Map<String, JsonNode> out = new LinkedHashMap<>();
        values.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    // ---- Pass, Choice, Wait, Fail ----

    private Outcome pass(StateRun s) {
        if (s.ql == QueryLanguage.JSONata) {
            JsonataSupport.Env env = s.env(null);
            Map<String, JsonNode> assigned = assignJsonata(s.st.get("Assign"), "Assign", env);
            JsonNode out = s.st.has("Output") ? JsonataSupport.evaluateTemplate(s.st.get("Output"), "Output", env) : s.input;
            return new Outcome(out, assigned, null);
        }
        JsonNode eff = inputPath(s);
        JsonNode result = s.st.has("Result") ? s.st.get("Result").deepCopy()
                : s.st.has("Parameters") ? template(s, s.st.get("Parameters"), eff, null) : eff;
        Map<String, JsonNode> assigned = assignJsonPath(s, s.st.get("Assign"), result);
        JsonNode out = outputPath(s, resultPath(s, s.input, result, s.st.get("ResultPath")));
        return new Outcome(out, assigned, null);
    }

    private Outcome choice(StateRun s) {
        JsonNode choices = s.st.get("Choices");
        if (s.ql == QueryLanguage.JSONata) {
            JsonataSupport.Env env = s.env(null);
            for (int i = 0; i < choices.size(); i++) {
                JsonNode rule = choices.get(i);
                JsonNode cond = rule.get("Condition");
                String field = "Choices[" + i + "]/Condition";
                JsonNode value = JsonataSupport.isExpression(cond) ? JsonataSupport.evaluate(cond.textValue(), field, env) : cond;
                if (!value.isBoolean()) {
                    throw JsonataSupport.fail(env, field, cond.asText(), "returned a non-boolean value.");
                }
                if (value.booleanValue()) {
                    String prefix = "Choices[" + i + "]/";
                    JsonNode assign = rule.has("Assign") ? rule.get("Assign") : s.st.get("Assign");
                    JsonNode output = rule.has("Output") ? rule.get("Output") : s.st.get("Output");
                    Map<String, JsonNode> assigned = assignJsonata(assign, rule.has("Assign") ? prefix + "Assign" : "Assign", env);
                    JsonNode out = output == null ? s.input
                            : JsonataSupport.evaluateTemplate(output, rule.has("Output") ? prefix + "Output" : "Output", env);
                    return new Outcome(out, assigned, rule.get("Next").asText());
                }
            }
            if (s.st.has("Default")) {
                Map<String, JsonNode> assigned = assignJsonata(s.st.get("Assign"), "Assign", env);
                JsonNode out = s.st.has("Output") ? JsonataSupport.evaluateTemplate(s.st.get("Output"), "Output", env) : s.input;
                return new Outcome(out, assigned, s.st.get("Default").asText());
            }
            throw noChoice(s);
        }
        JsonNode eff = inputPath(s);
        ObjectNode vars = s.scope.asObject();
        for (JsonNode rule : choices) {
            if (paths.choiceMatches(rule, eff, s.context(), vars)) {
                JsonNode assign = rule.has("Assign") ? rule.get("Assign") : s.st.get("Assign");
                return new Outcome(outputPath(s, eff), assignJsonPath(s, assign, eff), rule.get("Next").asText());
            }
        }
        if (s.st.has("Default")) {
            return new Outcome(outputPath(s, eff), assignJsonPath(s, s.st.get("Assign"), eff), s.st.get("Default").asText());
        }
        throw noChoice(s);
    }

    /**
     * The developer guide ("Handling errors in Step Functions workflows") lists States.NoChoiceMatched as reserved
     * for future use: a Choice state that matches nothing and has no Default fails with States.Runtime.
     */
    private AslError noChoice(StateRun s) {
        return new AslError("States.Runtime", "An error occurred while executing the state '" + s.name
                + "'. No Choice rule matched the input and the state has no Default.");
    }

    private Outcome waitState(StateRun s) {
        Instant until;
        JsonNode eff;
        if (s.ql == QueryLanguage.JSONata) {
            eff = s.input;
            JsonataSupport.Env env = s.env(null);
            if (s.st.has("Seconds")) {
                JsonNode sec = s.st.get("Seconds");
                JsonNode v = JsonataSupport.isExpression(sec) ? JsonataSupport.evaluate(sec.textValue(), "Seconds", env) : sec;
                if (!v.isNumber() || v.doubleValue() < 0 || v.doubleValue() != Math.rint(v.doubleValue())) {
                    throw JsonataSupport.fail(env, "Seconds", sec.asText(), "returned a value that is not a non-negative integer.");
                }
                until = s.entered.plusSeconds(v.longValue());
            } else {
                JsonNode ts = s.st.get("Timestamp");
                JsonNode v = JsonataSupport.isExpression(ts) ? JsonataSupport.evaluate(ts.textValue(), "Timestamp", env) : ts;
                Instant parsed = v.isTextual() ? AslTime.parseTimestamp(v.textValue()) : null;
                if (parsed == null) {
                    throw JsonataSupport.fail(env, "Timestamp", ts.asText(), "returned a value that is not a valid timestamp.");
                }
                until = parsed;
            }
        } else {
            eff = inputPath(s);
            if (s.st.has("Seconds")) {
                until = s.entered.plusSeconds(s.st.get("Seconds").longValue());
            } else if (s.st.has("Timestamp")) {
                until = AslTime.parseTimestamp(s.st.get("Timestamp").textValue());
            } else if (s.st.has("SecondsPath")) {
                JsonNode v = readPath(s, eff, s.st.get("SecondsPath").asText(), "SecondsPath");
                if (!v.isIntegralNumber() || v.longValue() < 0) {
                    throw new AslError("States.Runtime", "An error occurred while executing the state '" + s.name
                            + "' (entered at the event id #" + s.enteredId + "). The SecondsPath parameter does not reference a valid integer value: " + v);
                }
                until = s.entered.plusSeconds(v.longValue());
            } else {
                JsonNode v = readPath(s, eff, s.st.get("TimestampPath").asText(), "TimestampPath");
                until = v.isTextual() ? AslTime.parseTimestamp(v.textValue()) : null;
                if (until == null) {
                    throw new AslError("States.Runtime", "An error occurred while executing the state '" + s.name
                            + "' (entered at the event id #" + s.enteredId + "). The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: " + v);
                }
            }
        }
        sleepUntil(until);
        if (s.ql == QueryLanguage.JSONata) {
            JsonataSupport.Env env = s.env(null);
            Map<String, JsonNode> assigned = assignJsonata(s.st.get("Assign"), "Assign", env);
            JsonNode out = s.st.has("Output") ? JsonataSupport.evaluateTemplate(s.st.get("Output"), "Output", env) : s.input;
            return new Outcome(out, assigned, null);
        }
        return new Outcome(outputPath(s, eff), assignJsonPath(s, s.st.get("Assign"), eff), null);
    }

    private void sleepUntil(Instant until) {
        try {
            clock.sleepUntil(until);
        } catch (InterruptedException e) {
            throw new Aborted();
        }
        checkAlive();
    }

    private AslError fail(StateRun s) {
        String error;
        String cause;
        if (s.ql == QueryLanguage.JSONata) {
            JsonataSupport.Env env = s.env(null);
            error = text(s.st.get("Error"), "Error", env);
            cause = text(s.st.get("Cause"), "Cause", env);
        } else {
            error = s.st.has("ErrorPath") ? pathText(s, "ErrorPath") : s.st.path("Error").asText(null);
            cause = s.st.has("CausePath") ? pathText(s, "CausePath") : s.st.path("Cause").asText(null);
        }
        return new AslError(error, cause);
    }

    private String text(JsonNode field, String name, JsonataSupport.Env env) {
        if (field == null) {
            return null;
        }
        if (!JsonataSupport.isExpression(field)) {
            return field.asText();
        }
        JsonNode v = JsonataSupport.evaluate(field.textValue(), name, env);
        if (!v.isTextual()) {
            throw JsonataSupport.fail(env, name, field.textValue(), "returned a value that is not a string.");
        }
        return v.textValue();
    }

    private String pathText(StateRun s, String field) {
        JsonNode v = readPath(s, s.input, s.st.get(field).asText(), field);
        if (!v.isTextual()) {
            throw new AslError("States.Runtime", "An error occurred while executing the state '" + s.name
                    + "' (entered at the event id #" + s.enteredId + "). The " + field + " '" + s.st.get(field).asText()
                    + "' does not reference a string: " + v);
        }
        return v.textValue();
    }

    // ---- Retry and Catch ----

    private Step withErrorHandling(StateRun s) {
        JsonNode retriers = s.st.path("Retry");
        int[] attempts = new int[retriers.size()];
        while (true) {
            try {
                Outcome o = switch (s.type) {
                    case "Task" -> task(s);
                    case "Parallel" -> parallel(s);
                    default -> map(s);
                };
                checkSize(s, o.output());
                return exit(s, o);
            } catch (Aborted e) {
                throw e;
            } catch (AslError e) {
                if (e instanceof JsonataSupport.QueryEvaluationError q) {
                    recordEvaluationFailed(s, q);
                }
                checkAlive();
                int r = matching(retriers, e.error());
                if (r >= 0) {
                    JsonNode retrier = retriers.get(r);
                    int max = retrier.path("MaxAttempts").asInt(3);
                    if (attempts[r] < max) {
                        sleepUntil(clock.now().plus(retryDelay(retrier, attempts[r])));
                        attempts[r]++;
                        s.retryCount++;
                        continue;
                    }
                }
                JsonNode catchers = s.st.path("Catch");
                int c = matching(catchers, e.error());
                if (c < 0) {
                    throw e;
                }
                return exit(s, caught(s, catchers.get(c), c, e));
            }
        }
    }

    /** The delay before retry number {@code attempt} (0-based): IntervalSeconds x BackoffRate^attempt, capped, jittered. */
    static Duration retryDelay(JsonNode retrier, int attempt) {
        double interval = retrier.path("IntervalSeconds").asDouble(1);
        double backoff = retrier.path("BackoffRate").asDouble(2.0);
        double seconds = interval * Math.pow(backoff, attempt);
        if (retrier.has("MaxDelaySeconds")) {
            seconds = Math.min(seconds, retrier.get("MaxDelaySeconds").asDouble());
        }
        if ("FULL".equals(retrier.path("JitterStrategy").asText("NONE"))) {
            seconds = ThreadLocalRandom.current().nextDouble(0, seconds);
        }
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    /** Index of the first retrier/catcher whose ErrorEquals matches, or -1. */
    static int matching(JsonNode rules, String error) {
        for (int i = 0; i < rules.size(); i++) {
            for (JsonNode e : rules.get(i).path("ErrorEquals")) {
                if (errorMatches(e.asText(), error)) {
                    return i;
                }
            }
        }
        return -1;
    }

    /**
     * As the "Handling errors" guide says: States.ALL matches any error but States.Runtime and States.DataLimitExceeded
     * (terminal); States.TaskFailed matches any error except States.Timeout (and those terminal ones); States.Runtime
     * is never retried or caught.
     */
    static boolean errorMatches(String pattern, String error) {
        if ("States.Runtime".equals(error)) {
            return false;
        }
        if (pattern.equals(error)) {
            return true;
        }
        boolean terminal = "States.DataLimitExceeded".equals(error);
        return switch (pattern) {
            case "States.ALL" -> !terminal;
            case "States.TaskFailed" -> !terminal && !"States.Timeout".equals(error);
            default -> false;
        };
    }

    private Outcome caught(StateRun s, JsonNode catcher, int index, AslError e) {
        ObjectNode errorOutput = Json.errorOutput(e.error(), e.cause());
        String next = catcher.get("Next").asText();
        if (s.ql == QueryLanguage.JSONata) {
            JsonataSupport.Env env = s.env(null, errorOutput, null);
            String prefix = "Catch[" + index + "]/";
            Map<String, JsonNode> assigned = assignJsonata(catcher.get("Assign"), prefix + "Assign", env);
            JsonNode out = catcher.has("Output") ? JsonataSupport.evaluateTemplate(catcher.get("Output"), prefix + "Output", env) : errorOutput;
            return new Outcome(out, assigned, next);
        }
        Map<String, JsonNode> assigned = assignJsonPath(s, catcher.get("Assign"), errorOutput);
        JsonNode out = resultPath(s, s.input, errorOutput, catcher.get("ResultPath"));
        return new Outcome(out, assigned, next);
    }

    // ---- Task ----

    private Outcome task(StateRun s) {
        String resource = s.st.get("Resource").asText();
        IntegrationPattern pattern = IntegrationPattern.of(resource);
        s.taskToken = pattern == IntegrationPattern.WAIT_FOR_TASK_TOKEN ? executor.newToken(execution) : null;
        ObjectNode context = s.context();
        JsonNode args;
        Long timeout;
        Long heartbeat;
        JsonNode eff = null;
        if (s.ql == QueryLanguage.JSONata) {
            JsonataSupport.Env env = s.env(null, null, context);
            args = s.st.has("Arguments") ? JsonataSupport.evaluateTemplate(s.st.get("Arguments"), "Arguments", env) : s.input;
            timeout = seconds(s, "TimeoutSeconds", env);
            heartbeat = seconds(s, "HeartbeatSeconds", env);
        } else {
            eff = inputPath(s);
            args = s.st.has("Parameters") ? template(s, s.st.get("Parameters"), eff, context) : eff;
            timeout = s.st.has("TimeoutSecondsPath") ? pathSeconds(s, eff, "TimeoutSecondsPath") : s.st.has("TimeoutSeconds") ? s.st.get("TimeoutSeconds").longValue() : null;
            heartbeat = s.st.has("HeartbeatSecondsPath") ? pathSeconds(s, eff, "HeartbeatSecondsPath") : s.st.has("HeartbeatSeconds") ? s.st.get("HeartbeatSeconds").longValue() : null;
        }
        JsonNode result = invoke(s, resource, pattern, args, context, timeout, heartbeat);
        checkSize(s, result);
        if (s.ql == QueryLanguage.JSONata) {
            JsonataSupport.Env env = s.env(result, null, context);
            Map<String, JsonNode> assigned = assignJsonata(s.st.get("Assign"), "Assign", env);
            JsonNode out = s.st.has("Output") ? JsonataSupport.evaluateTemplate(s.st.get("Output"), "Output", env) : result;
            return new Outcome(out, assigned, null);
        }
        return jsonPathResult(s, result, context);
    }

    /** ResultSelector, Assign (on the selected result), ResultPath, OutputPath. */
    private Outcome jsonPathResult(StateRun s, JsonNode result, ObjectNode context) {
        JsonNode selected = s.st.has("ResultSelector") ? template(s, s.st.get("ResultSelector"), result, context) : result;
        Map<String, JsonNode> assigned = assignJsonPath(s, s.st.get("Assign"), selected);
        JsonNode out = outputPath(s, resultPath(s, s.input, selected, s.st.get("ResultPath")));
        return new Outcome(out, assigned, null);
    }

    private Long seconds(StateRun s, String field, JsonataSupport.Env env) {
        JsonNode v = s.st.get(field);
        if (v == null) {
            return null;
        }
        JsonNode value = JsonataSupport.isExpression(v) ? JsonataSupport.evaluate(v.textValue(), field, env) : v;
        if (!value.isNumber() || value.doubleValue() < 1 || value.doubleValue() != Math.rint(value.doubleValue())) {
            throw JsonataSupport.fail(env, field, v.asText(), "returned a value that is not a positive integer.");
        }
        return value.longValue();
    }

    private Long pathSeconds(StateRun s, JsonNode eff, String field) {
        JsonNode v = readPath(s, eff, s.st.get(field).asText(), field);
        if (!v.isIntegralNumber() || v.longValue() < 1) {
            throw new AslError("States.Runtime", "An error occurred while executing the state '" + s.name
                    + "' (entered at the event id #" + s.enteredId + "). The " + field + " '" + s.st.get(field).asText()
                    + "' does not reference a positive integer: " + v);
        }
        return v.longValue();
    }

    /** Resource type and name as history events show them: {@code lambda} / {@code invoke.waitForTaskToken}. */
    static String[] resourceTypeAndName(String resource) {
        String prefix = resource.startsWith("arn:aws:states:::") ? "arn:aws:states:::" : null;
        if (prefix == null) {
            int idx = resource.indexOf(":states:::");
            if (idx > 0) {
                prefix = resource.substring(0, idx + ":states:::".length());
            }
        }
        if (prefix != null) {
            String rest = resource.substring(prefix.length());
            int colon = rest.indexOf(':');
            if (rest.startsWith("aws-sdk:")) {
                colon = rest.indexOf(':', "aws-sdk:".length());
            }
            if (colon > 0) {
                return new String[]{rest.substring(0, colon), rest.substring(colon + 1)};
            }
            return new String[]{rest, rest};
        }
        String[] parts = resource.split(":");
        return new String[]{parts.length > 2 ? parts[2] : resource, resource};
    }

    private static boolean isBareLambda(String resource) {
        return resource.matches("arn:[^:]+:lambda:[^:]*:[^:]*:function:.+");
    }

    private JsonNode invoke(StateRun s, String resource, IntegrationPattern pattern, JsonNode args, ObjectNode context,
                            Long timeout, Long heartbeat) {
        String[] rt = resourceTypeAndName(resource);
        boolean lambda = isBareLambda(resource);
        if (lambda) {
            emit(s.lane, "LambdaFunctionScheduled", details("lambdaFunctionScheduledEventDetails", "resource", resource,
                    "input", Json.write(args), "inputDetails", AslExecutor.truncatedFalse(), "timeoutInSeconds", timeout));
        } else {
            emit(s.lane, "TaskScheduled", details("taskScheduledEventDetails", "resourceType", rt[0], "resource", rt[1],
                    "region", arns.region(), "parameters", Json.write(args), "timeoutInSeconds", timeout,
                    "heartbeatInSeconds", heartbeat));
        }
        Instant started = clock.now();
        emit(s.lane, lambda ? "LambdaFunctionStarted" : "TaskStarted",
                lambda ? Json.obj() : details("taskStartedEventDetails", "resourceType", rt[0], "resource", rt[1]));
        Instant deadline = timeout == null ? null : started.plusSeconds(timeout);
        AslExecutor.PendingTask pending = s.taskToken == null ? null : executor.pending(s.taskToken);
        try {
            TaskBinding binding = executor.bindings().find(resource).orElse(null);
            if (binding == null) {
                throw unbound(resource, args);
            }
            TaskInvocation invocation = new TaskInvocation(resource, pattern, args.deepCopy(), s.taskToken, context.deepCopy(),
                    s.name, execution.executionArn());
            Future<JsonNode> call = executor.pool().submit(inThread(() -> binding.invoke(invocation)));
            JsonNode returned = await(call, deadline, null, null);
            JsonNode result;
            if (pending != null) {
                emit(s.lane, "TaskSubmitted", details("taskSubmittedEventDetails", "resourceType", rt[0], "resource", rt[1],
                        "output", Json.write(returned == null ? Json.obj() : returned), "outputDetails", AslExecutor.truncatedFalse()));
                result = await(pending.result, deadline, pending, heartbeat);
            } else {
                result = returned == null ? Json.F.nullNode() : returned;
            }
            if (lambda) {
                emit(s.lane, "LambdaFunctionSucceeded", details("lambdaFunctionSucceededEventDetails", "output", Json.write(result),
                        "outputDetails", AslExecutor.truncatedFalse()));
            } else {
                emit(s.lane, "TaskSucceeded", details("taskSucceededEventDetails", "resourceType", rt[0], "resource", rt[1],
                        "output", Json.write(result), "outputDetails", AslExecutor.truncatedFalse()));
            }
            return result;
        } catch (TaskTimeout t) {
            String error = t.heartbeat ? "States.HeartbeatTimeout" : "States.Timeout";
            if (lambda) {
                emit(s.lane, "LambdaFunctionTimedOut", details("lambdaFunctionTimedOutEventDetails", "error", error, "cause", ""));
            } else {
                emit(s.lane, "TaskTimedOut", details("taskTimedOutEventDetails", "resourceType", rt[0], "resource", rt[1],
                        "error", error, "cause", ""));
            }
            throw new AslError(error, "");
        } catch (AslError e) {
            if (lambda) {
                emit(s.lane, "LambdaFunctionFailed", details("lambdaFunctionFailedEventDetails", "error", e.error(), "cause", e.cause()));
            } else {
                emit(s.lane, "TaskFailed", details("taskFailedEventDetails", "resourceType", rt[0], "resource", rt[1],
                        "error", e.error(), "cause", e.cause()));
            }
            throw e;
        } finally {
            if (pending != null) {
                pending.closed = true;
            }
        }
    }

    /**
     * A resource with no local binding fails the task as AWS fails a call to a resource that does not exist. For Lambda
     * (a bare function ARN, or lambda:invoke with a FunctionName) that is Lambda.ResourceNotFoundException with the
     * "Function not found" cause of the Lambda API; for any other resource there is no AWS equivalent (CreateStateMachine
     * accepts only known integrations), so it is States.TaskFailed naming the resource.
     */
    private static AslError unbound(String resource, JsonNode args) {
        String function = null;
        if (isBareLambda(resource)) {
            function = resource;
        } else if (resource.contains(":states:::lambda:invoke")) {
            function = args.path("FunctionName").asText(null);
        }
        if (function != null) {
            String arn = function.startsWith("arn:") ? function : "arn:aws:lambda:us-east-1:123456789012:function:" + function;
            return new AslError("Lambda.ResourceNotFoundException", "Function not found: " + arn
                    + " (Service: AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException; Request ID: "
                    + java.util.UUID.randomUUID() + "; Proxy: null)");
        }
        return new AslError("States.TaskFailed", "No local binding for resource '" + resource + "'");
    }

    private static final class TaskTimeout extends Exception {
        final boolean heartbeat;

        TaskTimeout(boolean heartbeat) {
            super(null, null, false, false);
            this.heartbeat = heartbeat;
        }
    }

    /** Waits for a task; the deadlines are checked against the clock, so a ManualClock makes them fire on advance. */
    private JsonNode await(Future<JsonNode> future, Instant deadline, AslExecutor.PendingTask pending, Long heartbeat) throws TaskTimeout {
        try {
            while (true) {
                try {
                    return future.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    Instant now = clock.now();
                    if (deadline != null && !now.isBefore(deadline)) {
                        future.cancel(true);
                        throw new TaskTimeout(false);
                    }
                    if (pending != null && heartbeat != null && !now.isBefore(pending.lastHeartbeat.plusSeconds(heartbeat))) {
                        future.cancel(true);
                        throw new TaskTimeout(true);
                    }
                    checkAlive();
                }
            }
        } catch (InterruptedException e) {
            future.cancel(true);
            throw new Aborted();
        } catch (CancellationException e) {
            throw new Aborted();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof AslError a) {
                throw a;
            }
            if (cause instanceof Aborted a) {
                throw a;
            }
            String type = cause.getClass().getName();
            ObjectNode lambdaStyle = Json.obj();
            lambdaStyle.put("errorMessage", String.valueOf(cause.getMessage()));
            lambdaStyle.put("errorType", cause.getClass().getSimpleName());
            throw new AslError(type, Json.write(lambdaStyle));
        } catch (Aborted e) {
            future.cancel(true);
            throw e;
        }
    }

    /** Runs work on a pool thread registered with the execution, so that stopping the execution interrupts it. */
    private <T> Callable<T> inThread(Callable<T> work) {
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

    // ---- Parallel ----

    private Outcome parallel(StateRun s) {
        ObjectNode context = s.context();
        JsonNode branchInput;
        JsonNode eff = null;
        if (s.ql == QueryLanguage.JSONata) {
            branchInput = s.st.has("Arguments") ? JsonataSupport.evaluateTemplate(s.st.get("Arguments"), "Arguments", s.env(null, null, context)) : s.input;
        } else {
            eff = inputPath(s);
            branchInput = s.st.has("Parameters") ? template(s, s.st.get("Parameters"), eff, context) : eff;
        }
        JsonNode branches = s.st.get("Branches");
        long startedId = emit(s.lane, "ParallelStateStarted", Json.obj());
        List<Callable<JsonNode>> work = new ArrayList<>();
        for (JsonNode branch : branches) {
            StateMachine.Block block = StateMachine.Block.of(branch, topLanguage);
            Scope scope = new Scope(s.scope);
            work.add(() -> runBlock(block, branchInput.deepCopy(), scope, new Lane(startedId)));
        }
        ArrayNode results = Json.F.arrayNode();
        try {
            List<JsonNode> out = runAll(work, 0, null);
            out.forEach(results::add);
        } catch (AslError e) {
            emit(s.lane, "ParallelStateFailed", Json.obj());
            throw e;
        }
        emit(s.lane, "ParallelStateSucceeded", Json.obj());
        return afterSubWorkflows(s, results, context);
    }

    private Outcome afterSubWorkflows(StateRun s, JsonNode results, ObjectNode context) {
        if (s.ql == QueryLanguage.JSONata) {
            JsonataSupport.Env env = s.env(results, null, context);
            Map<String, JsonNode> assigned = assignJsonata(s.st.get("Assign"), "Assign", env);
            JsonNode out = s.st.has("Output") ? JsonataSupport.evaluateTemplate(s.st.get("Output"), "Output", env) : results;
            return new Outcome(out, assigned, null);
        }
        return jsonPathResult(s, results, context);
    }

    /** What a Map iteration reports back. */
    interface FailureSink {
        /** Returns true if the failure is tolerated. */
        boolean onFailure(int index, AslError error);
    }

    /**
     * Runs the work items on pool threads, at most {@code maxConcurrency} at a time (0 = all), and returns the results in
     * order. The first untolerated failure cancels the rest and is thrown.
     */
    private List<JsonNode> runAll(List<Callable<JsonNode>> work, int maxConcurrency, FailureSink sink) {
        int n = work.size();
        JsonNode[] results = new JsonNode[n];
        Semaphore permits = new Semaphore(maxConcurrency <= 0 ? Math.max(1, n) : maxConcurrency);
        CompletionService<Integer> done = new ExecutorCompletionService<>(executor.pool());
        List<Future<Integer>> futures = new ArrayList<>();
        AslError[] failure = new AslError[1];
        int submitted = 0;
        int finished = 0;
        try {
            while (finished < n) {
                while (submitted < n && failure[0] == null && permits.tryAcquire()) {
                    int index = submitted++;
                    futures.add(done.submit(inThread(() -> {
                        try {
                            results[index] = work.get(index).call();
                        } catch (AslError e) {
                            if (sink != null && sink.onFailure(index, e)) {
                                results[index] = Json.errorOutput(e.error(), e.cause());
                            } else {
                                throw e;
                            }
                        } finally {
                            permits.release();
                        }
                        return index;
                    })));
                }
                Future<Integer> f = done.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                checkAlive();
                if (f == null) {
                    continue;
                }
                finished++;
                try {
                    f.get();
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof AslError a) {
                        failure[0] = a;
                        break;
                    }
                    if (cause instanceof Aborted) {
                        throw new Aborted();
                    }
                    throw new AslError("States.Runtime", "Internal error in the local runtime: " + cause);
                }
            }
        } catch (InterruptedException e) {
            failure[0] = null;
            futures.forEach(f -> f.cancel(true));
            throw new Aborted();
        } catch (Aborted e) {
            futures.forEach(f -> f.cancel(true));
            throw e;
        }
        if (failure[0] != null) {
            futures.forEach(f -> f.cancel(true));
            throw failure[0];
        }
        List<JsonNode> out = new ArrayList<>(n);
        for (JsonNode r : results) {
            out.add(r);
        }
        return out;
    }

    // ---- Map ----

    private Outcome map(StateRun s) {
        ObjectNode context = s.context();
        JsonNode items;
        JsonNode eff = s.input;
        JsonataSupport.Env env = s.ql == QueryLanguage.JSONata ? s.env(null, null, context) : null;
        int maxConcurrency;
        Double toleratedPct = null;
        Long toleratedCount = null;
        if (s.ql == QueryLanguage.JSONata) {
            JsonNode itemsField = s.st.get("Items");
            items = itemsField == null ? s.input : JsonataSupport.evaluateTemplate(itemsField, "Items", env);
            maxConcurrency = (int) number(s, "MaxConcurrency", env, 0);
            if (s.st.has("ToleratedFailurePercentage")) {
                toleratedPct = number(s, "ToleratedFailurePercentage", env, 0);
            }
            if (s.st.has("ToleratedFailureCount")) {
                toleratedCount = (long) number(s, "ToleratedFailureCount", env, 0);
            }
        } else {
            eff = inputPath(s);
            items = s.st.has("ItemsPath") ? readPath(s, eff, s.st.get("ItemsPath").asText(), "ItemsPath") : eff;
            maxConcurrency = s.st.has("MaxConcurrencyPath") ? pathSeconds(s, eff, "MaxConcurrencyPath").intValue() : s.st.path("MaxConcurrency").asInt(0);
            if (s.st.has("ToleratedFailurePercentage")) {
                toleratedPct = s.st.get("ToleratedFailurePercentage").asDouble();
            }
            if (s.st.has("ToleratedFailureCount")) {
                toleratedCount = s.st.get("ToleratedFailureCount").asLong();
            }
        }
        if (!items.isArray()) {
            if (s.ql == QueryLanguage.JSONata) {
                throw JsonataSupport.fail(env, "Items", s.st.path("Items").asText("$states.input"), "returned a value that is not a JSON array.");
            }
            throw new AslError("States.Runtime", "An error occurred while executing the state '" + s.name + "' (entered at the event id #"
                    + s.enteredId + "). Invalid path '" + s.st.path("ItemsPath").asText("$") + "': The Map state's ItemsPath must point to a JSON array");
        }
        JsonNode processor = s.st.has("ItemProcessor") ? s.st.get("ItemProcessor") : s.st.get("Iterator");
        StateMachine.Block block = StateMachine.Block.of(processor, topLanguage);
        JsonNode selector = s.st.has("ItemSelector") ? s.st.get("ItemSelector") : s.st.get("Parameters");
        long startedId = emit(s.lane, "MapStateStarted", details("mapStateStartedEventDetails", "length", items.size()));
        JsonNode finalEff = eff;
        List<Callable<JsonNode>> work = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            int index = i;
            JsonNode item = items.get(i);
            work.add(() -> {
                Lane lane = new Lane(startedId);
                emit(lane, "MapIterationStarted", details("mapIterationStartedEventDetails", "name", s.name, "index", index));
                try {
                    JsonNode itemInput = item;
                    if (selector != null) {
                        ObjectNode ctx = context.deepCopy();
                        ObjectNode mapItem = ctx.putObject("Map").putObject("Item");
                        mapItem.put("Index", index);
                        mapItem.set("Value", item);
                        // Where the item came from: STATE_DATA for items taken from the state's input, the only
                        // source this runtime reads (no ItemReader), as the Context object page documents.
                        mapItem.put("Source", "STATE_DATA");
                        if (s.ql == QueryLanguage.JSONata) {
                            itemInput = JsonataSupport.evaluateTemplate(selector, "ItemSelector", s.env(null, null, ctx));
                        } else {
                            itemInput = template(s, selector, finalEff, ctx);
                        }
                    }
                    JsonNode out = runBlock(block, itemInput, new Scope(s.scope), lane);
                    emit(lane, "MapIterationSucceeded", details("mapIterationSucceededEventDetails", "name", s.name, "index", index));
                    return out;
                } catch (AslError e) {
                    if (execution.status() == ExecutionStatus.RUNNING) {
                        emit(lane, "MapIterationFailed", details("mapIterationFailedEventDetails", "name", s.name, "index", index));
                    }
                    throw e;
                }
            });
        }
        int total = items.size();
        Double pct = toleratedPct;
        Long cnt = toleratedCount;
        FailureSink sink = pct == null && cnt == null ? null : new FailureSink() {
            int failures;

            @Override
            public synchronized boolean onFailure(int index, AslError error) {
                failures++;
                boolean overCount = cnt != null && failures > cnt;
                boolean overPct = pct != null && failures * 100.0 / total > pct;
                boolean exceeded = cnt != null && pct != null ? overCount && overPct : overCount || overPct;
                if (exceeded) {
                    throw new AslError("States.ExceedToleratedFailureThreshold",
                            "The specified tolerated failure threshold was exceeded");
                }
                return true;
            }
        };
        ArrayNode results = Json.F.arrayNode();
        try {
            runAll(work, maxConcurrency, sink).forEach(results::add);
        } catch (AslError e) {
            emit(s.lane, "MapStateFailed", Json.obj());
            throw e;
        }
        emit(s.lane, "MapStateSucceeded", Json.obj());
        return afterSubWorkflows(s, results, context);
    }

    private double number(StateRun s, String field, JsonataSupport.Env env, double dflt) {
        JsonNode v = s.st.get(field);
        if (v == null) {
            return dflt;
        }
        JsonNode value = JsonataSupport.isExpression(v) ? JsonataSupport.evaluate(v.textValue(), field, env) : v;
        if (!value.isNumber() || value.doubleValue() < 0) {
            throw JsonataSupport.fail(env, field, v.asText(), "returned a value that is not a non-negative number.");
        }
        return value.doubleValue();
    }

}
