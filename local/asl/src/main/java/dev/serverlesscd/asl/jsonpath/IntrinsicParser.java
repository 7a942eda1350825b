package dev.serverlesscd.asl.jsonpath;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.serverlesscd.asl.json.Json;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses an intrinsic function call ("Intrinsic functions for JSONPath states"): {@code States.Name(arg, ...)} where an
 * argument is a string in single quotes (escapes {@code \' \{ \} \\}), a number, {@code true}, {@code false},
 * {@code null}, a path ({@code $.x}, {@code $$.Execution.Id}, {@code $var.x}) or a nested call.
 */
final class IntrinsicParser {
    /** An argument of a call. */
    sealed interface Arg permits Call, Literal, PathArg {
    }

    /** {@code States.Name(args)}. */
    record Call(String name, List<Arg> args) implements Arg {
        /** Nesting depth: 1 for a call without nested calls. */
        int depth() {
            int max = 0;
            for (Arg arg : args) {
                if (arg instanceof Call c) {
                    max = Math.max(max, c.depth());
                }
            }
            return max + 1;
        }
    }

    /** A literal; for a string, {@code raw} is the text between the quotes with its escapes kept (Format needs it). */
    record Literal(JsonNode value, String raw) implements Arg {
    }

    /** A path argument. */
    record PathArg(String path) implements Arg {
    }

    private final String s;
    private int pos;

    IntrinsicParser(String s) {
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
