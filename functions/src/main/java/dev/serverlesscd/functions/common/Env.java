package dev.serverlesscd.functions.common;

import java.util.Map;
import java.util.Optional;

/**
 * Configuration from environment variables, read in one place. A handler's config record is built from it with
 * {@link #require} for what it cannot run without, so a missing variable fails at cold start with its name.
 */
public final class Env {
    private final Map<String, String> variables;

    public Env(Map<String, String> variables) {
        this.variables = Map.copyOf(variables);
    }

    public static Env system() {
        return new Env(System.getenv());
    }

    public String require(String name) {
        String value = variables.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("Environment variable " + name + " is not set");
        }
        return value;
    }

    public Optional<String> optional(String name) {
        return Optional.ofNullable(variables.get(name)).filter(v -> !v.isBlank());
    }
}
