package dev.serverlesscd.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.serverlesscd.asl.jsonpath.ChoiceRules;
import dev.serverlesscd.asl.jsonpath.JsonPaths;
import dev.serverlesscd.asl.jsonpath.PayloadTemplates;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** What CreateStateMachine checks, as a list of problems naming the state and the field. */
final class Validator {
    private static final Set<String> COMMON = Set.of("Type", "Comment", "QueryLanguage");
    private static final Set<String> JSONPATH_ONLY = Set.of("InputPath", "OutputPath", "Parameters", "ResultSelector",
            "ResultPath", "ItemsPath", "Result", "SecondsPath", "TimestampPath", "ErrorPath", "CausePath",
            "TimeoutSecondsPath", "HeartbeatSecondsPath", "MaxConcurrencyPath", "ToleratedFailurePercentagePath",
            "ToleratedFailureCountPath");
    private static final Set<String> JSONATA_ONLY = Set.of("Arguments", "Output", "Items");
    private static final Map<String, Set<String>> FIELDS = Map.of(
            "Pass", Set.of("Next", "End", "InputPath", "OutputPath", "Parameters", "ResultPath", "Result", "Assign", "Output"),
            "Task", Set.of("Next", "End", "Resource", "InputPath", "OutputPath", "Parameters", "ResultSelector", "ResultPath",
                    "Retry", "Catch", "TimeoutSeconds", "TimeoutSecondsPath", "HeartbeatSeconds", "HeartbeatSecondsPath",
                    "Credentials", "Arguments", "Output", "Assign"),
            "Choice", Set.of("Choices", "Default", "InputPath", "OutputPath", "Assign", "Output"),
            "Wait", Set.of("Next", "End", "Seconds", "Timestamp", "SecondsPath", "TimestampPath", "InputPath", "OutputPath",
                    "Assign", "Output"),
            "Succeed", Set.of("InputPath", "OutputPath", "Output"),
            "Fail", Set.of("Error", "Cause", "ErrorPath", "CausePath"),
            "Parallel", Set.of("Next", "End", "Branches", "InputPath", "OutputPath", "Parameters", "ResultSelector",
                    "ResultPath", "Retry", "Catch", "Arguments", "Output", "Assign"),
            "Map", Set.of("Next", "End", "ItemProcessor", "Iterator", "ItemsPath", "Items", "ItemSelector", "Parameters",
                    "MaxConcurrency", "MaxConcurrencyPath", "ToleratedFailurePercentage", "ToleratedFailurePercentagePath",
                    "ToleratedFailureCount", "ToleratedFailureCountPath", "ItemReader", "ItemBatcher", "ResultWriter", "Label",
                    "InputPath", "OutputPath", "ResultSelector", "ResultPath", "Retry", "Catch", "Output", "Assign"));
    private static final Set<String> TERMINAL = Set.of("Choice", "Succeed", "Fail");
    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Set<String> STANDARD_ERRORS = Set.of("States.ALL", "States.DataLimitExceeded",
            "States.ExceedToleratedFailureThreshold", "States.HeartbeatTimeout", "States.IntrinsicFailure",
            "States.ItemReaderFailed", "States.NoChoiceMatched", "States.ParameterPathFailure", "States.Permissions",
            "States.ResultPathMatchFailure", "States.ResultWriterFailed", "States.Runtime", "States.TaskFailed",
            "States.Timeout", "States.QueryEvaluationError", "States.BranchFailed");

    private final List<String> problems = new ArrayList<>();

    private Validator() {
    }

