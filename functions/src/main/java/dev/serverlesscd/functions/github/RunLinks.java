package dev.serverlesscd.functions.github;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The link a commit status carries to its run: {@code RUN_LINK_BASE_URL} with the run id, in place of
 * {@code {runId}} if the base has it ({@code https://ci.example.com/runs/{runId}/log}), else appended
 * ({@code https://ci.example.com/runs} + {@code /run-…}; a base ending in {@code /}, {@code =} or {@code #} gets no
 * slash). No base: no link (GitHub shows the status without one).
 */
public final class RunLinks {
    private static final RunLinks NONE = new RunLinks(null);
    private final String base;

    private RunLinks(String base) {
        this.base = base;
    }

    /** @throws IllegalArgumentException when {@code base} is not an absolute http(s) URL */
    public static RunLinks of(String base) {
        if (base == null || base.isBlank()) {
            return NONE;
        }
        String value = base.strip();
        URI uri;
        try {
            uri = URI.create(value.replace("{runId}", "run"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + base + "' is not a URL: " + e.getMessage(), e);
        }
        if (uri.getScheme() == null || !uri.getScheme().matches("(?i)https?") || uri.getHost() == null) {
            throw new IllegalArgumentException("'" + base + "' must be an absolute http(s) URL");
        }
        return new RunLinks(value);
    }

    public static RunLinks none() {
        return NONE;
    }

    public Optional<String> forRun(String runId) {
        if (base == null || runId == null || runId.isBlank()) {
            return Optional.empty();
        }
        String id = URLEncoder.encode(runId, StandardCharsets.UTF_8).replace("+", "%20");
        if (base.contains("{runId}")) {
            return Optional.of(base.replace("{runId}", id));
        }
        boolean joined = base.endsWith("/") || base.endsWith("=") || base.endsWith("#");
        return Optional.of(base + (joined ? "" : "/") + id);
    }

    @Override
    public String toString() {
        return base == null ? "no run links" : base;
    }
}
