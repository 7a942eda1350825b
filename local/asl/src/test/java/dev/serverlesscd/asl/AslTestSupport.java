package dev.serverlesscd.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/** Small helpers for executor tests. */
final class AslTestSupport {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String SM_ARN = "arn:aws:states:eu-west-1:111122223333:stateMachine:Test";

    private AslTestSupport() {
    }

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    /** Parses a definition written with single quotes for readability. */
    static StateMachine machine(String definition) {
        try {
            return StateMachine.parse(definition.replace('\'', '"'));
        } catch (AslValidationException e) {
            throw new AssertionError(e.problems().toString(), e);
        }
    }

    static Execution run(TaskBindings bindings, String definition, String input) {
        try (AslExecutor executor = new AslExecutor(bindings, new AutoAdvanceClock())) {
            Execution e = executor.run(machine(definition), SM_ARN, "test", json(input));
            return e;
        }
    }

    static Execution run(String definition, String input) {
        return run(TaskBindings.none(), definition, input);
    }

    static List<String> types(Execution e) {
        return e.history().stream().map(HistoryEvent::type).toList();
    }

    static HistoryEvent awaitEvent(Execution e, Predicate<HistoryEvent> p) {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < end) {
            for (HistoryEvent h : e.history()) {
                if (p.test(h)) {
                    return h;
                }
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException ex) {
                throw new AssertionError(ex);
            }
        }
        throw new AssertionError("no such event in " + types(e));
    }

    static HistoryEvent awaitEvent(Execution e, String type) {
        return awaitEvent(e, h -> h.type().equals(type));
    }

    static void await(Execution e) {
        try {
            if (!e.awaitCompletion(Duration.ofSeconds(10))) {
                throw new AssertionError("execution did not end: " + types(e));
            }
        } catch (InterruptedException ex) {
            throw new AssertionError(ex);
        }
    }
}
