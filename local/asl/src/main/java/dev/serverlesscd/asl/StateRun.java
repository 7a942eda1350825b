package dev.serverlesscd.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.serverlesscd.asl.json.Json;

import java.time.Instant;

/** One run of one state: what it was given, where its events go, and its context object. */
final class StateRun {
    final Runner runner;
    final State state;
    final JsonNode input;
    final Scope scope;
    final Runner.Lane lane;
    final Instant entered;
    final long enteredId;
    int retryCount;
    String taskToken;

    StateRun(Runner runner, State state, JsonNode input, Scope scope, Runner.Lane lane, Instant entered, long enteredId) {
        this.runner = runner;
        this.state = state;
        this.input = input;
        this.scope = scope;
        this.lane = lane;
        this.entered = entered;
        this.enteredId = enteredId;
    }

    String name() {
        return state.name();
    }

    boolean jsonata() {
        return state.jsonata();
    }

    /** The context object as the "Accessing the Context object" page documents it; a fresh node each time. */
    ObjectNode context() {
        ObjectNode c = Json.obj();
        c.set("Execution", runner.executionContext());
        ObjectNode st = c.putObject("State");
        st.put("EnteredTime", AslTime.format(entered));
        st.put("Name", state.name());
        st.put("RetryCount", retryCount);
        c.set("StateMachine", runner.stateMachineContext());
        if (taskToken != null) {
            c.putObject("Task").put("Token", taskToken);
        }
        return c;
    }

    /** The JSONata bindings: {@code $states.input/result/errorOutput/context} and the visible variables. */
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
        return new JsonataSupport.Env(state.name(), enteredId, states, scope.visible());
    }

    JsonataSupport.Env env(JsonNode result) {
        return env(result, null, null);
    }

    /** AWS's prefix of a run-time error's cause. */
    String where() {
        return "An error occurred while executing the state '" + state.name() + "' (entered at the event id #"
                + enteredId + ").";
    }

    AslError runtimeError(String message) {
        return new AslError("States.Runtime", where() + " " + message);
    }
}
