package dev.serverlesscd.asl.jsonpath;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.serverlesscd.asl.json.Json;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.StringTokenizer;
import java.util.UUID;

import static dev.serverlesscd.asl.jsonpath.IntrinsicArgs.STRING;
import static dev.serverlesscd.asl.jsonpath.IntrinsicArgs.failure;
import static dev.serverlesscd.asl.jsonpath.IntrinsicArgs.requireString;

/**
 * The string intrinsics: States.Format, States.StringSplit, States.Base64Encode, States.Base64Decode, States.Hash,
 * States.UUID.
 */
final class StringIntrinsics {
    /** Maximum characters of the data of States.Base64Encode, States.Base64Decode and States.Hash. */
    static final int MAX_DATA_CHARS = 10_000;
    private static final List<String> HASH_ALGORITHMS = List.of("MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512");

    private StringIntrinsics() {
    }

    static List<IntrinsicFunction> functions() {
        return List.of(
                new IntrinsicFunction("States.Format", 1, -1, StringIntrinsics::checkFormat, StringIntrinsics::format),
                IntrinsicFunction.of("States.StringSplit", 2, 2, List.of(STRING), (call, v) -> {
                    String text = requireString(call.name(), 0, v.get(0));
                    String delimiters = requireString(call.name(), 1, v.get(1));
                    ArrayNode out = Json.NODES.arrayNode();
                    if (delimiters.isEmpty()) {
                        out.add(text);
                        return out;
                    }
                    StringTokenizer tokens = new StringTokenizer(text, delimiters);
                    while (tokens.hasMoreTokens()) {
                        out.add(tokens.nextToken());
                    }
                    return out;
                }),
                IntrinsicFunction.of("States.Base64Encode", 1, 1, List.of(STRING), (call, v) -> {
                    String data = limited(call.name(), requireString(call.name(), 0, v.get(0)));
                    return Json.NODES.textNode(Base64.getEncoder().encodeToString(data.getBytes(StandardCharsets.UTF_8)));
                }),
                IntrinsicFunction.of("States.Base64Decode", 1, 1, List.of(STRING), (call, v) -> {
                    String data = limited(call.name(), requireString(call.name(), 0, v.get(0)));
                    try {
                        byte[] bytes = Base64.getDecoder().decode(data.replaceAll("\\s", ""));
                        return Json.NODES.textNode(new String(bytes, StandardCharsets.UTF_8));
                    } catch (IllegalArgumentException e) {
                        throw failure(call.name(), "the argument is not valid Base64: " + e.getMessage());
                    }
                }),
                IntrinsicFunction.of("States.Hash", 2, 2, List.of(STRING, (fn, i, value) -> hashAlgorithm(value)),
                        (call, v) -> {
                            String data = limited(call.name(), requireString(call.name(), 0, v.get(0)));
                            String algorithm = hashAlgorithm(v.get(1));
                            try {
                                byte[] digest = MessageDigest.getInstance(algorithm)
                                        .digest(data.getBytes(StandardCharsets.UTF_8));
                                return Json.NODES.textNode(HexFormat.of().formatHex(digest));
                            } catch (NoSuchAlgorithmException e) {
                                throw failure(call.name(), "the hash algorithm " + algorithm + " is not available");
                            }
                        }),
                IntrinsicFunction.of("States.UUID", 0, 0, List.of(),
                        (call, v) -> Json.NODES.textNode(UUID.randomUUID().toString())));
    }

    private static void checkFormat(IntrinsicParser.Call call, List<JsonNode> literals) {
        if (call.args().get(0) instanceof IntrinsicParser.Literal t) {
            if (t.raw() == null) {
                throw failure(call.name(), "the first argument must be a string");
            }
            int placeholders = countPlaceholders(t.raw(), true);
            if (placeholders != call.args().size() - 1) {
                throw failure(call.name(), "the format string has " + placeholders + " placeholder(s) {} but "
                        + (call.args().size() - 1) + " value argument(s) were given");
            }
        }
        for (int i = 1; i < literals.size(); i++) {
            if (literals.get(i) != null) {
                formatValue(call.name(), i, literals.get(i));
            }
        }
    }

    private static JsonNode format(IntrinsicParser.Call call, List<JsonNode> v) {
        String template;
        boolean escapes;
        if (call.args().get(0) instanceof IntrinsicParser.Literal t && t.raw() != null) {
            template = t.raw();
            escapes = true;
        } else {
            template = requireString(call.name(), 0, v.get(0));
            escapes = false;
        }
        int placeholders = countPlaceholders(template, escapes);
        if (placeholders != v.size() - 1) {
            throw failure(call.name(), "the format string has " + placeholders + " placeholder(s) {} but "
                    + (v.size() - 1) + " value argument(s) were given");
        }
        StringBuilder out = new StringBuilder();
        int next = 1;
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (escapes && c == '\\' && i + 1 < template.length()) {
                out.append(template.charAt(++i));
            } else if (c == '{' && i + 1 < template.length() && template.charAt(i + 1) == '}') {
                out.append(formatValue(call.name(), next, v.get(next)));
                next++;
                i++;
            } else {
                out.append(c);
            }
        }
        return Json.NODES.textNode(out.toString());
    }

    private static int countPlaceholders(String template, boolean escapes) {
        int count = 0;
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (escapes && c == '\\') {
                i++;
            } else if (c == '{' && i + 1 < template.length() && template.charAt(i + 1) == '}') {
                count++;
                i++;
            }
        }
        return count;
    }

    /**
     * A value as States.Format prints it: a string as itself, numbers, booleans and null as their JSON text, an array
     * as {@code [a, b]} and an object as {@code {key=value, other=[1, 2]}} with the same rules inside, as AWS (a Java
     * service) prints a List and a Map. The States Language spec forbids arrays and objects; AWS formats them.
     */
    static String formatValue(String fn, int index, JsonNode value) {
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isArray()) {
            StringBuilder out = new StringBuilder("[");
            for (int i = 0; i < value.size(); i++) {
                out.append(i == 0 ? "" : ", ").append(formatValue(fn, index, value.get(i)));
            }
            return out.append(']').toString();
        }
        if (value.isObject()) {
            StringBuilder out = new StringBuilder("{");
            var fields = value.fields();
            boolean first = true;
            while (fields.hasNext()) {
                var e = fields.next();
                out.append(first ? "" : ", ").append(e.getKey()).append('=').append(formatValue(fn, index, e.getValue()));
                first = false;
            }
            return out.append('}').toString();
        }
        return value.isNumber() ? Json.write(value) : value.asText();
    }

    private static String hashAlgorithm(JsonNode value) {
        String algorithm = requireString("States.Hash", 1, value);
        if (!HASH_ALGORITHMS.contains(algorithm)) {
            throw failure("States.Hash", "the hash algorithm '" + algorithm + "' is not supported; use one of "
                    + String.join(", ", HASH_ALGORITHMS));
        }
        return algorithm;
    }

    private static String limited(String fn, String data) {
        if (data.length() > MAX_DATA_CHARS) {
            throw failure(fn, "the input has " + data.length() + " characters, more than the limit of "
                    + MAX_DATA_CHARS);
        }
        return data;
    }
}
