package dev.serverlesscd.asl;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.serverlesscd.asl.json.Json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JSONata in Step Functions: {@code "{% expr %}"} strings, {@code $states} and workflow variables as bindings,
 * the Step Functions extra functions ({@code $partition $range $hash $random $uuid $parse}), and failures reported as
 * {@code States.QueryEvaluationError} with AWS's cause text.
 */
final class JsonataSupport {
    static final String QUERY_EVALUATION_ERROR = "States.QueryEvaluationError";
    private static final Map<String, Jsonata> CACHE = new ConcurrentHashMap<>();

    /** Where an expression is evaluated: for the cause text, and the bindings. */
    record Env(String stateName, long enteredEventId, ObjectNode states, Map<String, JsonNode> variables) {
    }

    /** A JSONata failure, with the field it happened in (for the EvaluationFailed event). */
    static final class QueryEvaluationError extends AslError {
        final String field;
        volatile boolean recorded;

        QueryEvaluationError(String field, String cause) {
            super(QUERY_EVALUATION_ERROR, cause);
            this.field = field;
        }
    }

    /** A failure of the state's own evaluation rules (e.g. a non-boolean Condition), in AWS's wording. */
    static QueryEvaluationError fail(Env env, String field, String expression, String what) {
        return new QueryEvaluationError(field, "An error occurred while executing the state '" + env.stateName()
                + "' (entered at the event id #" + env.enteredEventId() + "). The JSONata expression '" + body(expression)
                + "' specified for the field '" + field + "' " + what);
    }

    private JsonataSupport() {
    }

    static boolean isExpression(JsonNode node) {
        return node != null && node.isTextual() && isExpression(node.textValue());
    }

    static boolean isExpression(String s) {
        String t = s.trim();
        return t.length() >= 4 && t.startsWith("{%") && t.endsWith("%}");
    }

    static String body(String s) {
        String t = s.trim();
        return t.substring(2, t.length() - 2).trim();
    }

    static Jsonata compile(String body) {
        Jsonata cached = CACHE.get(body);
        if (cached != null) {
            return cached;
        }
        Jsonata compiled = Jsonata.jsonata(body);
        CACHE.putIfAbsent(body, compiled);
        return compiled;
    }

