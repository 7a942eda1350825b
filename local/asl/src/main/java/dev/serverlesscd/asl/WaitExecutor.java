package dev.serverlesscd.asl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.serverlesscd.asl.json.Json;

import java.time.Instant;
import java.util.Map;

/** Wait: until Seconds after entering, or until a Timestamp (from the definition, a path or a JSONata expression). */
final class WaitExecutor implements StateExecutor<State.Wait> {
    @Override
    public Outcome execute(State.Wait wait, StateRun r) {
        if (r.jsonata()) {
            r.runner.sleepUntil(jsonataUntil(wait, r, r.env(null)));
            return DataFlow.jsonataResult(r, r.env(null), r.input);
        }
        JsonNode effective = DataFlow.inputPath(r);
        r.runner.sleepUntil(jsonPathUntil(wait, r, effective));
        return new Outcome(DataFlow.outputPath(r, effective),
                DataFlow.assignJsonPath(r, wait.common().assign(), effective, null));
    }

    private static Instant jsonataUntil(State.Wait wait, StateRun r, JsonataSupport.Env env) {
        if (wait.seconds() != null) {
            JsonNode v = DataFlow.value(wait.seconds(), "Seconds", env);
            if (!v.isNumber() || v.doubleValue() < 0 || v.doubleValue() != Math.rint(v.doubleValue())) {
                throw JsonataSupport.fail(env, "Seconds", wait.seconds().asText(),
                        "returned a value that is not a non-negative integer.");
            }
            return r.entered.plusSeconds(v.longValue());
        }
        JsonNode v = DataFlow.value(wait.timestamp(), "Timestamp", env);
        Instant parsed = v.isTextual() ? AslTime.parseWaitTimestamp(v.textValue()) : null;
        if (parsed == null) {
            throw new AslError("States.Runtime", "The Timestamp parameter does not reference a valid ISO-8601"
                    + " extended offset date-time format string: " + wait.timestamp().asText() + " == " + text(v));
        }
        return parsed;
    }

    /** The value at a SecondsPath/TimestampPath; AWS's cause when the path selects nothing. */
    private static JsonNode input(StateRun r, JsonNode effective, String path, String field) {
        try {
            return DataFlow.readPath(r, effective, path);
        } catch (AslError e) {
            throw new AslError("States.Runtime", "The " + field + " parameter does not reference an input value: " + path);
        }
    }

    /** A value as AWS quotes it in a cause: a string as itself, anything else as JSON. */
    static String text(JsonNode v) {
        return v.isTextual() ? v.textValue() : Json.write(v);
    }

    private static Instant jsonPathUntil(State.Wait wait, StateRun r, JsonNode effective) {
        if (wait.seconds() != null) {
            return r.entered.plusSeconds(wait.seconds().longValue());
        }
        if (wait.timestamp() != null) {
            return AslTime.parseTimestamp(wait.timestamp().textValue());
        }
        if (wait.secondsPath() != null) {
            JsonNode v = input(r, effective, wait.secondsPath(), "SecondsPath");
            String assignment = wait.secondsPath() + " == " + text(v);
            if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                throw new AslError("States.Runtime", "The SecondsPath parameter cannot be parsed as a long value: "
                        + assignment);
            }
            if (v.longValue() < 0) {
                throw new AslError("States.Runtime", "The SecondsPath parameter references a negative value: "
                        + assignment);
            }
            return r.entered.plusSeconds(v.longValue());
        }
        JsonNode v = input(r, effective, wait.timestampPath(), "TimestampPath");
        Instant until = v.isTextual() ? AslTime.parseTimestamp(v.textValue()) : null;
        if (until == null) {
            throw new AslError("States.Runtime", "The TimestampPath parameter does not reference a valid ISO-8601"
                    + " extended offset date-time format string: " + wait.timestampPath() + " == " + text(v));
        }
        return until;
    }
}
