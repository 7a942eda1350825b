package dev.serverlesscd.asl.jsonpath;

import com.fasterxml.jackson.databind.JsonNode;
import dev.serverlesscd.asl.json.Json;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Choice rules of JSONPath-mode Choice states ("Choice workflow state", "Choice Rules" in the ASL spec).
 *
 * <p>A rule is either a boolean combination ({@code And}, {@code Or}, {@code Not}) or a data-test expression: a
 * {@code Variable} (a path, a context object path or a {@code $variable}) and exactly one comparison operator. A
 * comparison against a value of the wrong type is false, not an error. A {@code Variable} (or {@code ...Path}
 * operand) that selects nothing is a {@code States.Runtime} error, except for {@code IsPresent}.
 */
public final class ChoiceRules {
    private static final Set<String> STRING_OPS = Set.of("StringEquals", "StringLessThan", "StringGreaterThan",
            "StringLessThanEquals", "StringGreaterThanEquals", "StringMatches");
    private static final Set<String> NUMERIC_OPS = Set.of("NumericEquals", "NumericLessThan", "NumericGreaterThan",
            "NumericLessThanEquals", "NumericGreaterThanEquals");
    private static final Set<String> TIMESTAMP_OPS = Set.of("TimestampEquals", "TimestampLessThan",
            "TimestampGreaterThan", "TimestampLessThanEquals", "TimestampGreaterThanEquals");
    private static final Set<String> BOOLEAN_OPS = Set.of("BooleanEquals");
    private static final Set<String> TYPE_OPS = Set.of("IsNull", "IsPresent", "IsNumeric", "IsString", "IsBoolean",
            "IsTimestamp");
    /** Fields a choice rule may carry besides its condition. */
    private static final Set<String> NON_OPERATOR_FIELDS = Set.of("Variable", "Next", "Comment", "Assign", "Output");

