package dev.serverlesscd.asl;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** Until the jsonpath package is merged, JSONPath-mode states fail at run time with States.Runtime. */
final class JsonPathSupportHolder {
    static final JsonPathSupport INSTANCE = new Missing();

    private JsonPathSupportHolder() {
    }

    private static final class Missing implements JsonPathSupport {
        private static AslError missing() {
            return new AslError("States.Runtime", "JSONPath support (dev.serverlesscd.asl.jsonpath) is not available in this build");
        }

        @Override
        public JsonNode read(JsonNode doc, String path) {
            if ("$".equals(path)) {
                return doc;
            }
            throw missing();
        }

        @Override
        public JsonNode applyResultPath(JsonNode input, String resultPath, JsonNode result) {
            if (resultPath == null) {
                return input;
            }
            if ("$".equals(resultPath)) {
                return result;
            }
            throw missing();
        }

        @Override
        public void validatePath(String path) {
        }

        @Override
        public void validateReferencePath(String path) {
        }

        @Override
        public JsonNode evaluateTemplate(JsonNode template, JsonNode input, JsonNode context, JsonNode variables) {
            throw missing();
        }

        @Override
        public List<String> validateTemplate(JsonNode template) {
            return List.of();
        }

        @Override
        public boolean choiceMatches(JsonNode rule, JsonNode input, JsonNode variables) {
            throw missing();
        }

        @Override
        public List<String> validateChoiceRule(JsonNode rule) {
            return List.of();
        }
    }
}
