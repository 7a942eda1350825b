package dev.serverlesscd.asl.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * The Jackson plumbing shared by the executor and the JSONPath functions: one mapper, compact writing as Step
 * Functions prints payloads, JSON equality by value, type names for error causes.
 *
 * <p>Nodes handed around the executor are treated as immutable once built: functions return new nodes (sharing
 * unchanged subtrees) and never mutate their arguments.
 */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper();
    public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

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

    /** Parses JSON text; malformed text is an {@link IllegalArgumentException}. */
    public static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage(), e);
        }
    }

    /** The size of a node's compact JSON text in UTF-8 bytes. */
    public static int utf8Size(JsonNode node) {
        return write(node).getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * Whether a node's compact JSON text (as {@link #write} prints it) is longer than {@code limit} UTF-8 bytes,
     * counted without writing it and stopping as soon as the limit is passed.
     */
    public static boolean utf8SizeExceeds(JsonNode node, long limit) {
        return size(node, limit) > limit;
    }

    private static long size(JsonNode n, long limit) {
        switch (n.getNodeType()) {
            case OBJECT: {
                long total = 2 + Math.max(0, n.size() - 1);
                Iterator<Map.Entry<String, JsonNode>> it = n.fields();
                while (it.hasNext() && total <= limit) {
                    Map.Entry<String, JsonNode> e = it.next();
                    total += stringSize(e.getKey()) + 1 + size(e.getValue(), limit - total);
                }
                return total;
            }
            case ARRAY: {
                long total = 2 + Math.max(0, n.size() - 1);
                for (int i = 0; i < n.size() && total <= limit; i++) {
                    total += size(n.get(i), limit - total);
                }
                return total;
            }
            case STRING:
                return stringSize(n.textValue());
            case NUMBER:
                if (n.canConvertToLong() && n.isIntegralNumber()) {
                    long v = n.longValue();
                    return v == Long.MIN_VALUE ? 20 : (v < 0 ? 1 : 0) + digits(Math.abs(v));
                }
                return n.asText().length();
            case BOOLEAN:
                return n.booleanValue() ? 4 : 5;
            case NULL:
                return 4;
            default:
                return write(n).getBytes(StandardCharsets.UTF_8).length;
        }
    }

    private static int digits(long v) {
        int d = 1;
        while (v >= 10) {
            v /= 10;
            d++;
        }
        return d;
    }

    /** Quoted and escaped as Jackson writes it, in UTF-8 bytes. */
    private static long stringSize(String s) {
        long total = 2;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20) {
                total += c == '\n' || c == '\t' || c == '\r' || c == '\b' || c == '\f' ? 2 : 6;
            } else if (c == '"' || c == '\\') {
                total += 2;
            } else if (c < 0x80) {
                total += 1;
            } else if (c < 0x800) {
                total += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                total += 4;
                i++;
            } else {
                total += 3;
            }
        }
        return total;
    }

    public static ObjectNode obj() {
        return NODES.objectNode();
    }

    /** {"Error", "Cause"}; an error without a cause has no Cause field (as the ResultPath page's Catch example shows). */
    public static ObjectNode errorOutput(String error, String cause) {
        ObjectNode o = obj();
        o.put("Error", error);
        if (cause != null) {
            o.put("Cause", cause);
        }
        return o;
    }

    /** Converts what Jayway hands back (a JsonNode or an unwrapped Java value) into a fresh JsonNode. */
    public static JsonNode toNode(Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof JsonNode) {
            return ((JsonNode) value).deepCopy();
        }
        return MAPPER.valueToTree(value);
    }

    /** Whether a number node holds an integral value (1, 1.0, 1e3 all do). */
    public static boolean isIntegral(JsonNode n) {
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
    public static boolean jsonEquals(JsonNode a, JsonNode b) {
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
    public static String typeName(JsonNode n) {
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
