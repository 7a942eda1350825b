package dev.serverlesscd.asl;

import com.fasterxml.jackson.databind.JsonNode;

/** Fail: the error and cause, literal or from ErrorPath/CausePath (JSONata: expressions). */
final class FailExecutor implements StateExecutor<State.Fail> {
    @Override
    public Outcome execute(State.Fail fail, StateRun r) {
        throw error(fail, r);
    }

    static AslError error(State.Fail fail, StateRun r) {
        if (r.jsonata()) {
            JsonataSupport.Env env = r.env(null);
            return new AslError(text(fail.error(), "Error", env), text(fail.cause(), "Cause", env));
        }
        String error = fail.errorPath() != null ? pathText(r, fail.errorPath(), "ErrorPath")
                : fail.error() == null ? null : fail.error().asText();
        String cause = fail.causePath() != null ? pathText(r, fail.causePath(), "CausePath")
                : fail.cause() == null ? null : fail.cause().asText();
        return new AslError(error, cause);
    }

    private static String text(JsonNode field, String name, JsonataSupport.Env env) {
        if (field == null) {
            return null;
        }
        if (!JsonataSupport.isExpression(field)) {
            return field.asText();
        }
        JsonNode v = JsonataSupport.evaluate(field.textValue(), name, env);
        if (!v.isTextual()) {
            throw JsonataSupport.fail(env, name, field.textValue(), "returned a value that is not a string.");
        }
        return v.textValue();
    }

    private static String pathText(StateRun r, String path, String field) {
        JsonNode v = DataFlow.readPath(r, r.input, path);
        if (!v.isTextual()) {
            throw r.runtimeError("The " + field + " '" + path + "' does not reference a string: " + v);
        }
        return v.textValue();
    }
}
