package dev.serverlesscd.asl.jsonpath;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.serverlesscd.asl.AslError;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.StringTokenizer;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The intrinsic functions of JSONPath states ("Intrinsic functions for JSONPath states in Step Functions"):
 * {@code States.Format}, {@code States.StringToJson}, {@code States.JsonToString}, {@code States.Array},
 * {@code States.ArrayPartition}, {@code States.ArrayContains}, {@code States.ArrayRange}, {@code States.ArrayGetItem},
 * {@code States.ArrayLength}, {@code States.ArrayUnique}, {@code States.Base64Encode}, {@code States.Base64Decode},
 * {@code States.Hash}, {@code States.JsonMerge}, {@code States.MathRandom}, {@code States.MathAdd},
 * {@code States.StringSplit}, {@code States.UUID}.
 *
 * <p>Arguments are string literals in single quotes (escapes {@code \'}, {@code \{}, {@code \}}, {@code \\}),
 * numbers, {@code true}, {@code false}, {@code null}, paths ({@code $.x}, {@code $$.Execution.Id}, {@code $var.x})
 * and nested intrinsic calls (up to 10 levels).
 */
public final class Intrinsics {
    /** Maximum nesting of intrinsic calls in one field, as documented. */
    public static final int MAX_NESTING = 10;
    /** Maximum number of items States.ArrayRange may generate. */
    public static final int MAX_RANGE_ITEMS = 1000;
    /** Maximum characters of the data of States.Base64Encode, States.Base64Decode and States.Hash. */
    public static final int MAX_DATA_CHARS = 10_000;

    private static final String FAILURE = "States.IntrinsicFailure";

    /** Arity of each function: {min, max}; max -1 means unbounded. */
    private static final Map<String, int[]> ARITY = Map.ofEntries(
            Map.entry("States.Format", new int[] {1, -1}),
            Map.entry("States.StringToJson", new int[] {1, 1}),
            Map.entry("States.JsonToString", new int[] {1, 1}),
            Map.entry("States.Array", new int[] {0, -1}),
            Map.entry("States.ArrayPartition", new int[] {2, 2}),
            Map.entry("States.ArrayContains", new int[] {2, 2}),
            Map.entry("States.ArrayRange", new int[] {3, 3}),
            Map.entry("States.ArrayGetItem", new int[] {2, 2}),
            Map.entry("States.ArrayLength", new int[] {1, 1}),
            Map.entry("States.ArrayUnique", new int[] {1, 1}),
            Map.entry("States.Base64Encode", new int[] {1, 1}),
            Map.entry("States.Base64Decode", new int[] {1, 1}),
            Map.entry("States.Hash", new int[] {2, 2}),
            Map.entry("States.JsonMerge", new int[] {3, 3}),
            Map.entry("States.MathRandom", new int[] {2, 3}),
            Map.entry("States.MathAdd", new int[] {2, 2}),
            Map.entry("States.StringSplit", new int[] {2, 2}),
            Map.entry("States.UUID", new int[] {0, 0}));

    private static final List<String> HASH_ALGORITHMS = List.of("MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512");

    private Intrinsics() {
    }

    /** Whether a payload template value looks like an intrinsic function call ({@code States.X(...)}). */
    public static boolean isIntrinsic(String expression) {
        return expression != null && expression.trim().startsWith("States.");
    }

    /** The names of all supported intrinsic functions. */
    public static java.util.Set<String> functionNames() {
        return ARITY.keySet();
    }

    /**
     * Evaluates an intrinsic function call.
     *
     * @param expression e.g. {@code States.Format('Hello, {}', $.name)}
     * @param input      the document {@code $...} paths read from
     * @param context    the context object {@code $$...} paths read from (may be null)
     * @param variables  the variables in scope, {@code $name...} paths read from (may be null)
     * @throws AslError {@code States.IntrinsicFailure} for a malformed call or bad arguments;
     *                  {@code States.Runtime} when a path argument selects nothing
     */
    public static JsonNode evaluate(String expression, JsonNode input, JsonNode context, JsonNode variables) {
        Call call;
        try {
            call = new Parser(expression).parseTop();
        } catch (IllegalArgumentException e) {
            throw new AslError(FAILURE, e.getMessage());
        }
        int depth = depth(call);
        if (depth > MAX_NESTING) {
            throw new AslError(FAILURE, "Intrinsic functions can be nested at most " + MAX_NESTING
                    + " deep, this expression nests " + depth);
        }
        return eval(call, input, context, variables);
    }

    /**
     * Checks an intrinsic call without evaluating it: syntax, function names, argument counts, nesting depth,
     * path syntax, literal argument types and the placeholders of a literal States.Format template.
     *
     * @return the problems found, empty when none
     */
    public static List<String> validate(String expression) {
        List<String> problems = new ArrayList<>();
        Call call;
        try {
            call = new Parser(expression).parseTop();
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return problems;
        }
        validateCall(call, 1, problems);
        return problems;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Syntax tree

    private interface Arg {
    }

    private static final class Call implements Arg {
        final String name;
        final List<Arg> args;

        Call(String name, List<Arg> args) {
            this.name = name;
            this.args = args;
        }
    }

    private static final class Literal implements Arg {
        final JsonNode value;
        /** For string literals, the text between the quotes with escapes kept (States.Format needs it). */
        final String raw;

        Literal(JsonNode value, String raw) {
            this.value = value;
            this.raw = raw;
        }
    }

    private static final class PathArg implements Arg {
        final String path;

        PathArg(String path) {
            this.path = path;
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Parser

    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            if (s == null) {
                throw new IllegalArgumentException("The intrinsic function expression must not be null");
            }
            this.s = s;
        }

        Call parseTop() {
            skipWs();
            if (!s.startsWith("States.", pos)) {
                throw error("expected an intrinsic function call starting with 'States.'");
            }
            Call call = parseCall();
            skipWs();
            if (pos != s.length()) {
                throw error("unexpected text after the closing ')'");
            }
            return call;
        }

        private Call parseCall() {
            int start = pos;
            pos += "States.".length();
            while (pos < s.length() && Character.isLetterOrDigit(s.charAt(pos))) {
                pos++;
            }
            String name = s.substring(start, pos);
            if (name.equals("States.")) {
                throw error("a function name is missing after 'States.'");
            }
            skipWs();
            if (pos >= s.length() || s.charAt(pos) != '(') {
                throw error("expected '(' after " + name);
            }
            pos++;
            List<Arg> args = new ArrayList<>();
            skipWs();
            if (pos < s.length() && s.charAt(pos) == ')') {
                pos++;
                return new Call(name, args);
            }
            while (true) {
                args.add(parseArg());
                skipWs();
                if (pos >= s.length()) {
                    throw error("missing ')' to close " + name);
                }
                char c = s.charAt(pos);
                if (c == ',') {
                    pos++;
                    continue;
                }
                if (c == ')') {
                    pos++;
                    return new Call(name, args);
                }
                throw error("expected ',' or ')' in the arguments of " + name);
            }
        }

        private Arg parseArg() {
            skipWs();
            if (pos >= s.length()) {
                throw error("an argument is missing");
            }
            char c = s.charAt(pos);
            if (c == '\'') {
                return parseString();
            }
            if (c == '$') {
                return parsePath();
            }
            if (s.startsWith("States.", pos)) {
                return parseCall();
            }
            if (c == '-' || c == '+' || Character.isDigit(c)) {
                return parseNumber();
            }
            for (String kw : new String[] {"true", "false", "null"}) {
                if (s.startsWith(kw, pos) && !identifierCharAt(pos + kw.length())) {
                    pos += kw.length();
                    return new Literal(kw.equals("null") ? Json.NODES.nullNode()
                            : Json.NODES.booleanNode(kw.equals("true")), null);
                }
            }
            if (c == ',' || c == ')') {
                throw error("an argument is missing");
            }
            throw error("unexpected character '" + c + "'; an argument is a string in single quotes, a number,"
                    + " true, false, null, a path or an intrinsic function");
        }

        private boolean identifierCharAt(int i) {
            return i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_');
        }

        private Literal parseString() {
            int start = ++pos;
            StringBuilder value = new StringBuilder();
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == '\\') {
                    if (pos + 1 >= s.length()) {
                        throw error("an open escape '\\' ends the expression");
                    }
                    char e = s.charAt(pos + 1);
                    if (e != '\'' && e != '{' && e != '}' && e != '\\') {
                        throw error("the escape sequence '\\" + e + "' is not allowed; only \\', \\{, \\} and \\\\ are");
                    }
                    value.append(e);
                    pos += 2;
                    continue;
                }
                if (c == '\'') {
                    String raw = s.substring(start, pos);
                    pos++;
                    return new Literal(Json.NODES.textNode(value.toString()), raw);
                }
                value.append(c);
                pos++;
            }
            throw error("unterminated string literal starting at position " + (start - 1));
        }

        private PathArg parsePath() {
            int start = pos;
            int brackets = 0;
            int parens = 0;
            char quote = 0;
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (quote != 0) {
                    if (c == '\\') {
                        pos += 2;
                        continue;
                    }
                    if (c == quote) {
                        quote = 0;
                    }
                } else if (c == '\'' || c == '"') {
                    if (brackets == 0) {
                        throw error("unexpected quote in path");
                    }
                    quote = c;
                } else if (c == '[') {
                    brackets++;
                } else if (c == ']') {
                    brackets--;
                } else if (c == '(') {
                    parens++;
                } else if (c == ')') {
                    if (parens == 0 && brackets == 0) {
                        break;
                    }
                    parens--;
                } else if (c == ',' && brackets == 0 && parens == 0) {
                    break;
                }
                pos++;
            }
            if (quote != 0 || brackets != 0) {
                throw error("unterminated path '" + s.substring(start) + "'");
            }
            String path = s.substring(start, pos).trim();
            return new PathArg(path);
        }

        private Literal parseNumber() {
            int start = pos;
            while (pos < s.length() && "+-0123456789.eE".indexOf(s.charAt(pos)) >= 0) {
                pos++;
            }
            String token = s.substring(start, pos);
            String text = token.startsWith("+") ? token.substring(1) : token;
            try {
                JsonNode n = Json.MAPPER.readTree(text);
                if (n == null || !n.isNumber()) {
                    throw new IllegalArgumentException();
                }
                return new Literal(n, null);
            } catch (JsonProcessingException | IllegalArgumentException e) {
                pos = start;
                throw error("invalid number '" + token + "'");
            }
        }

        private void skipWs() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        private IllegalArgumentException error(String reason) {
            return new IllegalArgumentException("Invalid intrinsic function expression '" + s + "' at position "
                    + pos + ": " + reason);
        }
    }

    private static int depth(Call call) {
        int max = 0;
        for (Arg arg : call.args) {
            if (arg instanceof Call) {
                max = Math.max(max, depth((Call) arg));
            }
        }
        return max + 1;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Validation

    private static void validateCall(Call call, int depth, List<String> problems) {
        if (depth > MAX_NESTING) {
            problems.add("Intrinsic functions can be nested at most " + MAX_NESTING + " deep, " + call.name
                    + " is at depth " + depth);
            return;
        }
        int[] arity = ARITY.get(call.name);
        if (arity == null) {
            problems.add("Unknown intrinsic function " + call.name);
        } else {
            String arityProblem = arityProblem(call.name, arity, call.args.size());
            if (arityProblem != null) {
                problems.add(arityProblem);
            }
        }
        for (Arg arg : call.args) {
            if (arg instanceof Call) {
                validateCall((Call) arg, depth + 1, problems);
            } else if (arg instanceof PathArg) {
                String path = ((PathArg) arg).path;
                try {
                    validateArgumentPath(path);
                } catch (IllegalArgumentException e) {
                    problems.add("In " + call.name + ": " + e.getMessage());
                }
            }
        }
        if (arity == null || arityProblem(call.name, arity, call.args.size()) != null) {
            return;
        }
        // Checks that only literal arguments make statically knowable.
        try {
            checkLiterals(call);
        } catch (AslError e) {
            problems.add(e.cause());
        }
    }

    private static void checkLiterals(Call call) {
        List<JsonNode> values = new ArrayList<>();
        for (Arg arg : call.args) {
            values.add(arg instanceof Literal ? ((Literal) arg).value : null);
        }
        switch (call.name) {
            case "States.Format": {
                Arg template = call.args.get(0);
                if (template instanceof Literal) {
                    Literal t = (Literal) template;
                    if (t.raw == null) {
                        throw failure(call.name, "the first argument must be a string");
                    }
                    int placeholders = countPlaceholders(t.raw, true);
                    if (placeholders != call.args.size() - 1) {
                        throw failure(call.name, "the format string has " + placeholders + " placeholder(s) {} but "
                                + (call.args.size() - 1) + " value argument(s) were given");
                    }
                }
                for (int i = 1; i < values.size(); i++) {
                    if (values.get(i) != null) {
                        formatValue(call.name, i, values.get(i));
                    }
                }
                break;
            }
            case "States.StringToJson":
            case "States.Base64Encode":
            case "States.Base64Decode":
                if (values.get(0) != null) {
                    requireString(call.name, 0, values.get(0));
                }
                break;
            case "States.ArrayPartition":
                if (values.get(0) != null) {
                    requireArray(call.name, 0, values.get(0));
                }
                if (values.get(1) != null) {
                    requirePositiveInt(call.name, 1, values.get(1));
                }
                break;
            case "States.ArrayContains":
            case "States.ArrayLength":
            case "States.ArrayUnique":
                if (values.get(0) != null) {
                    requireArray(call.name, 0, values.get(0));
                }
                break;
            case "States.ArrayGetItem":
                if (values.get(0) != null) {
                    requireArray(call.name, 0, values.get(0));
                }
                if (values.get(1) != null) {
                    requireIndex(call.name, 1, values.get(1));
                }
                break;
            case "States.ArrayRange":
                if (values.stream().allMatch(v -> v != null)) {
                    arrayRange(values);
                } else {
                    for (int i = 0; i < 3; i++) {
                        if (values.get(i) != null) {
                            requireInt(call.name, i, values.get(i));
                        }
                    }
                }
                break;
            case "States.Hash":
                if (values.get(0) != null) {
                    requireString(call.name, 0, values.get(0));
                }
                if (values.get(1) != null) {
                    hashAlgorithm(values.get(1));
                }
                break;
            case "States.JsonMerge":
                for (int i = 0; i < 2; i++) {
                    if (values.get(i) != null) {
                        requireObject(call.name, i, values.get(i));
                    }
                }
                if (values.get(2) != null) {
                    requireShallow(values.get(2));
                }
                break;
            case "States.MathRandom":
            case "States.MathAdd":
                for (int i = 0; i < values.size(); i++) {
                    if (values.get(i) != null) {
                        requireInt(call.name, i, values.get(i));
                    }
                }
                break;
            case "States.StringSplit":
                for (int i = 0; i < 2; i++) {
                    if (values.get(i) != null) {
                        requireString(call.name, i, values.get(i));
                    }
                }
                break;
            default:
                break;
        }
    }

    private static void validateArgumentPath(String path) {
        String[] var = JsonPaths.splitVariable(path);
        if (var != null) {
            if (!var[1].isEmpty()) {
                JsonPaths.validatePath("$" + var[1]);
            }
            return;
        }
        JsonPaths.validatePath(path);
    }

    private static String arityProblem(String name, int[] arity, int count) {
        if (count < arity[0] || (arity[1] >= 0 && count > arity[1])) {
            String expected;
            if (arity[1] < 0) {
                expected = "at least " + arity[0];
            } else if (arity[0] == arity[1]) {
                expected = String.valueOf(arity[0]);
            } else {
                expected = arity[0] + " to " + arity[1];
            }
            return "The function " + name + " takes " + expected + " argument(s) but " + count + " were given";
        }
        return null;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Evaluation

    private static JsonNode eval(Call call, JsonNode input, JsonNode context, JsonNode variables) {
        int[] arity = ARITY.get(call.name);
        if (arity == null) {
            throw new AslError(FAILURE, "Unknown intrinsic function " + call.name);
        }
        String arityProblem = arityProblem(call.name, arity, call.args.size());
        if (arityProblem != null) {
            throw new AslError(FAILURE, arityProblem);
        }
        List<JsonNode> v = new ArrayList<>();
        for (Arg arg : call.args) {
            v.add(value(arg, input, context, variables));
        }
        switch (call.name) {
            case "States.Format":
                return format(call, v);
            case "States.StringToJson": {
                String text = requireString(call.name, 0, v.get(0));
                try {
                    JsonNode parsed = Json.MAPPER.reader()
                            .with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                            .readTree(text);
                    return parsed == null || parsed.isMissingNode() ? Json.NODES.nullNode() : parsed;
                } catch (JsonProcessingException e) {
                    throw failure(call.name, "the argument is not valid JSON: " + e.getOriginalMessage());
                }
            }
            case "States.JsonToString":
                return Json.NODES.textNode(Json.write(v.get(0)));
            case "States.Array": {
                ArrayNode out = Json.NODES.arrayNode();
                v.forEach(out::add);
                return out;
            }
            case "States.ArrayPartition": {
                ArrayNode array = requireArray(call.name, 0, v.get(0));
                int size = requirePositiveInt(call.name, 1, v.get(1));
                ArrayNode out = Json.NODES.arrayNode();
                ArrayNode chunk = null;
                for (int i = 0; i < array.size(); i++) {
                    if (i % size == 0) {
                        chunk = out.addArray();
                    }
                    chunk.add(array.get(i));
                }
                return out;
            }
            case "States.ArrayContains": {
                ArrayNode array = requireArray(call.name, 0, v.get(0));
                for (JsonNode item : array) {
                    if (Json.jsonEquals(item, v.get(1))) {
                        return Json.NODES.booleanNode(true);
                    }
                }
                return Json.NODES.booleanNode(false);
            }
            case "States.ArrayRange":
                return arrayRange(v);
            case "States.ArrayGetItem": {
                ArrayNode array = requireArray(call.name, 0, v.get(0));
                int index = requireIndex(call.name, 1, v.get(1));
                if (index >= array.size()) {
                    throw failure(call.name, "the index " + index + " is out of bounds for an array of "
                            + array.size() + " item(s)");
                }
                return array.get(index);
            }
            case "States.ArrayLength":
                return Json.NODES.numberNode(requireArray(call.name, 0, v.get(0)).size());
            case "States.ArrayUnique": {
                ArrayNode array = requireArray(call.name, 0, v.get(0));
                ArrayNode out = Json.NODES.arrayNode();
                for (JsonNode item : array) {
                    boolean seen = false;
                    for (JsonNode kept : out) {
                        if (Json.jsonEquals(kept, item)) {
                            seen = true;
                            break;
                        }
                    }
                    if (!seen) {
                        out.add(item);
                    }
                }
                return out;
            }
            case "States.Base64Encode": {
                String data = requireLimited(call.name, requireString(call.name, 0, v.get(0)));
                return Json.NODES.textNode(Base64.getEncoder().encodeToString(data.getBytes(StandardCharsets.UTF_8)));
            }
            case "States.Base64Decode": {
                String data = requireLimited(call.name, requireString(call.name, 0, v.get(0)));
                try {
                    byte[] bytes = Base64.getDecoder().decode(data.replaceAll("\\s", ""));
                    return Json.NODES.textNode(new String(bytes, StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    throw failure(call.name, "the argument is not valid Base64: " + e.getMessage());
                }
            }
            case "States.Hash": {
                String data = requireLimited(call.name, requireString(call.name, 0, v.get(0)));
                String algorithm = hashAlgorithm(v.get(1));
                try {
                    byte[] digest = MessageDigest.getInstance(algorithm).digest(data.getBytes(StandardCharsets.UTF_8));
                    return Json.NODES.textNode(HexFormat.of().formatHex(digest));
                } catch (NoSuchAlgorithmException e) {
                    throw failure(call.name, "the hash algorithm " + algorithm + " is not available");
                }
            }
            case "States.JsonMerge": {
                ObjectNode left = requireObject(call.name, 0, v.get(0));
                ObjectNode right = requireObject(call.name, 1, v.get(1));
                requireShallow(v.get(2));
                ObjectNode out = left.deepCopy();
                out.setAll(right.deepCopy());
                return out;
            }
            case "States.MathRandom": {
                int start = requireInt(call.name, 0, v.get(0));
                int end = requireInt(call.name, 1, v.get(1));
                if (start >= end) {
                    throw failure(call.name, "the start number " + start + " must be less than the end number " + end);
                }
                long bound = (long) end - start;
                long r;
                if (v.size() == 3) {
                    int seed = requireInt(call.name, 2, v.get(2));
                    r = (long) (new Random(seed).nextDouble() * bound);
                } else {
                    r = ThreadLocalRandom.current().nextLong(bound);
                }
                return Json.NODES.numberNode((int) (start + r));
            }
            case "States.MathAdd": {
                long sum = (long) requireInt(call.name, 0, v.get(0)) + requireInt(call.name, 1, v.get(1));
                if (sum < Integer.MIN_VALUE || sum > Integer.MAX_VALUE) {
                    throw failure(call.name, "the sum " + sum + " is outside the 32-bit integer range");
                }
                return Json.NODES.numberNode((int) sum);
            }
            case "States.StringSplit": {
                String text = requireString(call.name, 0, v.get(0));
                String delimiters = requireString(call.name, 1, v.get(1));
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
            }
            case "States.UUID":
                return Json.NODES.textNode(UUID.randomUUID().toString());
            default:
                throw new AslError(FAILURE, "Unknown intrinsic function " + call.name);
        }
    }

    private static JsonNode value(Arg arg, JsonNode input, JsonNode context, JsonNode variables) {
        if (arg instanceof Literal) {
            return ((Literal) arg).value.deepCopy();
        }
        if (arg instanceof Call) {
            return eval((Call) arg, input, context, variables);
        }
        String path = ((PathArg) arg).path;
        try {
            validateArgumentPath(path);
        } catch (IllegalArgumentException e) {
            throw new AslError(FAILURE, e.getMessage());
        }
        try {
            return JsonPaths.resolve(path, input, context, variables);
        } catch (AslError e) {
            throw new AslError("States.Runtime", "The JsonPath argument '" + path
                    + "' of an intrinsic function could not be found: " + e.cause());
        }
    }

    private static JsonNode format(Call call, List<JsonNode> v) {
        Arg templateArg = call.args.get(0);
        String template;
        boolean escapes;
        if (templateArg instanceof Literal && ((Literal) templateArg).raw != null) {
            template = ((Literal) templateArg).raw;
            escapes = true;
        } else {
            template = requireString(call.name, 0, v.get(0));
            escapes = false;
        }
        int placeholders = countPlaceholders(template, escapes);
        if (placeholders != v.size() - 1) {
            throw failure(call.name, "the format string has " + placeholders + " placeholder(s) {} but "
                    + (v.size() - 1) + " value argument(s) were given");
        }
        StringBuilder out = new StringBuilder();
        int next = 1;
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (escapes && c == '\\' && i + 1 < template.length()) {
                out.append(template.charAt(++i));
            } else if (c == '{' && i + 1 < template.length() && template.charAt(i + 1) == '}') {
                out.append(formatValue(call.name, next, v.get(next)));
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

    private static String formatValue(String fn, int index, JsonNode value) {
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isNumber() || value.isBoolean() || value.isNull()) {
            return value.asText();
        }
        throw failure(fn, "the value of argument " + (index + 1) + " must be a string, number, boolean or null,"
                + " not " + Json.typeName(value));
    }

    private static ArrayNode arrayRange(List<JsonNode> v) {
        String fn = "States.ArrayRange";
        long start = requireInt(fn, 0, v.get(0));
        long end = requireInt(fn, 1, v.get(1));
        long step = requireInt(fn, 2, v.get(2));
        if (step == 0) {
            throw failure(fn, "the step (third argument) must not be 0");
        }
        long count = (end - start) / step + 1;
        if ((end - start) != 0 && Long.signum(end - start) != Long.signum(step)) {
            count = 0;
        }
        if (count > MAX_RANGE_ITEMS) {
            throw failure(fn, "the array would have " + count + " items, more than the limit of "
                    + MAX_RANGE_ITEMS);
        }
        ArrayNode out = Json.NODES.arrayNode();
        for (long i = 0; i < count; i++) {
            out.add((int) (start + i * step));
        }
        return out;
    }

    private static String hashAlgorithm(JsonNode value) {
        String fn = "States.Hash";
        String algorithm = requireString(fn, 1, value);
        if (!HASH_ALGORITHMS.contains(algorithm)) {
            throw failure(fn, "the hash algorithm '" + algorithm + "' is not supported; use one of "
                    + String.join(", ", HASH_ALGORITHMS));
        }
        return algorithm;
    }

    private static void requireShallow(JsonNode value) {
        String fn = "States.JsonMerge";
        if (!value.isBoolean()) {
            throw failure(fn, "the third argument must be the boolean false, not " + Json.typeName(value));
        }
        if (value.booleanValue()) {
            throw failure(fn, "deep merging is not supported; the third argument must be false");
        }
    }

    private static String requireLimited(String fn, String data) {
        if (data.length() > MAX_DATA_CHARS) {
            throw failure(fn, "the input has " + data.length() + " characters, more than the limit of "
                    + MAX_DATA_CHARS);
        }
        return data;
    }

    private static String requireString(String fn, int index, JsonNode value) {
        if (!value.isTextual()) {
            throw wrongType(fn, index, "a string", value);
        }
        return value.textValue();
    }

    private static ArrayNode requireArray(String fn, int index, JsonNode value) {
        if (!value.isArray()) {
            throw wrongType(fn, index, "an array", value);
        }
        return (ArrayNode) value;
    }

    private static ObjectNode requireObject(String fn, int index, JsonNode value) {
        if (!value.isObject()) {
            throw wrongType(fn, index, "a JSON object", value);
        }
        return (ObjectNode) value;
    }

    private static int requireInt(String fn, int index, JsonNode value) {
        if (!Json.isIntegral(value)) {
            throw wrongType(fn, index, "an integer", value);
        }
        BigDecimal d = value.decimalValue();
        if (d.compareTo(BigDecimal.valueOf(Integer.MIN_VALUE)) < 0
                || d.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
            throw failure(fn, "argument " + (index + 1) + " (" + d.toPlainString()
                    + ") is outside the 32-bit integer range");
        }
        return d.intValueExact();
    }

    private static int requirePositiveInt(String fn, int index, JsonNode value) {
        int n = requireInt(fn, index, value);
        if (n <= 0) {
            throw failure(fn, "argument " + (index + 1) + " must be a positive integer, not " + n);
        }
        return n;
    }

    private static int requireIndex(String fn, int index, JsonNode value) {
        int n = requireInt(fn, index, value);
        if (n < 0) {
            throw failure(fn, "argument " + (index + 1) + " must be a non-negative index, not " + n);
        }
        return n;
    }

    private static AslError wrongType(String fn, int index, String expected, JsonNode value) {
        return failure(fn, "argument " + (index + 1) + " must be " + expected + ", but it is "
                + Json.typeName(value) + " " + Json.write(value));
    }

    private static AslError failure(String fn, String reason) {
        return new AslError(FAILURE, "Invalid arguments in " + fn + ": " + reason);
    }
}
