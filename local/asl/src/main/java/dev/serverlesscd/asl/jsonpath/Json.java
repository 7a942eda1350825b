package dev.serverlesscd.asl.jsonpath;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON helpers of the JSONPath-mode functions; its mapper and {@link #write} are the executor's too (the
 * package-level {@code dev.serverlesscd.asl.Json} builds on them).
 */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper();
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {
    }

    /** Compact JSON text of a node, as Step Functions prints payloads in error causes. */
    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Converts what Jayway hands back (a JsonNode or an unwrapped Java value) into a fresh JsonNode. */
    static JsonNode toNode(Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof JsonNode) {
            return ((JsonNode) value).deepCopy();
        }
        return MAPPER.valueToTree(value);
    }

    /** Whether a number node holds an integral value (1, 1.0, 1e3 all do). */
    static boolean isIntegral(JsonNode n) {
        if (n == null || !n.isNumber()) {
            return false;
        }
        if (n.isIntegralNumber()) {
            return true;
        }
        BigDecimal d = n.decimalValue();
        return d.signum() == 0 || d.stripTrailingZeros().scale() <= 0;
    }

    /** JSON equality where numbers compare by value (1 equals 1.0), objects ignore key order. */
    static boolean jsonEquals(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (a.getNodeType() != b.getNodeType()) {
            return false;
        }
        if (a.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!jsonEquals(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            Iterator<Map.Entry<String, JsonNode>> it = a.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!b.has(e.getKey()) || !jsonEquals(e.getValue(), b.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    /** A short human name of a node's JSON type, for error causes. */
    static String typeName(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return "missing";
        }
        switch (n.getNodeType()) {
            case STRING:
                return "string";
            case NUMBER:
                return "number";
            case BOOLEAN:
                return "boolean";
            case NULL:
                return "null";
            case ARRAY:
                return "array";
            case OBJECT:
                return "object";
            default:
                return n.getNodeType().name().toLowerCase();
        }
    }
}
