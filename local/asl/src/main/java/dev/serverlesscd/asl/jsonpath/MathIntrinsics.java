package dev.serverlesscd.asl.jsonpath;

import dev.serverlesscd.asl.json.Json;

import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

import static dev.serverlesscd.asl.jsonpath.IntrinsicArgs.INTEGER;
import static dev.serverlesscd.asl.jsonpath.IntrinsicArgs.failure;
import static dev.serverlesscd.asl.jsonpath.IntrinsicArgs.requireInt;

/** The math intrinsics: States.MathRandom, States.MathAdd. */
final class MathIntrinsics {
    private MathIntrinsics() {
    }

    static List<IntrinsicFunction> functions() {
        return List.of(
                IntrinsicFunction.of("States.MathRandom", 2, 3, List.of(INTEGER), (call, v) -> {
                    String fn = call.name();
                    int start = requireInt(fn, 0, v.get(0));
                    int end = requireInt(fn, 1, v.get(1));
                    if (start >= end) {
                        throw failure(fn, "the start number " + start + " must be less than the end number " + end);
                    }
                    long bound = (long) end - start;
                    long r;
                    if (v.size() == 3) {
                        r = (long) (new Random(requireInt(fn, 2, v.get(2))).nextDouble() * bound);
                    } else {
                        r = ThreadLocalRandom.current().nextLong(bound);
                    }
                    return Json.NODES.numberNode((int) (start + r));
                }),
                IntrinsicFunction.of("States.MathAdd", 2, 2, List.of(INTEGER), (call, v) -> {
                    long sum = (long) requireInt(call.name(), 0, v.get(0)) + requireInt(call.name(), 1, v.get(1));
                    if (sum < Integer.MIN_VALUE || sum > Integer.MAX_VALUE) {
                        throw failure(call.name(), "the sum " + sum + " is outside the 32-bit integer range");
                    }
                    return Json.NODES.numberNode((int) sum);
                }));
    }
}
