package dev.serverlesscd.infra.config;

import java.util.List;

/** The configuration cannot be synthesized: every problem found, each naming the field and what to do about it. */
public final class ConfigException extends RuntimeException {
    private final List<String> problems;

    public ConfigException(String source, List<String> problems) {
        super("Invalid configuration in " + source + ":\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
