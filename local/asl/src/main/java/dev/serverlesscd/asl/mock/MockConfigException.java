package dev.serverlesscd.asl.mock;

import java.util.List;

/** A mock configuration that cannot be used: every problem names the JSON path at fault. */
public class MockConfigException extends Exception {
    private final List<String> problems;

    public MockConfigException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public MockConfigException(String problem) {
        this(List.of(problem));
    }

    public List<String> problems() {
        return problems;
    }
}
