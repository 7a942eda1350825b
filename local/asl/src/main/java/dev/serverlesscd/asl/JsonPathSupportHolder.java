package dev.serverlesscd.asl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.serverlesscd.asl.jsonpath.ChoiceRules;
import dev.serverlesscd.asl.jsonpath.JsonPaths;
import dev.serverlesscd.asl.jsonpath.PayloadTemplates;

import java.util.List;

/** JSONPath mode, delegated to the {@code dev.serverlesscd.asl.jsonpath} package. */
final class JsonPathSupportHolder {
    static final JsonPathSupport INSTANCE = new Delegating();

    private JsonPathSupportHolder() {
    }

    private static final class Delegating implements JsonPathSupport {
        @Override
        public JsonNode read(JsonNode doc, String path) {
            try {
                return JsonPaths.read(doc, path);
            } catch (IllegalArgumentException e) {
                throw new AslError("States.Runtime", e.getMessage());
            }
        }

        @Override
        public JsonNode applyResultPath(JsonNode input, String resultPath, JsonNode result) {
            try {
                return JsonPaths.applyResultPath(input, resultPath, result);
            } catch (IllegalArgumentException e) {
                throw new AslError("States.Runtime", e.getMessage());
            }
        }

        @Override
        public void validatePath(String path) {
            JsonPaths.validatePath(path);
        }

        @Override
        public void validateReferencePath(String path) {
            JsonPaths.validateReferencePath(path);
        }

        @Override
        public JsonNode evaluateTemplate(JsonNode template, JsonNode input, JsonNode context, JsonNode variables) {
            try {
                return PayloadTemplates.evaluate(template, input, context, variables);
            } catch (IllegalArgumentException e) {
                throw new AslError("States.Runtime", e.getMessage());
            }
        }

        @Override
        public List<String> validateTemplate(JsonNode template) {
            return PayloadTemplates.validate(template);
        }

        @Override
        public boolean choiceMatches(JsonNode rule, JsonNode input, JsonNode context, JsonNode variables) {
            try {
                return ChoiceRules.matches(rule, input, context, variables);
            } catch (IllegalArgumentException e) {
                throw new AslError("States.Runtime", e.getMessage());
            }
        }

        @Override
        public List<String> validateChoiceRule(JsonNode rule) {
            return ChoiceRules.validate(rule);
        }
    }
}
