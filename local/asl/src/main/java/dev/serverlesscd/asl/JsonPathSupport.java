package dev.serverlesscd.asl;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * The executor's view of JSONPath mode: paths, payload templates with intrinsics, and Choice rules. The work is done
 * by the {@code dev.serverlesscd.asl.jsonpath} package; this seam keeps the executor independent of its arrival.
 */
interface JsonPathSupport {
    JsonNode read(JsonNode doc, String path);

    JsonNode applyResultPath(JsonNode input, String resultPath, JsonNode result);

    /** @throws IllegalArgumentException with the reason */
    void validatePath(String path);

    /** @throws IllegalArgumentException with the reason */
    void validateReferencePath(String path);

    JsonNode evaluateTemplate(JsonNode template, JsonNode input, JsonNode context, JsonNode variables);

    List<String> validateTemplate(JsonNode template);

    boolean choiceMatches(JsonNode rule, JsonNode input, JsonNode context, JsonNode variables);

    List<String> validateChoiceRule(JsonNode rule);

    static JsonPathSupport get() {
        return JsonPathSupportHolder.INSTANCE;
    }
}
