package dev.serverlesscd.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.serverlesscd.asl.json.Json;

/**
 * What a Map state evaluates before its iterations: the items, the effective input ItemSelector reads, MaxConcurrency
 * and the tolerated failures.
 */
record MapLimits(JsonNode items, JsonNode effectiveInput, int maxConcurrency, Long toleratedCount,
                 Double toleratedPercentage) {

    static MapLimits of(State.MapState map, StateRun s, ObjectNode context) {
        if (s.jsonata()) {
            JsonataSupport.Env env = s.env(null, null, context);
            JsonNode items = map.items() == null ? s.input : JsonataSupport.evaluateTemplate(map.items(), "Items", env);
            if (!items.isArray()) {
                throw JsonataSupport.fail(env, "Items", map.items() == null ? "$states.input" : map.items().asText(),
                        "returned an unexpected result type. Expected 'array', but was '" + Json.typeName(items)
                                + "' for value: " + Json.write(items));
            }
            int max = (int) number(map.maxConcurrency(), "MaxConcurrency", env, 0);
            Double pct = map.toleratedFailurePercentage() == null ? null
                    : number(map.toleratedFailurePercentage(), "ToleratedFailurePercentage", env, 0);
            Long count = map.toleratedFailureCount() == null ? null
                    : (long) number(map.toleratedFailureCount(), "ToleratedFailureCount", env, 0);
            return new MapLimits(items, s.input, max, count, pct);
        }
        JsonNode effective = DataFlow.inputPath(s);
        String itemsPath = map.itemsPath() == null ? "$" : map.itemsPath();
        JsonNode items = DataFlow.readPath(s, effective, itemsPath);
        if (!items.isArray()) {
            throw s.runtimeError("Invalid path '" + itemsPath + "': The Map state's ItemsPath must point to a JSON array");
        }
        int max = map.maxConcurrencyPath() != null ? maxConcurrency(s, effective, map.maxConcurrencyPath())
                : map.maxConcurrency() == null ? 0 : map.maxConcurrency().asInt(0);
        Double pct = map.toleratedFailurePercentagePath() != null
                ? Double.valueOf(percentage(s, effective, map.toleratedFailurePercentagePath()))
                : map.toleratedFailurePercentage() == null ? null : map.toleratedFailurePercentage().asDouble();
        Long count = map.toleratedFailureCountPath() != null
                ? Long.valueOf(count(s, effective, map.toleratedFailureCountPath()))
                : map.toleratedFailureCount() == null ? null : map.toleratedFailureCount().asLong();
        return new MapLimits(items, effective, max, count, pct);
    }

    /** Counts failures against the tolerated count and percentage; null when every failure fails the Map. */
    Branches.FailureSink failureSink(int total) {
        if (toleratedCount == null && toleratedPercentage == null) {
            return null;
        }
        return new Branches.FailureSink() {
            private int failures;

            @Override
            public synchronized boolean onFailure(int index, AslError error) {
                failures++;
                boolean overCount = toleratedCount != null && failures > toleratedCount;
                boolean overPct = toleratedPercentage != null && failures * 100.0 / total > toleratedPercentage;
                boolean exceeded = toleratedCount != null && toleratedPercentage != null ? overCount && overPct
                        : overCount || overPct;
                if (exceeded) {
                    throw new AslError("States.ExceedToleratedFailureThreshold",
                            "The specified tolerated failure threshold was exceeded");
                }
                return true;
            }
        };
    }

    /** MaxConcurrencyPath: a whole number (or a number or string AWS converts to one), 0 meaning no limit. */
    private static int maxConcurrency(StateRun s, JsonNode effective, String path) {
        JsonNode v = DataFlow.readPath(s, effective, path);
        Long n = v.isNumber() && v.canConvertToLong() ? Long.valueOf(v.longValue()) : whole(v);
        if (n == null || n > Integer.MAX_VALUE) {
            throw new AslError("States.Runtime", "The MaxConcurrencyPath field refers to value \""
                    + WaitExecutor.text(v) + "\" which is not a valid integer: " + path);
        }
        if (n < 0) {
            throw new AslError("States.Runtime", "Expected non-negative integer for MaxConcurrency, got '" + n
                    + "' instead.");
        }
        return n.intValue();
    }

    /** A whole number from a path value: an integral number, or a string holding one (AWS converts those). */
    private static Long whole(JsonNode v) {
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.longValue();
        }
        if (v.isTextual()) {
            try {
                return Long.parseLong(v.textValue().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static long count(StateRun s, JsonNode effective, String path) {
        JsonNode v = DataFlow.readPath(s, effective, path);
        Long n = whole(v);
        if (n == null) {
            throw new AslError("States.Runtime", "The ToleratedFailureCountPath field refers to value \""
                    + WaitExecutor.text(v) + "\" which is not a valid integer: " + path);
        }
        if (n < 0) {
            throw new AslError("States.Runtime", "ToleratedFailureCount cannot be negative.");
        }
        return n;
    }

    private static double percentage(StateRun s, JsonNode effective, String path) {
        JsonNode v = DataFlow.readPath(s, effective, path);
        Double pct = v.isNumber() ? Double.valueOf(v.doubleValue()) : null;
        if (pct == null && whole(v) != null) {
            pct = whole(v).doubleValue();
        }
        if (pct == null) {
            throw new AslError("States.Runtime", "The ToleratedFailurePercentagePath field refers to value \""
                    + WaitExecutor.text(v) + "\" which is not a valid float: " + path);
        }
        if (pct < 0 || pct > 100) {
            throw new AslError("States.Runtime", "ToleratedFailurePercentage must be between 0 and 100.");
        }
        return pct;
    }

    private static double number(JsonNode v, String field, JsonataSupport.Env env, double dflt) {
        if (v == null) {
            return dflt;
        }
        JsonNode value = DataFlow.value(v, field, env);
        if (!value.isNumber() || value.doubleValue() < 0) {
            throw JsonataSupport.fail(env, field, v.asText(), "returned a value that is not a non-negative number.");
        }
        return value.doubleValue();
    }
}
