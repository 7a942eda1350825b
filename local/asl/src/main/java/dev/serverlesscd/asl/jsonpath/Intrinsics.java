package dev.serverlesscd.asl.jsonpath;

import com.fasterxml.jackson.databind.JsonNode;
import dev.serverlesscd.asl.jsonpath.IntrinsicParser.Arg;
import dev.serverlesscd.asl.jsonpath.IntrinsicParser.Call;
import dev.serverlesscd.asl.jsonpath.IntrinsicParser.Literal;
import dev.serverlesscd.asl.jsonpath.IntrinsicParser.PathArg;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The intrinsic functions of JSONPath states ("Intrinsic functions for JSONPath states in Step Functions"), as a
 * registry: each function ({@link IntrinsicFunction}) names its arity, the rules its literal arguments must follow and
 * its evaluation; the functions live by theme in {@link ArrayIntrinsics}, {@link StringIntrinsics},
 * {@link JsonIntrinsics} and {@link MathIntrinsics}. Calls are parsed once ({@link IntrinsicParser}) and cached.
 */
public final class Intrinsics {
    /** Maximum nesting of intrinsic calls in one field, as documented. */
    public static final int MAX_NESTING = 10;
    /** Maximum number of items States.ArrayRange may generate. */
    public static final int MAX_RANGE_ITEMS = ArrayIntrinsics.MAX_RANGE_ITEMS;
    /** Maximum characters of the data of States.Base64Encode, States.Base64Decode and States.Hash. */
    public static final int MAX_DATA_CHARS = StringIntrinsics.MAX_DATA_CHARS;

    private static final Map<String, IntrinsicFunction> REGISTRY;

    static {
        Map<String, IntrinsicFunction> all = new LinkedHashMap<>();
        for (List<IntrinsicFunction> group : List.of(StringIntrinsics.functions(), JsonIntrinsics.functions(),
                ArrayIntrinsics.functions(), MathIntrinsics.functions())) {
            group.forEach(f -> all.put(f.name(), f));
        }
        REGISTRY = Collections.unmodifiableMap(all);
    }

    /** Parsed calls by expression text; definitions are finite, so this stays small. */
    private static final Map<String, Object> PARSED = new ConcurrentHashMap<>();

    private Intrinsics() {
    }

    /** Whether a payload template value looks like an intrinsic function call ({@code States.X(...)}). */
    public static boolean isIntrinsic(String expression) {
        return expression != null && expression.trim().startsWith("States.");
    }

    /** The names of all supported intrinsic functions. */
    public static Set<String> functionNames() {
        return REGISTRY.keySet();
    }

    /**
     * Evaluates an intrinsic function call.
     *
     * @param expression e.g. {@code States.Format('Hello, {}', $.name)}
     * @param input      the document {@code $...} paths read from
     * @param context    the context object {@code $$...} paths read from (may be null)
     * @param variables  the variables in scope, {@code $name...} paths read from (may be null)
     * @throws StatesError {@code States.IntrinsicFailure} for a malformed call or bad arguments;
     *                     {@code States.Runtime} when a path argument selects nothing
     */
    public static JsonNode evaluate(String expression, JsonNode input, JsonNode context, JsonNode variables) {
        return evaluateShared(expression, input, () -> context, () -> variables).deepCopy();
    }

    /**
     * As {@link #evaluate}, reading the context object and the variables only if an argument needs them; the answer
     * may share nodes with the arguments (for callers that never mutate nodes).
     */
    public static JsonNode evaluateShared(String expression, JsonNode input, Supplier<JsonNode> context,
                                          Supplier<JsonNode> variables) {
        Object parsed = PARSED.computeIfAbsent(expression == null ? "" : expression, Intrinsics::parseForEvaluation);
        if (parsed instanceof StatesError e) {
            throw new StatesError(e.error(), e.cause());
        }
        return eval((Call) parsed, input, context, variables);
    }

