package dev.serverlesscd.asl.jsonpath;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.serverlesscd.asl.json.Json;

import java.math.BigDecimal;

/** Argument rules of the intrinsic functions and the {@code States.IntrinsicFailure} they raise. */
final class IntrinsicArgs {
    static final String FAILURE = "States.IntrinsicFailure";

    /** A rule on one argument value; throws {@link StatesError} when the value breaks it. */
    @FunctionalInterface
    interface Rule {
        void check(String fn, int index, JsonNode value);
    }

    static final Rule STRING = IntrinsicArgs::requireString;
    static final Rule ARRAY = IntrinsicArgs::requireArray;
    static final Rule OBJECT = IntrinsicArgs::requireObject;
    static final Rule INTEGER = IntrinsicArgs::requireInt;
    static final Rule ROUNDED_INTEGER = IntrinsicArgs::requireRoundedInt;
    static final Rule NUMBER = IntrinsicArgs::requireNumber;
    static final Rule POSITIVE_INTEGER = IntrinsicArgs::requirePositiveInt;
    static final Rule INDEX = IntrinsicArgs::requireIndex;
    static final Rule ANY = (fn, index, value) -> {
    };

    private IntrinsicArgs() {
    }

    static String requireString(String fn, int index, JsonNode value) {
        if (!value.isTextual()) {
            throw wrongType(fn, index, "a string", value);
        }
        return value.textValue();
    }

    static ArrayNode requireArray(String fn, int index, JsonNode value) {
        if (!value.isArray()) {
            throw wrongType(fn, index, "an array", value);
        }
        return (ArrayNode) value;
    }

    static ObjectNode requireObject(String fn, int index, JsonNode value) {
        if (!value.isObject()) {
            throw wrongType(fn, index, "a JSON object", value);
        }
        return (ObjectNode) value;
    }

    static BigDecimal requireNumber(String fn, int index, JsonNode value) {
        if (!value.isNumber()) {
            throw wrongType(fn, index, "a number", value);
        }
        return value.decimalValue();
    }

    static int requireInt(String fn, int index, JsonNode value) {
        if (!Json.isIntegral(value)) {
            throw wrongType(fn, index, "an integer", value);
        }
        return inIntRange(fn, index, value.decimalValue());
    }

    /**
     * A number, rounded to the nearest integer as Java's {@code Math.round} does (halves up): the intrinsic functions
     * page says of States.MathAdd and States.MathRandom that a non-integer value is rounded off to the nearest integer.
     */
    static int requireRoundedInt(String fn, int index, JsonNode value) {
        if (!value.isNumber()) {
            throw wrongType(fn, index, "an integer", value);
        }
        BigDecimal rounded = value.decimalValue().add(new BigDecimal("0.5")).setScale(0, java.math.RoundingMode.FLOOR);
        return inIntRange(fn, index, rounded);
    }

    static int inIntRange(String fn, int index, BigDecimal d) {
        if (d.compareTo(BigDecimal.valueOf(Integer.MIN_VALUE)) < 0
                || d.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
            throw failure(fn, "argument " + (index + 1) + " (" + d.toPlainString()
                    + ") is outside the 32-bit integer range");
        }
        return d.intValue();
    }

    static int requirePositiveInt(String fn, int index, JsonNode value) {
        int n = requireInt(fn, index, value);
        if (n <= 0) {
            throw failure(fn, "argument " + (index + 1) + " must be a positive integer, not " + n);
        }
        return n;
    }

    static int requireIndex(String fn, int index, JsonNode value) {
        int n = requireInt(fn, index, value);
        if (n < 0) {
            throw failure(fn, "argument " + (index + 1) + " must be a non-negative index, not " + n);
        }
        return n;
    }

    static StatesError wrongType(String fn, int index, String expected, JsonNode value) {
        return failure(fn, "argument " + (index + 1) + " must be " + expected + ", but it is "
                + Json.typeName(value) + " " + Json.write(value));
    }

    static StatesError failure(String fn, String reason) {
        return new StatesError(FAILURE, "Invalid arguments in " + fn + ": " + reason);
    }
}
