package dev.serverlesscd.asl.jsonpath;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.JsonPathException;
import com.jayway.jsonpath.PathNotFoundException;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import dev.serverlesscd.asl.json.Json;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Paths and reference paths of the Amazon States Language in JSONPath mode ("Paths" in the ASL spec; "Using JSONPath
 * paths" in the Step Functions developer guide).
 *
 * <ul>
 *   <li>A <em>path</em> starts with {@code $} and is evaluated with Jayway JsonPath: {@code $.a.b}, {@code $['a b']},
 *       {@code $.a[0]}, {@code $.a[*].b}, {@code $.a[?(@.x > 1)]}. Indefinite paths (wildcards, filters, slices, deep
 *       scans, unions) yield an array of the matches.</li>
 *   <li>A <em>reference path</em> can only select a single node: no {@code @ , : ? *} and no {@code ..}.</li>
 *   <li>A path starting with {@code $$} is evaluated against the context object; a path starting with {@code $name}
 *       refers to a workflow variable ({@code $name}, {@code $name.field}, {@code $name[0]}).</li>
 * </ul>
 *
 * <p>All functions are pure: they never mutate their arguments and always return fresh nodes.
 */
public final class JsonPaths {
    private static final Configuration CONF = Configuration.builder()
            .jsonProvider(new StrictIndexJsonNodeProvider())
            .mappingProvider(new JacksonMappingProvider(Json.MAPPER))
            .options(EnumSet.noneOf(com.jayway.jsonpath.Option.class))
            .build();

    /**
     * Jackson's provider answers null for an array index past the end, which would make {@code $.a[5]} read as JSON
     * null; Jayway's other providers (and Step Functions) treat it as "no results".
     */
    private static final class StrictIndexJsonNodeProvider extends JacksonJsonNodeJsonProvider {
        StrictIndexJsonNodeProvider() {
            super(Json.MAPPER);
        }

        @Override
        public Object getArrayIndex(Object obj, int idx) {
            if (obj instanceof ArrayNode && (idx < 0 || idx >= ((ArrayNode) obj).size())) {
                throw new IndexOutOfBoundsException("Index " + idx + " out of bounds");
            }
            return super.getArrayIndex(obj, idx);
        }
    }

    private static final Pattern VARIABLE = Pattern.compile("^\\$([A-Za-z_][A-Za-z0-9_]*)(.*)$", Pattern.DOTALL);

    private JsonPaths() {
    }

    /**
     * Evaluates a path (or reference path) against a document.
     *
     * @return a fresh node: the selected node for a definite path, an array of the matches for an indefinite one
     * @throws StatesError {@code States.Runtime} when a definite path selects nothing
     * @throws IllegalArgumentException when the path is not a valid path
     */
    public static JsonNode read(JsonNode doc, String path) {
        return readShared(doc, path).deepCopy();
    }

    /**
     * As {@link #read}, but the answer may be (or share nodes with) the document: for callers that never mutate
     * nodes, as the executor does not.
     */
    public static JsonNode readShared(JsonNode doc, String path) {
        CompiledPath compiled = COMPILED.get(path);
        if (compiled == null) {
            validatePath(path);
            if (path.startsWith("$$")) {
                throw new IllegalArgumentException("Context object path '" + path
                        + "' cannot be read from a state's input; use resolve(path, input, context, variables)");
            }
            compiled = compile(path);
            if (COMPILED.size() < MAX_COMPILED) {
                COMPILED.put(path, compiled);
            }
        }
        JsonNode source = doc == null ? Json.NODES.nullNode() : doc;
        if (compiled.segments != null) {
            JsonNode found = navigate(source, compiled.segments);
            if (found != null) {
                return found;
            }
        }
        try {
            Object value = compiled.jayway.read(source, CONF);
            return value instanceof JsonNode n ? n : Json.toNode(value);
        } catch (PathNotFoundException e) {
            throw new StatesError("States.Runtime", "Invalid path '" + path + "' : " + e.getMessage());
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("Invalid path '" + path + "': " + e.getMessage(), e);
        } catch (JsonPathException e) {
            throw new StatesError("States.Runtime", "Invalid path '" + path + "' : " + e.getMessage());
        }
    }

    /**
     * A valid path, compiled once: Jayway's compiled form, and for a plain reference path ({@code $.a.b[0]}, no
     * escapes) its segments, which are followed directly; anything else, and any miss, goes through Jayway.
     */
    private record CompiledPath(List<Object> segments, JsonPath jayway) {
    }

    private static final int MAX_COMPILED = 10_000;
    private static final Map<String, CompiledPath> COMPILED = new ConcurrentHashMap<>();
    private static final Map<String, List<Object>> REFERENCE_PATHS = new ConcurrentHashMap<>();

    private static CompiledPath compile(String path) {
        List<Object> segments = null;
        if (path.indexOf('\\') < 0) {
            try {
                segments = List.copyOf(parseReferencePath(path));
            } catch (IllegalArgumentException e) {
                segments = null;
            }
        }
        return new CompiledPath(segments, JsonPath.compile(path));
    }

    /** The node at the segments, or null when a segment does not apply (left to Jayway, for its answer). */
    private static JsonNode navigate(JsonNode node, List<Object> segments) {
        JsonNode current = node;
        for (Object segment : segments) {
            if (segment instanceof String name) {
                if (!current.isObject()) {
                    return null;
                }
                current = current.get(name);
            } else {
                int index = (Integer) segment;
                if (!current.isArray() || index >= current.size()) {
                    return null;
                }
                current = current.get(index);
            }
            if (current == null) {
                return null;
            }
        }
        return current;
    }

    /**
     * Resolves a path as the fields of payload templates and Choice rules see it: {@code $$...} against the context
     * object, {@code $name...} against the variables in scope, {@code $...} against the input.
     *
     * @throws StatesError {@code States.Runtime} when nothing is found, or the variable is not defined
     */
    public static JsonNode resolve(String path, JsonNode input, JsonNode context, JsonNode variables) {
        return resolveShared(path, input, () -> context, () -> variables).deepCopy();
    }

    /**
     * As {@link #resolve}, reading the context object and the variables only when the path needs them; the answer
     * may share nodes with them or with the input (see {@link #readShared}).
     */
    public static JsonNode resolveShared(String path, JsonNode input, Supplier<JsonNode> context,
                                         Supplier<JsonNode> variables) {
        if (path == null) {
            throw new IllegalArgumentException("Path must not be null");
        }
        if (path.startsWith("$$")) {
            return readShared(context.get(), path.substring(1));
        }
        String[] var = splitVariable(path);
        if (var != null) {
            JsonNode vars = variables.get();
            JsonNode value = vars == null ? null : vars.get(var[0]);
            if (value == null) {
                throw new StatesError("States.Runtime", "The variable '$" + var[0] + "' is not defined");
            }
            return readShared(value, "$" + var[1]);
        }
        return readShared(input, path);
    }

    /** Like {@link #resolveShared} but answers {@code null} (not a NullNode) when the path selects nothing. */
    static JsonNode resolveOrNull(String path, JsonNode input, Supplier<JsonNode> context,
                                  Supplier<JsonNode> variables) {
        try {
            return resolveShared(path, input, context, variables);
        } catch (StatesError e) {
            return null;
        }
    }

    /**
     * Splits {@code $name.rest} into {@code [name, .rest]}; answers null when the text is not a variable reference
     * ({@code $}, {@code $.x}, {@code $[0]}, {@code $$.x} are not).
     */
    public static String[] splitVariable(String path) {
        if (path == null || path.length() < 2 || path.charAt(0) != '$'
                || !(Character.isLetter(path.charAt(1)) || path.charAt(1) == '_')) {
            return null;
        }
        var m = VARIABLE.matcher(path);
        if (!m.matches()) {
            return null;
        }
        return new String[] {m.group(1), m.group(2)};
    }

    /** Whether a string is a variable reference ({@code $name}, {@code $name.field}). */
    public static boolean isVariableReference(String path) {
        return splitVariable(path) != null;
    }

    /**
     * Applies a ResultPath: {@code null} discards the result and passes the input through; {@code $} replaces the
     * input with the result; any other reference path puts the result into a copy of the input, creating intermediate
     * objects as needed.
     *
     * @throws StatesError {@code States.ResultPathMatchFailure} when the input at a parent of the path is not an object
     *                  (or not an array long enough, for an index segment)
     * @throws IllegalArgumentException when resultPath is not a valid reference path
     */
    public static JsonNode applyResultPath(JsonNode input, String resultPath, JsonNode result) {
        return applyResultPathShared(input == null ? null : input.deepCopy(), resultPath,
                result == null ? null : result.deepCopy());
    }

    /** As {@link #applyResultPath}, but the answer shares the nodes it does not change with the input and result. */
    public static JsonNode applyResultPathShared(JsonNode input, String resultPath, JsonNode result) {
        JsonNode in = input == null ? Json.NODES.nullNode() : input;
        if (resultPath == null) {
            return in;
        }
        List<Object> segments = REFERENCE_PATHS.get(resultPath);
        if (segments == null) {
            segments = List.copyOf(parseReferencePath(resultPath));
            if (REFERENCE_PATHS.size() < MAX_COMPILED) {
                REFERENCE_PATHS.put(resultPath, segments);
            }
        }
        JsonNode res = result == null ? Json.NODES.nullNode() : result;
        if (segments.isEmpty()) {
            return res;
        }
        return put(in, in, resultPath, segments, 0, res);
    }

    /** A copy of {@code current} with {@code res} put at the segments from {@code i}; unchanged subtrees are shared. */
    private static JsonNode put(JsonNode input, JsonNode current, String resultPath, List<Object> segments, int i,
                                JsonNode res) {
        Object seg = segments.get(i);
        boolean last = i == segments.size() - 1;
        if (seg instanceof String name) {
            if (!current.isObject()) {
                throw resultPathFailure(resultPath, input, at(segments, i), current, "an object");
            }
            ObjectNode copy = Json.NODES.objectNode();
            copy.setAll((ObjectNode) current);
            JsonNode child = current.get(name);
            copy.set(name, last ? res : put(input, child == null ? Json.NODES.objectNode() : child, resultPath,
                    segments, i + 1, res));
            return copy;
        }
        int index = (Integer) seg;
        if (!current.isArray() || index >= current.size()) {
            throw resultPathFailure(resultPath, input, at(segments, i), current,
                    "an array with an element at index " + index);
        }
        ArrayNode copy = Json.NODES.arrayNode();
        copy.addAll((ArrayNode) current);
        copy.set(index, last ? res : put(input, current.get(index), resultPath, segments, i + 1, res));
        return copy;
    }

    private static String at(List<Object> segments, int count) {
        StringBuilder at = new StringBuilder("$");
        for (int i = 0; i < count; i++) {
            Object seg = segments.get(i);
            if (seg instanceof String) {
                at.append('.').append(seg);
            } else {
                at.append('[').append(seg).append(']');
            }
        }
        return at.toString();
    }

    private static StatesError resultPathFailure(String resultPath, JsonNode input, CharSequence at, JsonNode found,
                                              String expected) {
        return new StatesError("States.ResultPathMatchFailure", "Unable to apply ResultPath '" + resultPath
                + "' to input '" + Json.write(input) + "': the value at " + at + " is "
                + Json.typeName(found) + ", not " + expected);
    }

    /**
     * Checks that a string is a valid Path: {@code $}, {@code $$} (context object), or a JsonPath expression starting
     * with {@code $.}, {@code $[}, {@code $$.}, {@code $$[}.
     *
     * @throws IllegalArgumentException with the reason when it is not
     */
    public static void validatePath(String path) {
        if (path == null) {
            throw new IllegalArgumentException("Path must not be null");
        }
        if (path.isEmpty()) {
            throw new IllegalArgumentException("Path must not be empty");
        }
        if (!path.startsWith("$")) {
            throw new IllegalArgumentException("Path '" + path + "' must start with '$'");
        }
        String p = path.startsWith("$$") ? path.substring(1) : path;
        if ("$".equals(p)) {
            return;
        }
        char second = p.charAt(1);
        if (second != '.' && second != '[') {
            throw new IllegalArgumentException("Path '" + path + "' must continue with '.' or '[' after '"
                    + (path.startsWith("$$") ? "$$" : "$") + "'");
        }
        if (p.endsWith(".")) {
            throw new IllegalArgumentException("Path '" + path + "' must not end with '.'");
        }
        checkBalanced(path);
        try {
            JsonPath.compile(p);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("Invalid path '" + path + "': " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Invalid path '" + path + "': " + e, e);
        }
    }

    private static void checkBalanced(String path) {
        int brackets = 0;
        int parens = 0;
        char quote = 0;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if ((c == '\'' || c == '"') && brackets > 0) {
                quote = c;
            } else if (c == '[') {
                brackets++;
            } else if (c == ']') {
                if (--brackets < 0) {
                    throw new IllegalArgumentException("Invalid path '" + path + "': unexpected ']' at position " + i);
                }
            } else if (c == '(') {
                parens++;
            } else if (c == ')') {
                if (--parens < 0) {
                    throw new IllegalArgumentException("Invalid path '" + path + "': unexpected ')' at position " + i);
                }
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("Invalid path '" + path + "': unterminated quoted name");
        }
        if (brackets != 0) {
            throw new IllegalArgumentException("Invalid path '" + path + "': unclosed '['");
        }
        if (parens != 0) {
            throw new IllegalArgumentException("Invalid path '" + path + "': unclosed '('");
        }
    }

    /**
     * Checks that a string is a valid Reference Path: a path that can only select a single node (no wildcards,
     * filters, slices, unions, deep scans or functions).
     *
     * @throws IllegalArgumentException with the reason when it is not
     */
    public static void validateReferencePath(String path) {
        parseReferencePath(path);
    }

    /**
     * Parses a reference path ({@code $}, {@code $$...} is not accepted) into its segments: field names as Strings,
     * array indexes as Integers.
     */
    static List<Object> parseReferencePath(String path) {
        if (path == null) {
            throw new IllegalArgumentException("Reference path must not be null");
        }
        if (path.isEmpty()) {
            throw new IllegalArgumentException("Reference path must not be empty");
        }
        if (!path.startsWith("$")) {
            throw new IllegalArgumentException("Reference path '" + path + "' must start with '$'");
        }
        List<Object> segments = new ArrayList<>();
        int i = 1;
        int n = path.length();
        while (i < n) {
            char c = path.charAt(i);
            if (c == '.') {
                if (i + 1 < n && path.charAt(i + 1) == '.') {
                    throw badReference(path, "the deep scan operator '..' can select several nodes");
                }
                if (i + 1 < n && path.charAt(i + 1) == '[') {
                    i++; // "$.abc.['def ghi']", as the Step Functions docs write it
                    continue;
                }
                int start = ++i;
                while (i < n && path.charAt(i) != '.' && path.charAt(i) != '[') {
                    char ch = path.charAt(i);
                    if ("*@,:?()'\"]".indexOf(ch) >= 0) {
                        throw badReference(path, "the character '" + ch + "' at position " + i
                                + " is not allowed in a reference path");
                    }
                    i++;
                }
                if (i == start) {
                    throw badReference(path, "a field name is missing after '.' at position " + (start - 1));
                }
                segments.add(path.substring(start, i));
            } else if (c == '[') {
                i++;
                if (i >= n) {
                    throw badReference(path, "unclosed '['");
                }
                char q = path.charAt(i);
                if (q == '\'' || q == '"') {
                    StringBuilder name = new StringBuilder();
                    i++;
                    boolean closed = false;
                    while (i < n) {
                        char ch = path.charAt(i);
                        if (ch == '\\' && i + 1 < n) {
                            name.append(path.charAt(i + 1));
                            i += 2;
                            continue;
                        }
                        if (ch == q) {
                            closed = true;
                            i++;
                            break;
                        }
                        name.append(ch);
                        i++;
                    }
                    if (!closed) {
                        throw badReference(path, "unterminated quoted field name");
                    }
                    if (i >= n || path.charAt(i) != ']') {
                        throw badReference(path, "expected ']' after the quoted field name at position " + i
                                + " (unions of several fields are not allowed)");
                    }
                    i++;
                    segments.add(name.toString());
                } else {
                    int start = i;
                    while (i < n && path.charAt(i) != ']') {
                        i++;
                    }
                    if (i >= n) {
                        throw badReference(path, "unclosed '['");
                    }
                    String inside = path.substring(start, i).trim();
                    i++;
                    if (!inside.matches("\\d+")) {
                        throw badReference(path, "'[" + inside + "]' is not a single array index"
                                + " (wildcards, filters, slices and unions can select several nodes)");
                    }
                    try {
                        segments.add(Integer.parseInt(inside));
                    } catch (NumberFormatException e) {
                        throw badReference(path, "array index " + inside + " is too large");
                    }
                }
            } else {
                throw badReference(path, "unexpected character '" + c + "' at position " + i
                        + " (expected '.' or '[')");
            }
        }
        return segments;
    }

    private static IllegalArgumentException badReference(String path, String reason) {
        return new IllegalArgumentException("Invalid reference path '" + path + "': " + reason);
    }
}
