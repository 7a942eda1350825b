package dev.serverlesscd.asl.jsonpath;

import dev.serverlesscd.asl.json.Json;

import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

import static dev.serverlesscd.asl.jsonpath.IntrinsicArgs.ROUNDED_INTEGER;
import static dev.serverlesscd.asl.jsonpath.IntrinsicArgs.failure;
import static dev.serverlesscd.asl.jsonpath.IntrinsicArgs.requireRoundedInt;

/**
 * The math intrinsics: States.MathRandom, States.MathAdd. Their arguments are numbers; "If you specify a non-integer
 * value ... Step Functions will round it off to the nearest integer" (intrinsic functions page).
 */
final class MathIntrinsics {
    private MathIntrinsics() {
    }

    static List<IntrinsicFunction> functions() {
        return List.of(
                IntrinsicFunction.of("States.MathRandom", 2, 3, List.of(ROUNDED_INTEGER), (call, v) -> {
                    String fn = call.name();
                    int start = requireRoundedInt(fn, 0, v.get(0));
                    int end = requireRoundedInt(fn, 1, v.get(1));
                    if (start >= end) {
                        throw failure(fn, "the start number " + start + " must be less than the end number " + end);
                    }
                    long bound = (long) end - start;
                    long r;
                    if (v.size() == 3) {
                        r = (long) (new Random(requireRoundedInt(fn, 2, v.get(2))).nextDouble() * bound);
                    } else {
                        r = ThreadLocalRandom.current().nextLong(bound);
                    }
                    return Json.NODES.numberNode((int) (start + r));
                }),
                IntrinsicFunction.of("States.MathAdd", 2, 2, List.of(ROUNDED_INTEGER), (call, v) -> {
                    long sum = (long) requireRoundedInt(call.name(), 0, v.get(0)) + requireRoundedInt(call.name(), 1, v.get(1));
                    if (sum < Integer.MIN_VALUE || sum > Integer.MAX_VALUE) {
                        throw failure(call.name(), "the sum " + sum + " is outside the 32-bit integer range");
                    }
                    return Json.NODES.numberNode((int) sum);
                }));
    }
}
