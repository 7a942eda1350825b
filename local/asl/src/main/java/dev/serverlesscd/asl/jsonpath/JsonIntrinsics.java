package dev.serverlesscd.asl.jsonpath;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.serverlesscd.asl.json.Json;

import java.util.List;

import static dev.serverlesscd.asl.jsonpath.IntrinsicArgs.ANY;
import static dev.serverlesscd.asl.jsonpath.IntrinsicArgs.OBJECT;
import static dev.serverlesscd.asl.jsonpath.IntrinsicArgs.STRING;
import static dev.serverlesscd.asl.jsonpath.IntrinsicArgs.failure;
import static dev.serverlesscd.asl.jsonpath.IntrinsicArgs.requireObject;
import static dev.serverlesscd.asl.jsonpath.IntrinsicArgs.requireString;

/** The JSON intrinsics: States.StringToJson, States.JsonToString, States.JsonMerge. */
final class JsonIntrinsics {
    private JsonIntrinsics() {
    }

    static List<IntrinsicFunction> functions() {
        return List.of(
                IntrinsicFunction.of("States.StringToJson", 1, 1, List.of(STRING), (call, v) -> {
                    String text = requireString(call.name(), 0, v.get(0));
                    try {
                        JsonNode parsed = Json.MAPPER.reader()
                                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                                .readTree(text);
                        return parsed == null || parsed.isMissingNode() ? Json.NODES.nullNode() : parsed;
                    } catch (JsonProcessingException e) {
                        throw failure(call.name(), "the argument is not valid JSON: " + e.getOriginalMessage());
                    }
                }),
                IntrinsicFunction.of("States.JsonToString", 1, 1, List.of(ANY),
                        (call, v) -> Json.NODES.textNode(Json.write(v.get(0)))),
                IntrinsicFunction.of("States.JsonMerge", 3, 3,
                        List.of(OBJECT, OBJECT, (fn, i, value) -> requireShallow(value)), (call, v) -> {
                            ObjectNode left = requireObject(call.name(), 0, v.get(0));
                            ObjectNode right = requireObject(call.name(), 1, v.get(1));
                            requireShallow(v.get(2));
                            ObjectNode out = Json.NODES.objectNode();
                            out.setAll(left);
                            out.setAll(right);
                            return out;
                        }));
    }

    private static void requireShallow(JsonNode value) {
        if (!value.isBoolean()) {
            throw failure("States.JsonMerge", "the third argument must be the boolean false, not " + Json.typeName(value));
        }
        if (value.booleanValue()) {
            throw failure("States.JsonMerge", "deep merging is not supported; the third argument must be false");
        }
    }
}
