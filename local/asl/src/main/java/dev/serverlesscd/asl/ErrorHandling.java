package dev.serverlesscd.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.serverlesscd.asl.json.Json;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Retry and Catch, in one place, for the states that have them (Task, Parallel, Map), as "Handling errors in Step
 * Functions workflows" describes: the first retrier whose ErrorEquals matches retries until its MaxAttempts, with
 * IntervalSeconds x BackoffRate^attempt (capped by MaxDelaySeconds, FULL jitter); then the first matching catcher
 * moves on to its Next with the error output.
 */
final class ErrorHandling {
    private ErrorHandling() {
    }

    /** Runs {@code body} under the handlers; answers the state's outcome, or the caught outcome. */
    static <S extends State> Outcome run(S state, State.Handlers handlers, StateRun r, StateExecutor<S> body) {
        List<State.Retrier> retriers = handlers.retriers();
        int[] attempts = new int[retriers.size()];
        while (true) {
            try {
                return body.execute(state, r);
            } catch (Runner.Aborted e) {
                throw e;
            } catch (AslError e) {
                if (e instanceof JsonataSupport.QueryEvaluationError q) {
                    r.runner.recordEvaluationFailed(r, q);
                }
                r.runner.checkAlive();
                int i = matching(retriers.stream().map(State.Retrier::errorEquals).toList(), e.error());
                if (i >= 0 && attempts[i] < retriers.get(i).maxAttempts()) {
                    r.runner.sleepUntil(r.runner.clock().now().plus(retryDelay(retriers.get(i), attempts[i])));
                    attempts[i]++;
                    r.retryCount++;
                    continue;
                }
                int c = matching(handlers.catchers().stream().map(State.Catcher::errorEquals).toList(), e.error());
                if (c < 0) {
                    throw e;
                }
                return caught(r, handlers.catchers().get(c), e);
            }
        }
    }

    /** The delay before retry number {@code attempt} (0-based): IntervalSeconds x BackoffRate^attempt, capped, jittered. */
    static Duration retryDelay(State.Retrier retrier, int attempt) {
        double seconds = retrier.intervalSeconds() * Math.pow(retrier.backoffRate(), attempt);
        if (retrier.maxDelaySeconds() != null) {
            seconds = Math.min(seconds, retrier.maxDelaySeconds());
        }
        if (retrier.fullJitter()) {
            seconds = ThreadLocalRandom.current().nextDouble(0, seconds);
        }
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    /** Index of the first rule whose ErrorEquals matches, or -1. */
    static int matching(List<List<String>> rules, String error) {
        for (int i = 0; i < rules.size(); i++) {
            for (String pattern : rules.get(i)) {
                if (errorMatches(pattern, error)) {
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

    private static Outcome caught(StateRun r, State.Catcher catcher, AslError e) {
        ObjectNode errorOutput = Json.errorOutput(e.error(), e.cause());
        if (r.jsonata()) {
            JsonataSupport.Env env = r.env(null, errorOutput, null);
            String prefix = "Catch[" + catcher.index() + "]/";
            Map<String, JsonNode> assigned = DataFlow.assignJsonata(catcher.assign(), prefix + "Assign", env);
            JsonNode out = catcher.output() == null ? errorOutput
                    : JsonataSupport.evaluateTemplate(catcher.output(), prefix + "Output", env);
            return new Outcome(out, assigned, catcher.next());
        }
        Map<String, JsonNode> assigned = DataFlow.assignJsonPath(r, catcher.assign(), errorOutput, null);
        return new Outcome(DataFlow.resultPath(r.input, errorOutput, catcher.resultPath()), assigned, catcher.next());
    }
}
