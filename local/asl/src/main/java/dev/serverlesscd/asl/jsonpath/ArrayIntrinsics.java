package dev.serverlesscd.asl.jsonpath;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.serverlesscd.asl.json.Json;

import java.util.List;

import static dev.serverlesscd.asl.jsonpath.IntrinsicArgs.ANY;
import static dev.serverlesscd.asl.jsonpath.IntrinsicArgs.ARRAY;
import static dev.serverlesscd.asl.jsonpath.IntrinsicArgs.INDEX;
import static dev.serverlesscd.asl.jsonpath.IntrinsicArgs.INTEGER;
import static dev.serverlesscd.asl.jsonpath.IntrinsicArgs.POSITIVE_INTEGER;
import static dev.serverlesscd.asl.jsonpath.IntrinsicArgs.failure;
import static dev.serverlesscd.asl.jsonpath.IntrinsicArgs.requireArray;
import static dev.serverlesscd.asl.jsonpath.IntrinsicArgs.requireIndex;
import static dev.serverlesscd.asl.jsonpath.IntrinsicArgs.requireInt;
import static dev.serverlesscd.asl.jsonpath.IntrinsicArgs.requirePositiveInt;

/** The array intrinsics: States.Array, ArrayPartition, ArrayContains, ArrayRange, ArrayGetItem, ArrayLength, ArrayUnique. */
final class ArrayIntrinsics {
    /** Maximum number of items States.ArrayRange may generate. */
    static final int MAX_RANGE_ITEMS = 1000;

    private ArrayIntrinsics() {
    }

    static List<IntrinsicFunction> functions() {
        return List.of(
                IntrinsicFunction.of("States.Array", 0, -1, List.of(), (call, v) -> {
                    ArrayNode out = Json.NODES.arrayNode();
                    v.forEach(out::add);
                    return out;
                }),
                IntrinsicFunction.of("States.ArrayPartition", 2, 2, List.of(ARRAY, POSITIVE_INTEGER), (call, v) -> {
                    ArrayNode array = requireArray(call.name(), 0, v.get(0));
                    int size = requirePositiveInt(call.name(), 1, v.get(1));
                    ArrayNode out = Json.NODES.arrayNode();
                    ArrayNode chunk = null;
                    for (int i = 0; i < array.size(); i++) {
                        if (i % size == 0) {
                            chunk = out.addArray();
                        }
                        chunk.add(array.get(i));
                    }
                    return out;
                }),
                IntrinsicFunction.of("States.ArrayContains", 2, 2, List.of(ARRAY, ANY), (call, v) -> {
                    for (JsonNode item : requireArray(call.name(), 0, v.get(0))) {
                        if (Json.jsonEquals(item, v.get(1))) {
                            return Json.NODES.booleanNode(true);
                        }
                    }
                    return Json.NODES.booleanNode(false);
                }),
                new IntrinsicFunction("States.ArrayRange", 3, 3, (call, literals) -> {
                    if (literals.stream().allMatch(v -> v != null)) {
                        arrayRange(literals);
                    } else {
                        for (int i = 0; i < 3; i++) {
                            if (literals.get(i) != null) {
                                INTEGER.check(call.name(), i, literals.get(i));
                            }
                        }
                    }
                }, (call, v) -> arrayRange(v)),
                IntrinsicFunction.of("States.ArrayGetItem", 2, 2, List.of(ARRAY, INDEX), (call, v) -> {
                    ArrayNode array = requireArray(call.name(), 0, v.get(0));
                    int index = requireIndex(call.name(), 1, v.get(1));
                    if (index >= array.size()) {
                        throw failure(call.name(), "the index " + index + " is out of bounds for an array of "
                                + array.size() + " item(s)");
                    }
                    return array.get(index);
                }),
                IntrinsicFunction.of("States.ArrayLength", 1, 1, List.of(ARRAY),
                        (call, v) -> Json.NODES.numberNode(requireArray(call.name(), 0, v.get(0)).size())),
                IntrinsicFunction.of("States.ArrayUnique", 1, 1, List.of(ARRAY), (call, v) -> {
                    ArrayNode out = Json.NODES.arrayNode();
                    for (JsonNode item : requireArray(call.name(), 0, v.get(0))) {
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
                }));
    }

    static ArrayNode arrayRange(List<JsonNode> v) {
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
            throw failure(fn, "the array would have " + count + " items, more than the limit of " + MAX_RANGE_ITEMS);
        }
        ArrayNode out = Json.NODES.arrayNode();
        for (long i = 0; i < count; i++) {
            out.add((int) (start + i * step));
        }
        return out;
    }
}