    private static final Pattern RFC3339 = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})");

    private ChoiceRules() {
    }

    /** Every comparison operator name, including the {@code ...Path} variants. */
    public static Set<String> operators() {
        return OPERATORS;
    }

    private static final Set<String> OPERATORS = allOperators();

    private static Set<String> allOperators() {
        Set<String> all = new java.util.TreeSet<>();
        for (Set<String> group : List.of(STRING_OPS, NUMERIC_OPS, TIMESTAMP_OPS, BOOLEAN_OPS)) {
            for (String op : group) {
                all.add(op);
                if (!op.equals("StringMatches")) {
                    all.add(op + "Path");
                }
            }
        }
        all.addAll(TYPE_OPS);
        return java.util.Collections.unmodifiableSet(all);
    }

    /** Evaluates a choice rule against the state's input; {@code $$} paths see an empty context object. */
    public static boolean matches(JsonNode rule, JsonNode input, JsonNode variables) {
        return matches(rule, input, null, variables);
    }

    /**
     * Evaluates a choice rule.
     *
     * @throws StatesError {@code States.Runtime} when a Variable or {@code ...Path} operand selects nothing (except
     *                  for IsPresent)
     * @throws IllegalArgumentException when the rule itself is malformed (see {@link #validate})
     */
    public static boolean matches(JsonNode rule, JsonNode input, JsonNode context, JsonNode variables) {
        return matches(rule, input, () -> context, () -> variables);
    }

    /** As {@link #matches(JsonNode, JsonNode, JsonNode, JsonNode)}, reading the context and variables only if used. */
    public static boolean matches(JsonNode rule, JsonNode input, Supplier<JsonNode> context,
                                  Supplier<JsonNode> variables) {
        if (rule == null || !rule.isObject()) {
            throw new IllegalArgumentException("A choice rule must be a JSON object");
        }
        if (rule.has("And")) {
            for (JsonNode sub : rule.get("And")) {
                if (!matches(sub, input, context, variables)) {
                    return false;
                }
            }
            return true;
        }
        if (rule.has("Or")) {
            for (JsonNode sub : rule.get("Or")) {
                if (matches(sub, input, context, variables)) {
                    return true;
                }
            }
            return false;
        }
        if (rule.has("Not")) {
            return !matches(rule.get("Not"), input, context, variables);
        }
        String op = operatorOf(rule);
        JsonNode variableField = rule.get("Variable");
        if (variableField == null || !variableField.isTextual()) {
            throw new IllegalArgumentException("A choice rule with " + op + " needs a Variable string");
        }
        String variable = variableField.textValue();
        JsonNode operand = rule.get(op);
        JsonNode value = JsonPaths.resolveOrNull(variable, input, context, variables);
        if (op.equals("IsPresent")) {
            return (value != null) == operand.asBoolean();
        }
        if (value == null) {
            throw invalidPath(variable);
        }
        if (TYPE_OPS.contains(op)) {
            return typeTest(op, value) == operand.asBoolean();
        }
        String base = op;
        if (op.endsWith("Path")) {
            base = op.substring(0, op.length() - 4);
            String path = operand.asText();
            operand = JsonPaths.resolveOrNull(path, input, context, variables);
            if (operand == null) {
                throw invalidPath(path);
            }
        }
        return compare(base, value, operand);
    }

    private static StatesError invalidPath(String path) {
        return new StatesError("States.Runtime", "Invalid path '" + path
                + "': The choice state's condition path references an invalid value.");
    }

    private static String operatorOf(JsonNode rule) {
        String found = null;
        Set<String> ops = operators();
        Iterator<String> names = rule.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (ops.contains(name)) {
                if (found != null) {
                    throw new IllegalArgumentException("A choice rule must have exactly one comparison operator,"
                            + " found " + found + " and " + name);
                }
                found = name;
            }
        }
        if (found == null) {
            throw new IllegalArgumentException("A choice rule has no comparison operator: " + Json.write(rule));
        }
        return found;
    }

    private static boolean typeTest(String op, JsonNode value) {
        switch (op) {
            case "IsNull":
                return value.isNull();
            case "IsNumeric":
                return value.isNumber();
            case "IsString":
                return value.isTextual();
            case "IsBoolean":
                return value.isBoolean();
            case "IsTimestamp":
                return value.isTextual() && parseTimestamp(value.textValue()) != null;
            default:
                throw new IllegalArgumentException("Unknown type test " + op);
        }
    }

    private static boolean compare(String op, JsonNode value, JsonNode operand) {
        if (STRING_OPS.contains(op)) {
            if (!value.isTextual() || !operand.isTextual()) {
                return false;
            }
            String a = value.textValue();
            String b = operand.textValue();
            if (op.equals("StringMatches")) {
                return wildcard(b).matcher(a).matches();
            }
            return ordered(op.substring("String".length()), a.compareTo(b));
        }
        if (NUMERIC_OPS.contains(op)) {
            if (!value.isNumber() || !operand.isNumber()) {
                return false;
            }
            return ordered(op.substring("Numeric".length()), value.decimalValue().compareTo(operand.decimalValue()));
        }
        if (BOOLEAN_OPS.contains(op)) {
            return value.isBoolean() && operand.isBoolean() && value.booleanValue() == operand.booleanValue();
        }
        if (TIMESTAMP_OPS.contains(op)) {
            if (!value.isTextual() || !operand.isTextual()) {
                return false;
            }
            Instant a = parseTimestamp(value.textValue());
            Instant b = parseTimestamp(operand.textValue());
            if (a == null || b == null) {
                return false;
            }
            return ordered(op.substring("Timestamp".length()), a.compareTo(b));
        }
        throw new IllegalArgumentException("Unknown comparison operator " + op);
    }

    private static boolean ordered(String relation, int cmp) {
        switch (relation) {
            case "Equals":
                return cmp == 0;
            case "LessThan":
                return cmp < 0;
            case "GreaterThan":
                return cmp > 0;
            case "LessThanEquals":
                return cmp <= 0;
            case "GreaterThanEquals":
                return cmp >= 0;
            default:
                throw new IllegalArgumentException("Unknown relation " + relation);
        }
    }

    /**
     * Parses an RFC 3339 timestamp as Step Functions accepts it: uppercase {@code T} between date and time, seconds
     * present, optional fraction, {@code Z} or a numeric offset. Answers null when the text is not such a timestamp.
     */
    static Instant parseTimestamp(String text) {
        if (text == null || !RFC3339.matcher(text).matches()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** StringMatches patterns: {@code *} matches any run of characters, {@code \*} a literal star, {@code \\} a backslash. */
    static Pattern wildcard(String pattern) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                literal.append(pattern.charAt(++i));
            } else if (c == '*') {
                if (literal.length() > 0) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(".*");
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    /**
     * Checks a choice rule without evaluating it.
     *
     * @return the problems found (no operator or several, unknown operator, missing or bad Variable, bad path
     *         operands, operand of the wrong type, empty And/Or); empty when none
     */
    public static List<String> validate(JsonNode rule) {
        List<String> problems = new ArrayList<>();
        validate(rule, "rule", problems);
        return problems;
    }

    private static void validate(JsonNode rule, String where, List<String> problems) {
        if (rule == null || !rule.isObject()) {
            problems.add(where + ": a choice rule must be a JSON object");
            return;
        }
        int combinators = 0;
        for (String c : List.of("And", "Or", "Not")) {
            if (rule.has(c)) {
                combinators++;
            }
        }
        if (combinators > 0) {
            if (combinators > 1) {
                problems.add(where + ": a choice rule can have only one of And, Or and Not");
            }
            Iterator<String> names = rule.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                if (!Set.of("And", "Or", "Not", "Next", "Comment", "Assign", "Output").contains(name)) {
                    problems.add(where + ": the field '" + name + "' is not allowed in a rule with And, Or or Not");
                }
            }
            for (String c : List.of("And", "Or")) {
                JsonNode subs = rule.get(c);
                if (subs == null) {
                    continue;
                }
                if (!subs.isArray() || subs.isEmpty()) {
                    problems.add(where + "." + c + ": must be a non-empty array of choice rules");
                    continue;
                }
                for (int i = 0; i < subs.size(); i++) {
                    validateNested(subs.get(i), where + "." + c + "[" + i + "]", problems);
                }
            }
            if (rule.has("Not")) {
                validateNested(rule.get("Not"), where + ".Not", problems);
            }
            return;
        }
        Set<String> ops = operators();
        List<String> found = new ArrayList<>();
        Iterator<String> names = rule.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (ops.contains(name)) {
                found.add(name);
            } else if (!NON_OPERATOR_FIELDS.contains(name)) {
                problems.add(where + ": unknown comparison operator or field '" + name + "'");
            }
        }
        if (found.isEmpty()) {
            problems.add(where + ": no comparison operator");
        } else if (found.size() > 1) {
            problems.add(where + ": several comparison operators " + found + "; a rule must have exactly one");
        }
        JsonNode variable = rule.get("Variable");
        if (variable == null) {
            problems.add(where + ": the Variable field is missing");
        } else if (!variable.isTextual()) {
            problems.add(where + ".Variable: must be a string path");
        } else {
            try {
                validateReference(variable.textValue());
            } catch (IllegalArgumentException e) {
                problems.add(where + ".Variable: " + e.getMessage());
            }
        }
        for (String op : found) {
            validateOperand(op, rule.get(op), where + "." + op, problems);
        }
    }

    private static void validateNested(JsonNode rule, String where, List<String> problems) {
        if (rule != null && rule.isObject() && rule.has("Next")) {
            problems.add(where + ": a nested choice rule must not have Next");
        }
        validate(rule, where, problems);
    }

    private static void validateReference(String path) {
        if (path.startsWith("$$")) {
            JsonPaths.validatePath(path);
            return;
        }
        PayloadTemplates.validateValuePath(path);
    }

    private static void validateOperand(String op, JsonNode operand, String where, List<String> problems) {
        if (op.endsWith("Path")) {
            if (!operand.isTextual()) {
                problems.add(where + ": must be a string path");
                return;
            }
            try {
                validateReference(operand.textValue());
            } catch (IllegalArgumentException e) {
                problems.add(where + ": " + e.getMessage());
            }
            return;
        }
        if (TYPE_OPS.contains(op) || BOOLEAN_OPS.contains(op)) {
            if (!operand.isBoolean()) {
                problems.add(where + ": must be true or false");
            }
        } else if (STRING_OPS.contains(op)) {
            if (!operand.isTextual()) {
                problems.add(where + ": must be a string");
            }
        } else if (NUMERIC_OPS.contains(op)) {
            if (!operand.isNumber()) {
                problems.add(where + ": must be a number");
            }
        } else if (TIMESTAMP_OPS.contains(op)) {
            if (!operand.isTextual() || parseTimestamp(operand.textValue()) == null) {
                problems.add(where + ": must be an RFC 3339 timestamp string such as 2016-03-14T01:59:00Z");
            }
        }
    }
}
