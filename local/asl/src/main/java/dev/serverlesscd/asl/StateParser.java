package dev.serverlesscd.asl;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the typed state model ({@link State}, {@link Block}) from a definition the {@link Validator} accepted. */
final class StateParser {
    private StateParser() {
    }

    /** A block; its states inherit {@code language} (the top-level QueryLanguage) unless they set their own. */
    static Block block(JsonNode node, QueryLanguage language) {
        Map<String, State> states = new LinkedHashMap<>();
        JsonNode s = node.get("States");
        if (s != null && s.isObject()) {
            s.fields().forEachRemaining(e -> {
                if (e.getValue().isObject()) {
                    states.put(e.getKey(), state(e.getKey(), e.getValue(), language));
                }
            });
        }
        boolean nonBlocking = states.values().stream().allMatch(StateParser::nonBlocking);
        JsonNode start = node.get("StartAt");
        return new Block(start == null ? null : start.asText(), Collections.unmodifiableMap(states), language,
                nonBlocking);
    }

    private static boolean nonBlocking(State state) {
        if (state instanceof State.Parallel p) {
            return p.handlers().retriers().isEmpty() && p.branches().stream().allMatch(Block::nonBlocking);
        }
        if (state instanceof State.MapState m) {
            return m.handlers().retriers().isEmpty() && !m.distributed() && m.processor().nonBlocking();
        }
        return state instanceof State.Pass || state instanceof State.Choice || state instanceof State.Succeed
                || state instanceof State.Fail;
    }

    static State state(String name, JsonNode st, QueryLanguage inherited) {
        JsonNode ql = st.get("QueryLanguage");
        QueryLanguage language = ql != null && ql.isTextual() ? QueryLanguage.parse(ql.textValue()) : inherited;
        String type = st.get("Type").asText();
        State.Common common = new State.Common(name, type, language, text(st, "Next"), path(st, "InputPath"),
                path(st, "OutputPath"), st.get("Assign"), st.get("Output"));
        boolean jsonata = language == QueryLanguage.JSONata;
        JsonNode parameters = jsonata ? st.get("Arguments") : st.get("Parameters");
        return switch (type) {
            case "Pass" -> new State.Pass(common, st.get("Result"), st.get("Parameters"), path(st, "ResultPath"));
            case "Task" -> {
                String resource = st.get("Resource").asText();
                yield new State.Task(common, resource, IntegrationPattern.of(resource), parameters,
                        st.get("ResultSelector"), path(st, "ResultPath"), st.get("TimeoutSeconds"),
                        text(st, "TimeoutSecondsPath"), st.get("HeartbeatSeconds"), text(st, "HeartbeatSecondsPath"),
                        handlers(st));
            }
            case "Choice" -> {
                List<State.Choice.Rule> rules = new ArrayList<>();
                JsonNode choices = st.get("Choices");
                for (int i = 0; i < choices.size(); i++) {
                    JsonNode rule = choices.get(i);
                    rules.add(new State.Choice.Rule(i, rule, rule.get("Condition"), text(rule, "Next"),
                            rule.get("Assign"), rule.get("Output")));
                }
                yield new State.Choice(common, List.copyOf(rules), text(st, "Default"));
            }
            case "Wait" -> new State.Wait(common, st.get("Seconds"), st.get("Timestamp"), text(st, "SecondsPath"),
                    text(st, "TimestampPath"));
            case "Succeed" -> new State.Succeed(common);
            case "Fail" -> new State.Fail(common, st.get("Error"), st.get("Cause"), text(st, "ErrorPath"),
                    text(st, "CausePath"));
            case "Parallel" -> {
                List<Block> branches = new ArrayList<>();
                for (JsonNode branch : st.get("Branches")) {
                    branches.add(block(branch, inherited));
                }
                yield new State.Parallel(common, List.copyOf(branches), parameters, st.get("ResultSelector"),
                        path(st, "ResultPath"), handlers(st));
            }
            case "Map" -> {
                JsonNode processor = st.has("ItemProcessor") ? st.get("ItemProcessor") : st.get("Iterator");
                boolean distributed = "DISTRIBUTED".equals(processor.path("ProcessorConfig").path("Mode").asText());
                JsonNode selector = st.has("ItemSelector") ? st.get("ItemSelector") : st.get("Parameters");
                yield new State.MapState(common, block(processor, inherited), distributed, text(st, "Label"),
                        st.get("ItemBatcher"), st.get("Items"), text(st, "ItemsPath"), selector, st.get("MaxConcurrency"),
                        text(st, "MaxConcurrencyPath"), st.get("ToleratedFailureCount"),
                        text(st, "ToleratedFailureCountPath"), st.get("ToleratedFailurePercentage"),
                        text(st, "ToleratedFailurePercentagePath"), st.get("ResultSelector"), path(st, "ResultPath"),
                        handlers(st));
            }
            default -> throw new IllegalArgumentException("Unknown state type " + type);
        };
    }

    private static State.Handlers handlers(JsonNode st) {
        JsonNode retry = st.path("Retry");
        JsonNode catchers = st.path("Catch");
        if (retry.isEmpty() && catchers.isEmpty()) {
            return State.Handlers.NONE;
        }
        List<State.Retrier> retriers = new ArrayList<>();
        for (JsonNode r : retry) {
            retriers.add(retrier(r));
        }
        List<State.Catcher> catches = new ArrayList<>();
        for (int i = 0; i < catchers.size(); i++) {
            JsonNode c = catchers.get(i);
            catches.add(new State.Catcher(i, errors(c), text(c, "Next"), path(c, "ResultPath"), c.get("Assign"),
                    c.get("Output")));
        }
        return new State.Handlers(List.copyOf(retriers), List.copyOf(catches));
    }

    static State.Retrier retrier(JsonNode r) {
        return new State.Retrier(errors(r), r.path("IntervalSeconds").asDouble(1), r.path("MaxAttempts").asInt(3),
                r.path("BackoffRate").asDouble(2.0),
                r.has("MaxDelaySeconds") ? r.get("MaxDelaySeconds").asDouble() : null,
                "FULL".equals(r.path("JitterStrategy").asText("NONE")));
    }

    private static List<String> errors(JsonNode rule) {
        List<String> errors = new ArrayList<>();
        rule.path("ErrorEquals").forEach(e -> errors.add(e.asText()));
        return List.copyOf(errors);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** A path field: absent is "$", JSON null is null. */
    private static String path(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null) {
            return "$";
        }
        return v.isNull() ? null : v.asText();
    }
}
