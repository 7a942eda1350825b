package dev.serverlesscd.functions.config;

import java.util.List;

/** The pipeline configuration is invalid: every problem found, each naming the field and its line. */
public class PipelineConfigException extends RuntimeException {
    private final List<String> problems;

    public PipelineConfigException(String source, List<String> problems) {
        super("Pipeline configuration " + source + " is invalid:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem as {@code <field path> (line <n>): <what is wrong>}. */
    public List<String> problems() {
        return problems;
    }
}