    private static Object parseForEvaluation(String expression) {
        try {
            Call call = new IntrinsicParser(expression).parseTop();
            int depth = call.depth();
            if (depth > MAX_NESTING) {
                return new StatesError(IntrinsicArgs.FAILURE, "Intrinsic functions can be nested at most "
                        + MAX_NESTING + " deep, this expression nests " + depth);
            }
            return call;
        } catch (IllegalArgumentException e) {
            return new StatesError(IntrinsicArgs.FAILURE, e.getMessage());
        }
    }

    /**
     * Checks an intrinsic call without evaluating it: syntax, function names, argument counts, nesting depth,
     * path syntax, literal argument types and the placeholders of a literal States.Format template.
     *
     * @return the problems found, empty when none
     */
    public static List<String> validate(String expression) {
        List<String> problems = new ArrayList<>();
        Call call;
        try {
            call = new IntrinsicParser(expression).parseTop();
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return problems;
        }
        validateCall(call, 1, problems);
        return problems;
    }

    private static void validateCall(Call call, int depth, List<String> problems) {
        if (depth > MAX_NESTING) {
            problems.add("Intrinsic functions can be nested at most " + MAX_NESTING + " deep, " + call.name()
                    + " is at depth " + depth);
            return;
        }
        IntrinsicFunction function = REGISTRY.get(call.name());
        String arityProblem = function == null ? null : function.arityProblem(call.args().size());
        if (function == null) {
            problems.add("Unknown intrinsic function " + call.name());
        } else if (arityProblem != null) {
            problems.add(arityProblem);
        }
        for (Arg arg : call.args()) {
            if (arg instanceof Call nested) {
                validateCall(nested, depth + 1, problems);
            } else if (arg instanceof PathArg p) {
                try {
                    validateArgumentPath(p.path());
                } catch (IllegalArgumentException e) {
                    problems.add("In " + call.name() + ": " + e.getMessage());
                }
            }
        }
        if (function == null || arityProblem != null) {
            return;
        }
        List<JsonNode> literals = new ArrayList<>();
        for (Arg arg : call.args()) {
            literals.add(arg instanceof Literal l ? l.value() : null);
        }
        try {
            function.check().literals(call, literals);
        } catch (StatesError e) {
            problems.add(e.cause());
        }
    }

    private static void validateArgumentPath(String path) {
        String[] var = JsonPaths.splitVariable(path);
        if (var != null) {
            if (!var[1].isEmpty()) {
                JsonPaths.validatePath("$" + var[1]);
            }
            return;
        }
        JsonPaths.validatePath(path);
    }

    private static JsonNode eval(Call call, JsonNode input, Supplier<JsonNode> context,
                                 Supplier<JsonNode> variables) {
        IntrinsicFunction function = REGISTRY.get(call.name());
        if (function == null) {
            throw new StatesError(IntrinsicArgs.FAILURE, "Unknown intrinsic function " + call.name());
        }
        String arityProblem = function.arityProblem(call.args().size());
        if (arityProblem != null) {
            throw new StatesError(IntrinsicArgs.FAILURE, arityProblem);
        }
        List<JsonNode> values = new ArrayList<>(call.args().size());
        for (Arg arg : call.args()) {
            values.add(value(arg, input, context, variables));
        }
        return function.body().apply(call, values);
    }

    private static JsonNode value(Arg arg, JsonNode input, Supplier<JsonNode> context,
                                  Supplier<JsonNode> variables) {
        if (arg instanceof Literal l) {
            return l.value();
        }
        if (arg instanceof Call c) {
            return eval(c, input, context, variables);
        }
        String path = ((PathArg) arg).path();
        try {
            validateArgumentPath(path);
        } catch (IllegalArgumentException e) {
            throw new StatesError(IntrinsicArgs.FAILURE, e.getMessage());
        }
        try {
            return JsonPaths.resolveShared(path, input, context, variables);
        } catch (StatesError e) {
            throw new StatesError("States.Runtime", "The JsonPath argument '" + path
                    + "' of an intrinsic function could not be found: " + e.cause());
        }
    }
}