    /** Compiles every {@code {% %}} string in {@code value}; problems name {@code where} and the field path. */
    static void validate(JsonNode value, String where, String field, List<String> problems) {
        if (value == null) {
            return;
        }
        if (value.isTextual() && isExpression(value)) {
            String body = body(value.textValue());
            if (body.isEmpty()) {
                problems.add(where + ": field '" + field + "' has an empty JSONata expression");
                return;
            }
            try {
                compile(body);
            } catch (RuntimeException e) {
                problems.add(where + ": field '" + field + "' has an invalid JSONata expression '" + body + "': " + e.getMessage());
            }
        } else if (value.isObject()) {
            value.fields().forEachRemaining(e -> validate(e.getValue(), where, field + "/" + e.getKey(), problems));
        } else if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                validate(value.get(i), where, field + "[" + i + "]", problems);
            }
        }
    }

    /** A field whose value may be a template: objects and arrays are walked, {@code {% %}} strings evaluated. */
    static JsonNode evaluateTemplate(JsonNode template, String field, Env env) {
        if (template == null) {
            return null;
        }
        if (isExpression(template)) {
            return evaluate(template.textValue(), field, env);
        }
        if (template.isObject()) {
            ObjectNode out = Json.obj();
            Iterator<Map.Entry<String, JsonNode>> it = template.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                out.set(e.getKey(), evaluateTemplate(e.getValue(), field + "/" + e.getKey(), env));
            }
            return out;
        }
        if (template.isArray()) {
            ArrayNode out = Json.NODES.arrayNode();
            for (int i = 0; i < template.size(); i++) {
                out.add(evaluateTemplate(template.get(i), field + "[" + i + "]", env));
            }
            return out;
        }
        return template.deepCopy();
    }

    /** Evaluates one {@code "{% expr %}"} string; nothing (undefined) is an error, as in AWS. */
    static JsonNode evaluate(String expression, String field, Env env) {
        String body = body(expression);
        String prefix = "An error occurred while executing the state '" + env.stateName() + "' (entered at the event id #"
                + env.enteredEventId() + "). The JSONata expression '" + body + "' specified for the field '" + field + "'";
        Object result;
        try {
            Jsonata expr = compile(body);
            Jsonata.Frame frame = expr.createFrame();
            bindFunctions(frame);
            frame.bind("states", toJava(env.states()));
            env.variables().forEach((name, value) -> frame.bind(name, toJava(value)));
            result = expr.evaluate(null, frame);
            if (result == null && isNullNotUndefined(body, frame)) {
                return Json.NODES.nullNode();
            }
        } catch (JException e) {
            String code = e.getError();
            throw new QueryEvaluationError(field, prefix + " threw an error during evaluation. "
                    + (code != null ? code + ": " : "") + e.getMessage());
        } catch (QueryEvaluationError e) {
            throw e;
        } catch (AslError e) {
            throw new QueryEvaluationError(field, prefix + " threw an error during evaluation. " + e.cause());
        } catch (RuntimeException | StackOverflowError e) {
            throw new QueryEvaluationError(field, prefix + " threw an error during evaluation. " + e);
        }
        if (result == null) {
            throw new QueryEvaluationError(field, prefix + " returned nothing (undefined).");
        }
        try {
            return toJson(result);
        } catch (IllegalArgumentException e) {
            throw new QueryEvaluationError(field, prefix + " returned a value that is not JSON: " + e.getMessage());
        }
    }

    /**
     * dashjoin's evaluate() answers Java null both for JSON null and for nothing (undefined); AWS treats only the
     * latter as an error. {@code $exists} tells them apart (the expression is evaluated a second time only when
     * its result was null).
     */
    private static boolean isNullNotUndefined(String body, Jsonata.Frame frame) {
        Object exists = compile("$exists((" + body + "\n))").evaluate(null, frame);
        return Boolean.TRUE.equals(exists);
    }

    static Object toJava(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return Jsonata.NULL_VALUE;
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.fields().forEachRemaining(e -> map.put(e.getKey(), toJava(e.getValue())));
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            node.forEach(n -> list.add(toJava(n)));
            return list;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToInt() ? (Object) node.intValue() : node.canConvertToLong() ? (Object) node.longValue() : node.doubleValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        return node.asText();
    }

    static JsonNode toJson(Object value) {
        if (value == null || value == Jsonata.NULL_VALUE) {
            return Json.NODES.nullNode();
        }
        if (value instanceof JsonNode n) {
            return n;
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode o = Json.obj();
            map.forEach((k, v) -> {
                if (v != null || map.containsKey(k)) {
                    o.set(String.valueOf(k), toJson(v));
                }
            });
            return o;
        }
        if (value instanceof List<?> list) {
            ArrayNode a = Json.NODES.arrayNode();
            for (Object v : list) {
                if (v != null) {
                    a.add(toJson(v));
                }
            }
            return a;
        }
        if (value instanceof String s) {
            return Json.NODES.textNode(s);
        }
        if (value instanceof Boolean b) {
            return Json.NODES.booleanNode(b);
        }
        if (value instanceof Integer i) {
            return Json.NODES.numberNode(i);
        }
        if (value instanceof Long l) {
            return l == l.intValue() ? Json.NODES.numberNode(l.intValue()) : Json.NODES.numberNode(l);
        }
        if (value instanceof BigInteger b) {
            return Json.NODES.numberNode(b);
        }
        if (value instanceof Number n) {
            double d = n.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException("number " + d);
            }
            if (d == Math.rint(d) && Math.abs(d) < 9.007199254740992E15) {
                long l = (long) d;
                return l == (int) l ? Json.NODES.numberNode((int) l) : Json.NODES.numberNode(l);
            }
            return Json.NODES.numberNode(BigDecimal.valueOf(d).doubleValue());
        }
        throw new IllegalArgumentException("a " + value.getClass().getSimpleName() + " (functions cannot be state data)");
    }

    /** The functions Step Functions adds to JSONata. */
    private static void bindFunctions(Jsonata.Frame frame) {
        frame.bind("partition", Jsonata.function("partition", (Jsonata.Fn2<List<?>, Number, Object>) (array, size) -> {
            int n = size.intValue();
            if (n <= 0) {
                throw new AslError(QUERY_EVALUATION_ERROR, "$partition: the chunk size must be a positive integer");
            }
            List<Object> chunks = new ArrayList<>();
            for (int i = 0; i < array.size(); i += n) {
                chunks.add(new ArrayList<>(array.subList(i, Math.min(array.size(), i + n))));
            }
            return chunks;
        }, "<an:a>"));
        frame.bind("range", Jsonata.function("range", (Jsonata.Fn3<Number, Number, Number, Object>) (start, end, step) -> {
            double s = start.doubleValue();
            double e = end.doubleValue();
            double st = step.doubleValue();
            if (st == 0) {
                throw new AslError(QUERY_EVALUATION_ERROR, "$range: the step must not be 0");
            }
            List<Object> out = new ArrayList<>();
            for (double v = s; st > 0 ? v <= e : v >= e; v += st) {
                out.add(v == Math.rint(v) ? (Object) (long) v : (Object) v);
                if (out.size() > 1000) {
                    throw new AslError(QUERY_EVALUATION_ERROR, "$range: more than 1000 items");
                }
            }
            return out;
        }, "<nnn:a>"));
        frame.bind("hash", Jsonata.function("hash", (Jsonata.Fn2<Object, String, Object>) (data, algorithm) -> {
            String alg = switch (algorithm) {
                case "MD5" -> "MD5";
                case "SHA-1" -> "SHA-1";
                case "SHA-256" -> "SHA-256";
                case "SHA-384" -> "SHA-384";
                case "SHA-512" -> "SHA-512";
                default -> throw new AslError(QUERY_EVALUATION_ERROR, "$hash: unsupported algorithm '" + algorithm + "'");
            };
            String text = data instanceof String s ? s : Json.write(toJson(data));
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance(alg).digest(text.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }, "<js:s>"));
        frame.bind("random", Jsonata.function("random", (Jsonata.FnVarArgs<Object>) args -> {
            if (!args.isEmpty() && args.get(0) instanceof Number seed) {
                return new Random(seed.longValue()).nextDouble();
            }
            return Math.random();
        }, "<n?:n>"));
        frame.bind("uuid", Jsonata.function("uuid", (Jsonata.Fn0<Object>) () -> UUID.randomUUID().toString(), "<:s>"));
        frame.bind("parse", Jsonata.function("parse", (Jsonata.Fn1<String, Object>) s -> {
            try {
                return toJava(Json.MAPPER.readTree(s));
            } catch (Exception e) {
                throw new AslError(QUERY_EVALUATION_ERROR, "$parse: not JSON: " + s);
            }
        }, "<s:j>"));
    }
}
