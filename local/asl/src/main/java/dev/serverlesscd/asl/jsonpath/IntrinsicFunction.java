package dev.serverlesscd.asl.jsonpath;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * One intrinsic function of the registry ({@link IntrinsicFunctions}): its name, how many arguments it takes, the
 * checks that literal arguments allow before run time, and its evaluation.
 *
 * @param name    e.g. {@code States.Format}
 * @param minArgs the fewest arguments
 * @param maxArgs the most arguments, -1 for no limit
 * @param check   validates the literal arguments a definition fixes (a null in the list is a path or nested call)
 * @param body    evaluates the call on its argument values
 */
record IntrinsicFunction(String name, int minArgs, int maxArgs, Check check, Body body) {
    /** Evaluation on the argument values (the call gives access to raw literals, for States.Format). */
    @FunctionalInterface
    interface Body {
        JsonNode apply(IntrinsicParser.Call call, List<JsonNode> args);
    }

    /** Static checks of literal arguments; throws {@link StatesError} {@code States.IntrinsicFailure}. */
    @FunctionalInterface
    interface Check {
        Check NONE = (call, literals) -> {
        };

        void literals(IntrinsicParser.Call call, List<JsonNode> literals);
    }

    /** A function whose static checks are its per-argument rules applied to each literal argument. */
    static IntrinsicFunction of(String name, int minArgs, int maxArgs, List<IntrinsicArgs.Rule> rules, Body body) {
        Check check = (call, literals) -> {
            for (int i = 0; i < literals.size(); i++) {
                JsonNode value = literals.get(i);
                IntrinsicArgs.Rule rule = rules.isEmpty() ? null : rules.get(Math.min(i, rules.size() - 1));
                if (value != null && rule != null) {
                    rule.check(name, i, value);
                }
            }
        };
        return new IntrinsicFunction(name, minArgs, maxArgs, check, body);
    }

    /** The problem with calling this function with {@code count} arguments, or null if the count is right. */
    String arityProblem(int count) {
        if (count >= minArgs && (maxArgs < 0 || count <= maxArgs)) {
            return null;
        }
        String expected;
        if (maxArgs < 0) {
            expected = "at least " + minArgs;
        } else if (minArgs == maxArgs) {
            expected = String.valueOf(minArgs);
        } else {
            expected = minArgs + " to " + maxArgs;
        }
        return "The function " + name + " takes " + expected + " argument(s) but " + count + " were given";
    }
}
