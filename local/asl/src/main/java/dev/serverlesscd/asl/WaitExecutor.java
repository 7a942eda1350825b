package dev.serverlesscd.asl;

import com.fasterxml.jackson.databind.JsonNode;

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
        Instant parsed = v.isTextual() ? AslTime.parseTimestamp(v.textValue()) : null;
        if (parsed == null) {
            throw JsonataSupport.fail(env, "Timestamp", wait.timestamp().asText(),
                    "returned a value that is not a valid timestamp.");
        }
        return parsed;
    }

    private static Instant jsonPathUntil(State.Wait wait, StateRun r, JsonNode effective) {
        if (wait.seconds() != null) {
            return r.entered.plusSeconds(wait.seconds().longValue());
        }
        if (wait.timestamp() != null) {
            return AslTime.parseTimestamp(wait.timestamp().textValue());
        }
        if (wait.secondsPath() != null) {
            JsonNode v = DataFlow.readPath(r, effective, wait.secondsPath());
            if (!v.isIntegralNumber() || v.longValue() < 0) {
                throw r.runtimeError("The SecondsPath parameter does not reference a valid integer value: " + v);
            }
            return r.entered.plusSeconds(v.longValue());
        }
        JsonNode v = DataFlow.readPath(r, effective, wait.timestampPath());
        Instant until = v.isTextual() ? AslTime.parseTimestamp(v.textValue()) : null;
        if (until == null) {
            throw r.runtimeError("The TimestampPath parameter does not reference a valid ISO-8601 extended offset"
                    + " date-time format string: " + v);
        }
        return until;
    }
}
