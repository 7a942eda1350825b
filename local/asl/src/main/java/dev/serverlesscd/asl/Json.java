package dev.serverlesscd.asl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;

/** Shared Jackson plumbing of the executor: the mapper and compact writing are the JSONPath functions'. */
final class Json {
    static final ObjectMapper MAPPER = dev.serverlesscd.asl.jsonpath.Json.MAPPER;
    static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Json() {
    }

    static String write(JsonNode node) {
        return dev.serverlesscd.asl.jsonpath.Json.write(node);
    }

    static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage(), e);
        }
    }

    static int utf8Size(JsonNode node) {
        return write(node).getBytes(StandardCharsets.UTF_8).length;
    }

    static ObjectNode obj() {
        return F.objectNode();
    }

    /** {"Error", "Cause"}; an error without a cause has no Cause field (as the ResultPath page's Catch example shows). */
    static ObjectNode errorOutput(String error, String cause) {
        ObjectNode o = obj();
        o.put("Error", error);
        if (cause != null) {
            o.put("Cause", cause);
        }
        return o;
    }
}
