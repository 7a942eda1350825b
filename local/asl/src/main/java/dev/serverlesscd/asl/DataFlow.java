package dev.serverlesscd.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.serverlesscd.asl.json.Json;
import dev.serverlesscd.asl.jsonpath.JsonPaths;
import dev.serverlesscd.asl.jsonpath.PayloadTemplates;
import dev.serverlesscd.asl.jsonpath.StatesError;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Input and output processing of a state, in both query languages ("Processing input and output in Step Functions"):
 * InputPath, Parameters, ResultSelector, ResultPath, OutputPath and Assign for JSONPath; Arguments, Output and Assign
 * for JSONata. Failures of the JSONPath functions become the state's {@link AslError} here, in one place.
 */
final class DataFlow {
    private DataFlow() {
    }

    /** Runs a JSONPath-package function, turning its failures into the state's errors. */
    static <T> T jsonPath(Supplier<T> work) {
        try {
            return work.get();
        } catch (AslError e) {
            throw e;
        } catch (StatesError e) {
            throw new AslError(e.error(), e.cause());
        } catch (IllegalArgumentException e) {
            throw new AslError("States.Runtime", e.getMessage());
        }
    }

    // ---- JSONPath ----

    static JsonNode inputPath(StateRun r) {
        String path = r.state.common().inputPath();
        return path == null ? Json.obj() : readPath(r, r.input, path);
    }

    static JsonNode outputPath(StateRun r, JsonNode data) {
        String path = r.state.common().outputPath();
        return path == null ? Json.obj() : readPath(r, data, path);
    }

    /**
     * Reads a path of a JSONPath field: {@code $...} from {@code doc}, {@code $$...} from the context object and
     * {@code $name...} from the variables; failures carry AWS's "An error occurred while executing the state" prefix.
     */
    static JsonNode readPath(StateRun r, JsonNode doc, String path) {
        if ("$".equals(path)) {
            return doc;
        }
        try {
            return JsonPaths.resolveShared(path, doc, r::context, r.scope::asObject);
        } catch (StatesError e) {
            String cause = e.cause();
            if (cause != null && cause.startsWith("An error occurred")) {
                throw new AslError(e.error(), cause);
            }
            throw new AslError(e.error(), r.where() + " " + cause);
        } catch (IllegalArgumentException e) {
            throw r.runtimeError(e.getMessage());
        }
    }

    static JsonNode resultPath(JsonNode input, JsonNode result, String resultPath) {
        return jsonPath(() -> JsonPaths.applyResultPathShared(input, resultPath, result));
    }

    /** A payload template (Parameters, ResultSelector, ItemSelector) over {@code input}. */
    static JsonNode template(StateRun r, JsonNode template, JsonNode input, ObjectNode context) {
        Supplier<JsonNode> ctx = context == null ? r::context : () -> context;
        return jsonPath(() -> PayloadTemplates.evaluateShared(template, input, ctx, r.scope::asObject));
    }

    static Map<String, JsonNode> assignJsonPath(StateRun r, JsonNode assign, JsonNode base, ObjectNode context) {
        if (assign == null) {
            return Map.of();
        }
        return fields(template(r, assign, base, context));
    }

    /** ResultSelector, Assign (on the selected result), ResultPath, OutputPath. */
    static Outcome jsonPathResult(StateRun r, JsonNode result, JsonNode resultSelector, String resultPath,
                                  ObjectNode context) {
        JsonNode selected = resultSelector == null ? result : template(r, resultSelector, result, context);
        Map<String, JsonNode> assigned = assignJsonPath(r, r.state.common().assign(), selected, context);
        return new Outcome(outputPath(r, resultPath(r.input, selected, resultPath)), assigned);
    }

    // ---- JSONata ----

    static Map<String, JsonNode> assignJsonata(JsonNode assign, String field, JsonataSupport.Env env) {
        if (assign == null) {
            return Map.of();
        }
        JsonNode values = JsonataSupport.evaluateTemplate(assign, field, env);
        if (!values.isObject()) {
            throw JsonataSupport.fail(env, field, assign.asText(), "did not return a JSON object.");
        }
        return fields(values);
    }

    /** Assign and Output of a JSONata state; without Output the state's output is {@code dflt}. */
    static Outcome jsonataResult(StateRun r, JsonataSupport.Env env, JsonNode dflt) {
        Map<String, JsonNode> assigned = assignJsonata(r.state.common().assign(), "Assign", env);
        JsonNode output = r.state.common().output();
        return new Outcome(output == null ? dflt : JsonataSupport.evaluateTemplate(output, "Output", env), assigned);
    }

    /** A JSONata field that may be a literal or an expression, evaluated. */
    static JsonNode value(JsonNode field, String name, JsonataSupport.Env env) {
        return JsonataSupport.isExpression(field) ? JsonataSupport.evaluate(field.textValue(), name, env) : field;
    }

    private static Map<String, JsonNode> fields(JsonNode values) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        values.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }
}
