package dev.serverlesscd.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

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
                        "returned a value that is not a JSON array.");
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
        int max = map.maxConcurrencyPath() != null ? positive(s, effective, map.maxConcurrencyPath(), "MaxConcurrencyPath")
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

    private static int positive(StateRun s, JsonNode effective, String path, String field) {
        JsonNode v = DataFlow.readPath(s, effective, path);
        if (!v.isIntegralNumber() || v.longValue() < 1) {
            throw s.runtimeError("The " + field + " '" + path + "' does not reference a positive integer: " + v);
        }
        return v.intValue();
    }

    private static long count(StateRun s, JsonNode effective, String path) {
        JsonNode v = DataFlow.readPath(s, effective, path);
        if (!v.isIntegralNumber() || v.longValue() < 0) {
            throw s.runtimeError("The ToleratedFailureCountPath '" + path
                    + "' does not reference a non-negative integer: " + v);
        }
        return v.longValue();
    }

    private static double percentage(StateRun s, JsonNode effective, String path) {
        JsonNode v = DataFlow.readPath(s, effective, path);
        if (!v.isNumber() || v.doubleValue() < 0 || v.doubleValue() > 100) {
            throw s.runtimeError("The ToleratedFailurePercentagePath '" + path
                    + "' does not reference a number between 0 and 100: " + v);
        }
        return v.doubleValue();
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
