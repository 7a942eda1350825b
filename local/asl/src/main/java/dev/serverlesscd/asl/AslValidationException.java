package dev.serverlesscd.asl;

import java.util.List;

/** A definition CreateStateMachine would reject; {@link #problems()} names each state and field at fault. */
public class AslValidationException extends Exception {
    private final List<String> problems;

    public AslValidationException(List<String> problems) {
        super("Invalid State Machine Definition: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
