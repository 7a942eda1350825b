package dev.serverlesscd.functions.gate;

import java.time.Instant;
import java.util.Map;

/**
 * What the last successful run of a repository's default branch measured, of one kind: line coverage
 * ({@code values = {"lineCoverage": 85.2}}), benchmark scores ({@code values} by {@code benchmark [mode]},
 * {@code units} likewise) or the image size ({@code values = {"sizeBytes": …}}, {@code detail} = the digest).
 */
public record Baseline(Kind kind, String runId, String branch, Instant measuredAt, Map<String, Double> values,
        Map<String, String> units, String detail) {
    public static final String LINE_COVERAGE = "lineCoverage";
    public static final String SIZE_BYTES = "sizeBytes";

    public enum Kind { COVERAGE, BENCHMARK, IMAGE }

    public Baseline {
        values = Map.copyOf(values);
        units = units == null ? Map.of() : Map.copyOf(units);
    }

    /** {@code run-1 on main}: where a comparison's other side comes from. */
    public String source() {
        return "run " + runId + " on " + branch;
    }
}