    static List<String> validate(ObjectNode definition) {
        Validator v = new Validator();
        QueryLanguage top = QueryLanguage.JSONPath;
        JsonNode ql = definition.get("QueryLanguage");
        if (ql != null) {
            try {
                top = QueryLanguage.parse(ql.asText());
            } catch (IllegalArgumentException e) {
                v.problems.add("Top-level field 'QueryLanguage': " + e.getMessage());
            }
        }
        JsonNode timeout = definition.get("TimeoutSeconds");
        if (timeout != null && (!timeout.canConvertToLong() || !timeout.isIntegralNumber() || timeout.longValue() < 1
                || timeout.longValue() > 99999999)) {
            v.problems.add("Top-level field 'TimeoutSeconds' must be an integer between 1 and 99999999");
        }
        for (Iterator<String> it = definition.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!Set.of("StartAt", "States", "Comment", "Version", "TimeoutSeconds", "QueryLanguage").contains(f)) {
                v.problems.add("Top-level field '" + f + "' is not supported by Step Functions");
            }
        }
        v.block(definition, top, top, "");
        return v.problems;
    }

    private void block(JsonNode block, QueryLanguage inherited, QueryLanguage topLevel, String where) {
        String prefix = where.isEmpty() ? "" : where + ": ";
        JsonNode states = block.get("States");
        JsonNode startAt = block.get("StartAt");
        if (states == null || !states.isObject() || states.isEmpty()) {
            problems.add(prefix + "field 'States' is missing or empty");
            return;
        }
        if (startAt == null || !startAt.isTextual()) {
            problems.add(prefix + "field 'StartAt' is missing");
        } else if (!states.has(startAt.textValue())) {
            problems.add(prefix + "field 'StartAt' refers to missing state '" + startAt.textValue() + "'");
        }
        states.fields().forEachRemaining(e -> {
            if (!e.getValue().isObject()) {
                problems.add("State '" + e.getKey() + "' must be a JSON object");
            } else {
                state(e.getKey(), (ObjectNode) e.getValue(), states, inherited, topLevel);
            }
        });
        if (startAt != null && states.has(startAt.asText())) {
            Set<String> reached = new HashSet<>();
            Deque<String> todo = new ArrayDeque<>(List.of(startAt.asText()));
            while (!todo.isEmpty()) {
                String name = todo.pop();
                if (!reached.add(name) || !states.has(name)) {
                    continue;
                }
                todo.addAll(transitions(states.get(name)));
            }
            states.fieldNames().forEachRemaining(name -> {
                if (!reached.contains(name)) {
                    problems.add("State '" + name + "' is not reachable from StartAt '" + startAt.asText() + "'");
                }
            });
        }
    }

    private static Set<String> transitions(JsonNode state) {
        Set<String> next = new LinkedHashSet<>();
        addText(next, state.get("Next"));
        addText(next, state.get("Default"));
        for (String list : List.of("Choices", "Catch")) {
            JsonNode arr = state.get(list);
            if (arr != null && arr.isArray()) {
                arr.forEach(r -> addText(next, r.get("Next")));
            }
        }
        return next;
    }

    private static void addText(Set<String> set, JsonNode n) {
        if (n != null && n.isTextual()) {
            set.add(n.textValue());
        }
    }

    private void state(String name, ObjectNode state, JsonNode siblings, QueryLanguage inherited, QueryLanguage topLevel) {
        String where = "State '" + name + "'";
        if (name.length() > 80) {
            problems.add(where + ": the state name is longer than 80 characters");
        }
        JsonNode typeNode = state.get("Type");
        if (typeNode == null) {
            problems.add(where + ": field 'Type' is missing");
            return;
        }
        String type = typeNode.asText();
        Set<String> allowed = FIELDS.get(type);
        if (allowed == null) {
            problems.add(where + ": field 'Type' has unknown state type '" + type + "'");
            return;
        }
        QueryLanguage ql = inherited;
        JsonNode qlNode = state.get("QueryLanguage");
        if (qlNode != null) {
            try {
                ql = QueryLanguage.parse(qlNode.asText());
                if (topLevel == QueryLanguage.JSONata && ql == QueryLanguage.JSONPath) {
                    problems.add(where + ": field 'QueryLanguage' cannot be 'JSONPath' when the state machine's QueryLanguage is 'JSONata'");
                }
            } catch (IllegalArgumentException e) {
                problems.add(where + ": field 'QueryLanguage': " + e.getMessage());
            }
        }
        for (Iterator<String> it = state.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (COMMON.contains(f)) {
                continue;
            }
            if (!allowed.contains(f)) {
                if (Set.of("Retry", "Catch").contains(f)) {
                    problems.add(where + ": field '" + f + "' is not supported by a " + type + " state (only Task, Parallel and Map)");
                } else {
                    problems.add(where + ": field '" + f + "' is not supported by a " + type + " state");
                }
            } else if (ql == QueryLanguage.JSONata && JSONPATH_ONLY.contains(f)) {
                problems.add(where + ": field '" + f + "' is not supported when QueryLanguage is JSONata");
            } else if (ql == QueryLanguage.JSONPath && JSONATA_ONLY.contains(f)) {
                problems.add(where + ": field '" + f + "' is not supported when QueryLanguage is JSONPath");
            }
        }
        // transitions
        boolean hasNext = state.has("Next");
        boolean end = state.path("End").asBoolean(false);
        if (state.has("End") && !state.get("End").isBoolean()) {
            problems.add(where + ": field 'End' must be a boolean");
        }
        if (TERMINAL.contains(type)) {
            if (hasNext) {
                problems.add(where + ": field 'Next' is not supported by a " + type + " state");
            }
            if (state.has("End")) {
                problems.add(where + ": field 'End' is not supported by a " + type + " state");
            }
        } else if (hasNext && end) {
            problems.add(where + ": fields 'Next' and 'End' cannot both be set");
        } else if (!hasNext && !end) {
            problems.add(where + ": field 'Next' or 'End' is required");
        }
        nextRef(where, "Next", state.get("Next"), siblings);

        if (ql == QueryLanguage.JSONPath) {
            // "Passing data between states with variables": a JSONPath field that reads data may read a variable
            // ($name, $name.field); ResultPath writes into the state output and never names a variable. ErrorPath and
            // CausePath may also read the context object ($$.State.Name).
            path(where, "InputPath", state.get("InputPath"), true, false);
            path(where, "OutputPath", state.get("OutputPath"), true, false);
            path(where, "ResultPath", state.get("ResultPath"), true, true);
            path(where, "ItemsPath", state.get("ItemsPath"), false, true);
            for (String f : List.of("SecondsPath", "TimestampPath", "ErrorPath", "CausePath", "TimeoutSecondsPath",
                    "HeartbeatSecondsPath", "MaxConcurrencyPath", "ToleratedFailurePercentagePath", "ToleratedFailureCountPath")) {
                path(where, f, state.get(f), false, true);
            }
            for (String f : List.of("Parameters", "ResultSelector", "ItemSelector")) {
                template(where, f, state.get(f));
            }
            assign(where, "Assign", state.get("Assign"), ql);
        } else {
            for (String f : List.of("Arguments", "Output", "Items", "ItemSelector", "Seconds", "Timestamp", "Error", "Cause",
                    "TimeoutSeconds", "HeartbeatSeconds", "MaxConcurrency", "ToleratedFailurePercentage", "ToleratedFailureCount")) {
                JsonataSupport.validate(state.get(f), where, f, problems);
            }
            assign(where, "Assign", state.get("Assign"), ql);
        }

        switch (type) {
            case "Task" -> task(where, state, ql);
            case "Choice" -> choice(where, state, siblings, ql);
            case "Wait" -> waitState(where, state, ql);
            case "Fail" -> fail(where, state);
            case "Parallel" -> parallel(where, state, ql, topLevel);
            case "Map" -> map(where, state, ql, topLevel);
            default -> {
            }
        }
        if (allowed.contains("Retry")) {
            retry(where, state.get("Retry"));
            catchers(where, state.get("Catch"), siblings, ql);
        }
    }

    private void nextRef(String where, String field, JsonNode next, JsonNode siblings) {
        if (next == null) {
            return;
        }
        if (!next.isTextual()) {
            problems.add(where + ": field '" + field + "' must be a state name");
        } else if (!siblings.has(next.textValue())) {
            problems.add(where + ": field '" + field + "' refers to missing state '" + next.textValue() + "'");
        }
    }

    private void path(String where, String field, JsonNode value, boolean nullable, boolean reference) {
        if (value == null) {
            return;
        }
        if (value.isNull()) {
            if (!nullable) {
                problems.add(where + ": field '" + field + "' cannot be null");
            }
            return;
        }
        if (!value.isTextual()) {
            problems.add(where + ": field '" + field + "' must be a JSONPath string");
            return;
        }
        String text = value.textValue();
        boolean readsData = !field.equals("ResultPath") && !field.endsWith("/ResultPath");
        boolean readsContext = field.equals("ErrorPath") || field.equals("CausePath");
        try {
            String[] variable = JsonPaths.splitVariable(text);
            if (variable != null && readsData) {
                String rest = "$" + variable[1];
                if (reference) {
                    JsonPaths.validateReferencePath(rest);
                } else {
                    JsonPaths.validatePath(rest);
                }
            } else if (text.startsWith("$$") && readsContext) {
                JsonPaths.validateReferencePath(text.substring(1));
            } else if (reference) {
                JsonPaths.validateReferencePath(text);
            } else {
                JsonPaths.validatePath(text);
            }
        } catch (IllegalArgumentException e) {
            problems.add(where + ": field '" + field + "' has an invalid JSONPath '" + text + "': " + e.getMessage());
        }
    }

    private void template(String where, String field, JsonNode value) {
        if (value == null) {
            return;
        }
        for (String p : PayloadTemplates.validate(value)) {
            problems.add(where + ": field '" + field + "': " + p);
        }
    }

    private void assign(String where, String field, JsonNode value, QueryLanguage ql) {
        if (value == null) {
            return;
        }
        if (ql == QueryLanguage.JSONata && JsonataSupport.isExpression(value)) {
            JsonataSupport.validate(value, where, field, problems);
            return;
        }
        if (!value.isObject()) {
            problems.add(where + ": field '" + field + "' must be a JSON object");
            return;
        }
        value.fieldNames().forEachRemaining(key -> {
            String name = ql == QueryLanguage.JSONPath && key.endsWith(".$") ? key.substring(0, key.length() - 2) : key;
            if (!VARIABLE_NAME.matcher(name).matches() || name.length() > 80) {
                problems.add(where + ": field '" + field + "' has an invalid variable name '" + name + "'");
            } else if (name.equals("states")) {
                problems.add(where + ": field '" + field + "' cannot assign the reserved variable name 'states'");
            }
        });
        if (ql == QueryLanguage.JSONPath) {
            template(where, field, value);
        } else {
            JsonataSupport.validate(value, where, field, problems);
        }
    }

    private void task(String where, ObjectNode state, QueryLanguage ql) {
        JsonNode resource = state.get("Resource");
        if (resource == null || !resource.isTextual() || !resource.textValue().startsWith("arn:")) {
            problems.add(where + ": field 'Resource' must be an ARN");
        }
        Long timeout = positive(where, "TimeoutSeconds", state.get("TimeoutSeconds"), ql);
        Long heartbeat = positive(where, "HeartbeatSeconds", state.get("HeartbeatSeconds"), ql);
        if (state.has("TimeoutSeconds") && state.has("TimeoutSecondsPath")) {
            problems.add(where + ": fields 'TimeoutSeconds' and 'TimeoutSecondsPath' cannot both be set");
        }
        if (state.has("HeartbeatSeconds") && state.has("HeartbeatSecondsPath")) {
            problems.add(where + ": fields 'HeartbeatSeconds' and 'HeartbeatSecondsPath' cannot both be set");
        }
        if (timeout != null && heartbeat != null && heartbeat >= timeout) {
            problems.add(where + ": field 'HeartbeatSeconds' (" + heartbeat + ") must be smaller than 'TimeoutSeconds' (" + timeout + ")");
        }
    }

    private Long positive(String where, String field, JsonNode value, QueryLanguage ql) {
        if (value == null) {
            return null;
        }
        if (ql == QueryLanguage.JSONata && JsonataSupport.isExpression(value)) {
            return null;
        }
        if (!value.isIntegralNumber() || value.longValue() < 1 || value.longValue() > 99999999) {
            problems.add(where + ": field '" + field + "' must be a positive integer (at most 99999999)");
            return null;
        }
        return value.longValue();
    }

    private void choice(String where, ObjectNode state, JsonNode siblings, QueryLanguage ql) {
        JsonNode choices = state.get("Choices");
        if (choices == null || !choices.isArray() || choices.isEmpty()) {
            problems.add(where + ": field 'Choices' is required and must be a non-empty array");
        } else {
            for (int i = 0; i < choices.size(); i++) {
                JsonNode rule = choices.get(i);
                String field = "Choices[" + i + "]";
                if (!rule.isObject()) {
                    problems.add(where + ": field '" + field + "' must be an object");
                    continue;
                }
                if (!rule.has("Next")) {
                    problems.add(where + ": field '" + field + "/Next' is required");
                }
                nextRef(where, field + "/Next", rule.get("Next"), siblings);
                if (ql == QueryLanguage.JSONata) {
                    JsonNode cond = rule.get("Condition");
                    if (cond == null) {
                        problems.add(where + ": field '" + field + "/Condition' is required when QueryLanguage is JSONata");
                    } else if (!cond.isBoolean() && !JsonataSupport.isExpression(cond)) {
                        problems.add(where + ": field '" + field + "/Condition' must be a boolean or a JSONata expression");
                    } else {
                        JsonataSupport.validate(cond, where, field + "/Condition", problems);
                    }
                    for (Iterator<String> it = rule.fieldNames(); it.hasNext(); ) {
                        String f = it.next();
                        if (!Set.of("Condition", "Next", "Assign", "Output", "Comment").contains(f)) {
                            problems.add(where + ": field '" + field + "/" + f + "' is not supported when QueryLanguage is JSONata");
                        }
                    }
                    JsonataSupport.validate(rule.get("Output"), where, field + "/Output", problems);
                    assign(where, field + "/Assign", rule.get("Assign"), ql);
                } else {
                    if (rule.has("Condition") || rule.has("Output")) {
                        problems.add(where + ": field '" + field + "/" + (rule.has("Condition") ? "Condition" : "Output")
                                + "' is not supported when QueryLanguage is JSONPath");
                    }
                    ObjectNode bare = ((ObjectNode) rule).deepCopy();
                    bare.remove(List.of("Next", "Assign", "Comment"));
                    for (String p : ChoiceRules.validate(bare)) {
                        problems.add(where + ": field '" + field + "': " + p);
                    }
                    assign(where, field + "/Assign", rule.get("Assign"), ql);
                }
            }
        }
        nextRef(where, "Default", state.get("Default"), siblings);
    }

    private void waitState(String where, ObjectNode state, QueryLanguage ql) {
        int count = 0;
        for (String f : List.of("Seconds", "Timestamp", "SecondsPath", "TimestampPath")) {
            if (state.has(f)) {
                count++;
            }
        }
        if (count != 1) {
            problems.add(where + ": exactly one of the fields 'Seconds', 'Timestamp', 'SecondsPath', 'TimestampPath' is required");
        }
        JsonNode seconds = state.get("Seconds");
        if (seconds != null && !(ql == QueryLanguage.JSONata && JsonataSupport.isExpression(seconds))
                && (!seconds.isIntegralNumber() || seconds.longValue() < 0 || seconds.longValue() > 99999999)) {
            problems.add(where + ": field 'Seconds' must be a non-negative integer (at most 99999999)");
        }
        JsonNode ts = state.get("Timestamp");
        if (ts != null && !(ql == QueryLanguage.JSONata && JsonataSupport.isExpression(ts))) {
            if (!ts.isTextual() || AslTime.parseTimestamp(ts.textValue()) == null) {
                problems.add(where + ": field 'Timestamp' must be an ISO-8601 timestamp such as 2026-03-14T01:59:00Z");
            }
        }
    }

    private void fail(String where, ObjectNode state) {
        if (state.has("Error") && state.has("ErrorPath")) {
            problems.add(where + ": fields 'Error' and 'ErrorPath' cannot both be set");
        }
        if (state.has("Cause") && state.has("CausePath")) {
            problems.add(where + ": fields 'Cause' and 'CausePath' cannot both be set");
        }
    }

    private void parallel(String where, ObjectNode state, QueryLanguage ql, QueryLanguage topLevel) {
        JsonNode branches = state.get("Branches");
        if (branches == null || !branches.isArray() || branches.isEmpty()) {
            problems.add(where + ": field 'Branches' is required and must be a non-empty array");
            return;
        }
        for (int i = 0; i < branches.size(); i++) {
            block(branches.get(i), topLevel, topLevel, where + " field 'Branches[" + i + "]'");
        }
    }

    private void map(String where, ObjectNode state, QueryLanguage ql, QueryLanguage topLevel) {
        JsonNode processor = state.has("ItemProcessor") ? state.get("ItemProcessor") : state.get("Iterator");
        String field = state.has("ItemProcessor") ? "ItemProcessor" : "Iterator";
        if (state.has("ItemProcessor") && state.has("Iterator")) {
            problems.add(where + ": fields 'ItemProcessor' and 'Iterator' cannot both be set");
        }
        if (processor == null || !processor.isObject()) {
            problems.add(where + ": field 'ItemProcessor' is required");
        } else {
            JsonNode mode = processor.path("ProcessorConfig").get("Mode");
            if (mode != null && !Set.of("INLINE", "DISTRIBUTED").contains(mode.asText())) {
                problems.add(where + ": field 'ItemProcessor/ProcessorConfig/Mode' must be INLINE or DISTRIBUTED");
            }
            block(processor, topLevel, topLevel, where + " field '" + field + "'");
        }
        if (state.has("ItemSelector") && state.has("Parameters")) {
            problems.add(where + ": fields 'ItemSelector' and 'Parameters' cannot both be set");
        }
        JsonNode mc = state.get("MaxConcurrency");
        if (mc != null && !(ql == QueryLanguage.JSONata && JsonataSupport.isExpression(mc)) && (!mc.isIntegralNumber() || mc.intValue() < 0)) {
            problems.add(where + ": field 'MaxConcurrency' must be a non-negative integer");
        }
        JsonNode pct = state.get("ToleratedFailurePercentage");
        if (pct != null && !(ql == QueryLanguage.JSONata && JsonataSupport.isExpression(pct))
                && (!pct.isNumber() || pct.doubleValue() < 0 || pct.doubleValue() > 100)) {
            problems.add(where + ": field 'ToleratedFailurePercentage' must be a number between 0 and 100");
        }
        JsonNode cnt = state.get("ToleratedFailureCount");
        if (cnt != null && !(ql == QueryLanguage.JSONata && JsonataSupport.isExpression(cnt)) && (!cnt.isIntegralNumber() || cnt.intValue() < 0)) {
            problems.add(where + ": field 'ToleratedFailureCount' must be a non-negative integer");
        }
        if (state.has("ItemReader") || state.has("ResultWriter")) {
            problems.add(where + ": fields 'ItemReader' and 'ResultWriter' (Distributed Map, S3) are not supported by the local runtime");
        }
        JsonNode batcher = state.get("ItemBatcher");
        boolean distributed = processor != null && "DISTRIBUTED".equals(processor.path("ProcessorConfig").path("Mode").asText());
        if (batcher != null && !distributed) {
            problems.add(where + ": field 'ItemBatcher' needs ItemProcessor/ProcessorConfig/Mode DISTRIBUTED");
        } else if (batcher != null && (!batcher.isObject() || !(batcher.has("MaxItemsPerBatch")
                || batcher.has("MaxItemsPerBatchPath") || batcher.has("MaxInputBytesPerBatch")
                || batcher.has("MaxInputBytesPerBatchPath")))) {
            problems.add(where + ": field 'ItemBatcher' must set MaxItemsPerBatch or MaxInputBytesPerBatch (or their Path)");
        }
    }

    private void errorEquals(String where, String field, JsonNode rule, boolean last, String listName) {
        JsonNode errors = rule.get("ErrorEquals");
        if (errors == null || !errors.isArray() || errors.isEmpty()) {
            problems.add(where + ": field '" + field + "/ErrorEquals' is required and must be a non-empty array");
            return;
        }
        for (JsonNode e : errors) {
            String name = e.asText();
            if (name.startsWith("States.") && !STANDARD_ERRORS.contains(name)) {
                problems.add(where + ": field '" + field + "/ErrorEquals' has unknown error name '" + name + "'");
            }
            if (name.equals("States.ALL")) {
                if (errors.size() != 1) {
                    problems.add(where + ": field '" + field + "/ErrorEquals': States.ALL must appear alone");
                }
                if (!last) {
                    problems.add(where + ": field '" + field + "/ErrorEquals': States.ALL must be in the last " + listName);
                }
            }
        }
    }

    private void retry(String where, JsonNode retry) {
        if (retry == null) {
            return;
        }
        if (!retry.isArray()) {
            problems.add(where + ": field 'Retry' must be an array");
            return;
        }
        for (int i = 0; i < retry.size(); i++) {
            JsonNode r = retry.get(i);
            String field = "Retry[" + i + "]";
            errorEquals(where, field, r, i == retry.size() - 1, "retrier");
            for (Iterator<String> it = r.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!Set.of("ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds", "JitterStrategy", "Comment").contains(f)) {
                    problems.add(where + ": field '" + field + "/" + f + "' is not supported");
                }
            }
            JsonNode interval = r.get("IntervalSeconds");
            if (interval != null && (!interval.isIntegralNumber() || interval.longValue() < 1 || interval.longValue() > 99999999)) {
                problems.add(where + ": field '" + field + "/IntervalSeconds' must be a positive integer");
            }
            JsonNode max = r.get("MaxAttempts");
            if (max != null && (!max.isIntegralNumber() || max.longValue() < 0 || max.longValue() > 99999999)) {
                problems.add(where + ": field '" + field + "/MaxAttempts' must be a non-negative integer");
            }
            JsonNode backoff = r.get("BackoffRate");
            if (backoff != null && (!backoff.isNumber() || backoff.doubleValue() < 1.0)) {
                problems.add(where + ": field '" + field + "/BackoffRate' must be a number greater than or equal to 1.0");
            }
            JsonNode maxDelay = r.get("MaxDelaySeconds");
            if (maxDelay != null && (!maxDelay.isIntegralNumber() || maxDelay.longValue() < 1 || maxDelay.longValue() > 31622400)) {
                problems.add(where + ": field '" + field + "/MaxDelaySeconds' must be a positive integer (at most 31622400)");
            }
            JsonNode jitter = r.get("JitterStrategy");
            if (jitter != null && !Set.of("FULL", "NONE").contains(jitter.asText())) {
                problems.add(where + ": field '" + field + "/JitterStrategy' must be FULL or NONE");
            }
        }
    }

    private void catchers(String where, JsonNode catchers, JsonNode siblings, QueryLanguage ql) {
        if (catchers == null) {
            return;
        }
        if (!catchers.isArray()) {
            problems.add(where + ": field 'Catch' must be an array");
            return;
        }
        for (int i = 0; i < catchers.size(); i++) {
            JsonNode c = catchers.get(i);
            String field = "Catch[" + i + "]";
            errorEquals(where, field, c, i == catchers.size() - 1, "catcher");
            if (!c.has("Next")) {
                problems.add(where + ": field '" + field + "/Next' is required");
            }
            nextRef(where, field + "/Next", c.get("Next"), siblings);
            for (Iterator<String> it = c.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!Set.of("ErrorEquals", "Next", "ResultPath", "Output", "Assign", "Comment").contains(f)) {
                    problems.add(where + ": field '" + field + "/" + f + "' is not supported");
                } else if (ql == QueryLanguage.JSONata && f.equals("ResultPath")) {
                    problems.add(where + ": field '" + field + "/ResultPath' is not supported when QueryLanguage is JSONata");
                } else if (ql == QueryLanguage.JSONPath && f.equals("Output")) {
                    problems.add(where + ": field '" + field + "/Output' is not supported when QueryLanguage is JSONPath");
                }
            }
            if (ql == QueryLanguage.JSONPath) {
                path(where, field + "/ResultPath", c.get("ResultPath"), true, true);
            } else {
                JsonataSupport.validate(c.get("Output"), where, field + "/Output", problems);
            }
            assign(where, field + "/Assign", c.get("Assign"), ql);
        }
    }
}
