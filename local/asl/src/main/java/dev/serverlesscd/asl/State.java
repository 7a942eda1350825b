package dev.serverlesscd.asl;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * The typed state model: one record per state type, parsed once from a validated definition ({@link StateParser}).
 * Fields that hold a JSONata template or JSONPath payload template stay {@link JsonNode}s; paths are strings.
 *
 * <p>Path fields follow one convention: absent is {@code "$"}, JSON {@code null} is Java {@code null} (for InputPath and
 * OutputPath that means {@code {}}, for ResultPath "discard the result").
 */
sealed interface State permits State.Pass, State.Task, State.Choice, State.Wait, State.Succeed, State.Fail,
        State.Parallel, State.MapState {

    Common common();

    default String name() {
        return common().name();
    }

    default boolean jsonata() {
        return common().language() == QueryLanguage.JSONata;
    }

    /** What every state may have. {@code next} is null for an end state (and for Choice, which picks its own). */
    record Common(String name, String type, QueryLanguage language, String next, String inputPath, String outputPath,
                  JsonNode assign, JsonNode output) {
    }

    /** Retry and Catch of Task, Parallel and Map. */
    record Handlers(List<Retrier> retriers, List<Catcher> catchers) {
        static final Handlers NONE = new Handlers(List.of(), List.of());
    }

    /** One Retry rule with its defaults applied (IntervalSeconds 1, MaxAttempts 3, BackoffRate 2.0). */
    record Retrier(List<String> errorEquals, double intervalSeconds, int maxAttempts, double backoffRate,
                   Double maxDelaySeconds, boolean fullJitter) {
    }

    /** One Catch rule; {@code index} is its position, for JSONata field names ({@code Catch[0]/Output}). */
    record Catcher(int index, List<String> errorEquals, String next, String resultPath, JsonNode assign,
                   JsonNode output) {
    }

    record Pass(Common common, JsonNode result, JsonNode parameters, String resultPath) implements State {
    }

    /**
     * A Task. {@code parameters} is Parameters (JSONPath) or Arguments (JSONata); the timeouts are a number or a
     * JSONata expression, or a path.
     */
    record Task(Common common, String resource, IntegrationPattern pattern, JsonNode parameters,
                JsonNode resultSelector, String resultPath, JsonNode timeoutSeconds, String timeoutSecondsPath,
                JsonNode heartbeatSeconds, String heartbeatSecondsPath, Handlers handlers) implements State {
    }

    /** A Choice; a JSONPath rule is the whole rule object, a JSONata one its {@code Condition}. */
    record Choice(Common common, List<Rule> rules, String defaultNext) implements State {
        record Rule(int index, JsonNode rule, JsonNode condition, String next, JsonNode assign, JsonNode output) {
        }
    }

    record Wait(Common common, JsonNode seconds, JsonNode timestamp, String secondsPath, String timestampPath)
            implements State {
    }

    record Succeed(Common common) implements State {
    }

    record Fail(Common common, JsonNode error, JsonNode cause, String errorPath, String causePath) implements State {
    }

    /** A Parallel; {@code parameters} is Parameters (JSONPath) or Arguments (JSONata). */
    record Parallel(Common common, List<Block> branches, JsonNode parameters, JsonNode resultSelector,
                    String resultPath, Handlers handlers) implements State {
    }

    /**
     * A Map, inline or distributed. {@code itemSelector} is ItemSelector or the legacy Parameters; {@code items} the
     * JSONata Items. Each limit is a number (or JSONata expression) or a path.
     */
    record MapState(Common common, Block processor, boolean distributed, String label, JsonNode itemBatcher,
                    JsonNode items,
                    String itemsPath, JsonNode itemSelector, JsonNode maxConcurrency, String maxConcurrencyPath,
                    JsonNode toleratedFailureCount, String toleratedFailureCountPath,
                    JsonNode toleratedFailurePercentage, String toleratedFailurePercentagePath,
                    JsonNode resultSelector, String resultPath, Handlers handlers) implements State {
    }
}
