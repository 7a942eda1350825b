package dev.serverlesscd.asl.jsonpath;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.serverlesscd.asl.json.Json;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Payload templates of JSONPath states: Parameters, ResultSelector, ItemSelector (and the legacy Parameters of Map),
 * as described in "Manipulating parameters in Step Functions workflows" and the ASL spec's "Payload Template".
 *
 * <p>A field whose name ends in {@code .$} takes its value from a path against the input ({@code $.x}), the context
 * object ({@code $$.Execution.Id}), a variable ({@code $myVar}, {@code $myVar.field}) or an intrinsic function call
 * ({@code States.Format(...)}); the {@code .$} suffix is removed from the output field name. Other values are copied;
 * nested objects and arrays are processed recursively.
 */
public final class PayloadTemplates {
    private PayloadTemplates() {
    }

    /**
     * Evaluates a payload template.
     *
     * @param template  the Parameters / ResultSelector / ItemSelector value
     * @param input     what {@code $} paths read (the effective input, or the task result for ResultSelector)
     * @param context   the context object for {@code $$} paths (may be null)
     * @param variables the variables in scope, for {@code $name} paths (may be null or empty)
     * @return a fresh node; never mutates its arguments
     * @throws StatesError {@code States.Runtime} when a path selects nothing or a {@code .$} field's value is not a
     *                  string; {@code States.IntrinsicFailure} when an intrinsic function fails
     */
    public static JsonNode evaluate(JsonNode template, JsonNode input, JsonNode context, JsonNode variables) {
        return evaluateShared(template, input, () -> context, () -> variables).deepCopy();
    }

    /**
     * As {@link #evaluate}, reading the context object and the variables only if a field needs them; the answer may
     * share nodes with the template, the input, the context and the variables (for callers that never mutate nodes).
     */
    public static JsonNode evaluateShared(JsonNode template, JsonNode input, Supplier<JsonNode> context,
                                          Supplier<JsonNode> variables) {
        if (template == null || template.isNull()) {
            return Json.NODES.nullNode();
        }
        return eval(template, input, context, variables);
    }

    private static JsonNode eval(JsonNode template, JsonNode input, Supplier<JsonNode> context,
                                 Supplier<JsonNode> variables) {
        if (template.isObject()) {
            ObjectNode out = Json.NODES.objectNode();
            Iterator<Map.Entry<String, JsonNode>> fields = template.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String key = field.getKey();
                JsonNode value = field.getValue();
                if (key.endsWith(".$")) {
                    String outKey = key.substring(0, key.length() - 2);
                    out.set(outKey, dynamic(key, value, input, context, variables));
                } else {
                    out.set(key, eval(value, input, context, variables));
                }
            }
            return out;
        }
        if (template.isArray()) {
            ArrayNode out = Json.NODES.arrayNode();
            for (JsonNode item : template) {
                out.add(eval(item, input, context, variables));
            }
            return out;
        }
        return template;
    }

    private static JsonNode dynamic(String key, JsonNode value, JsonNode input, Supplier<JsonNode> context,
                                    Supplier<JsonNode> variables) {
        if (!value.isTextual()) {
            throw new StatesError("States.Runtime", "The value for the field '" + key + "' must be a STRING that"
                    + " contains a JSONPath, a context object path, a variable or an intrinsic function, but it is "
                    + Json.typeName(value) + " " + Json.write(value));
        }
        String expr = value.textValue().trim();
        if (Intrinsics.isIntrinsic(expr)) {
            return Intrinsics.evaluateShared(expr, input, context, variables);
        }
        if (!expr.startsWith("$")) {
            throw new StatesError("States.Runtime", "The value for the field '" + key + "' must be a valid JSONPath,"
                    + " context object path, variable or intrinsic function: '" + expr + "'");
        }
        try {
            return JsonPaths.resolveShared(expr, input, context, variables);
        } catch (IllegalArgumentException e) {
            throw new StatesError("States.Runtime", "The value for the field '" + key + "' is not a valid path: "
                    + e.getMessage());
        } catch (StatesError e) {
            String where;
            String doc;
            if (expr.startsWith("$$")) {
                where = "the context object";
                JsonNode ctx = context.get();
                doc = ctx == null ? "null" : Json.write(ctx);
            } else if (JsonPaths.isVariableReference(expr)) {
                throw new StatesError("States.Runtime", "The JSONPath '" + expr + "' specified for the field '" + key
                        + "' could not be resolved: " + e.cause());
            } else {
                where = "the input";
                doc = input == null ? "null" : Json.write(input);
            }
            throw new StatesError("States.Runtime", "The JSONPath '" + expr + "' specified for the field '" + key
                    + "' could not be found in " + where + " '" + doc + "'");
        }
    }

    /**
     * Checks a payload template without evaluating it.
     *
     * @return the problems found (bad paths, non-string {@code .$} values, unknown intrinsics, wrong argument counts,
     *         duplicate output fields), each naming the field; empty when none
     */
    public static List<String> validate(JsonNode template) {
        List<String> problems = new ArrayList<>();
        if (template != null) {
            validate(template, "", problems);
        }
        return problems;
    }

    private static void validate(JsonNode template, String where, List<String> problems) {
        if (template.isObject()) {
            Set<String> outKeys = new HashSet<>();
            Iterator<Map.Entry<String, JsonNode>> fields = template.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String key = field.getKey();
                String fieldPath = where.isEmpty() ? key : where + "." + key;
                boolean dynamic = key.endsWith(".$");
                String outKey = dynamic ? key.substring(0, key.length() - 2) : key;
                if (!outKeys.add(outKey)) {
                    problems.add("Field '" + fieldPath + "': the output field '" + outKey
                            + "' is defined more than once");
                }
                if (dynamic) {
                    validateDynamic(fieldPath, field.getValue(), problems);
                } else {
                    validate(field.getValue(), fieldPath, problems);
                }
            }
        } else if (template.isArray()) {
            for (int i = 0; i < template.size(); i++) {
                validate(template.get(i), where + "[" + i + "]", problems);
            }
        }
    }

    private static void validateDynamic(String fieldPath, JsonNode value, List<String> problems) {
        if (!value.isTextual()) {
            problems.add("Field '" + fieldPath + "': the value of a field ending in '.$' must be a string, not "
                    + Json.typeName(value));
            return;
        }
        String expr = value.textValue().trim();
        if (Intrinsics.isIntrinsic(expr)) {
            for (String p : Intrinsics.validate(expr)) {
                problems.add("Field '" + fieldPath + "': " + p);
            }
            return;
        }
        try {
            validateValuePath(expr);
        } catch (IllegalArgumentException e) {
            problems.add("Field '" + fieldPath + "': " + e.getMessage());
        }
    }

    /** Validates a path as a {@code .$} field or Choice Variable may use it: {@code $...}, {@code $$...}, {@code $var...}. */
    static void validateValuePath(String expr) {
        String[] var = JsonPaths.splitVariable(expr);
        if (var != null) {
            if (!var[1].isEmpty()) {
                JsonPaths.validatePath("$" + var[1]);
            }
            return;
        }
        if (!expr.startsWith("$")) {
            throw new IllegalArgumentException("'" + expr + "' is neither a path ($...), a context object path"
                    + " ($$...), a variable ($name) nor an intrinsic function (States.*)");
        }
        JsonPaths.validatePath(expr);
    }
}
