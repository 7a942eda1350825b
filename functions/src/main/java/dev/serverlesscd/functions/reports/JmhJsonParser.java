package dev.serverlesscd.functions.reports;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * JMH's JSON result ({@code -rf json}): a top-level array, one object per benchmark and mode with
 * {@code benchmark}, {@code mode}, {@code primaryMetric.score} and {@code primaryMetric.scoreUnit}. Parameterised
 * benchmarks ({@code params}) are named {@code benchmark:k=v,…} so each combination compares with its own baseline.
 * Direction by mode: {@code thrpt} higher is better; {@code avgt}, {@code sample}, {@code ss} lower is better.
 * Each fork's measurement iterations ({@code primaryMetric.rawData}) are kept for the paired comparison.
 */
public final class JmhJsonParser {

    public List<BenchmarkResult> parse(ReportFile file) throws ReportParseException {
        JsonNode root = file.json();
        if (root == null || !root.isArray()) {
            throw new ReportParseException(file.path() + ": not JMH's JSON result (expected a top-level array)");
        }
        if (root.isEmpty()) {
            throw new ReportParseException(file.path() + ": JMH's result lists no benchmark");
        }
        List<BenchmarkResult> results = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode entry : root) {
            String benchmark = entry.path("benchmark").asText("");
            if (benchmark.isBlank()) {
                throw new ReportParseException(file.path() + ": an entry has no benchmark name");
            }
            String name = benchmark + params(entry.path("params"));
            String mode = entry.path("mode").asText("");
            boolean higherIsBetter = switch (mode) {
                case "thrpt" -> true;
                case "avgt", "sample", "ss" -> false;
                default -> throw new ReportParseException(file.path() + ": " + name + " has mode '" + mode
                        + "', not thrpt, avgt, sample or ss");
            };
            JsonNode primary = entry.path("primaryMetric");
            JsonNode score = primary.path("score");
            if (!score.isNumber() || !Double.isFinite(score.asDouble())) {
                throw new ReportParseException(file.path() + ": " + name + " has no numeric primaryMetric.score");
            }
            String unit = primary.path("scoreUnit").asText("");
            if (unit.isBlank()) {
                throw new ReportParseException(file.path() + ": " + name + " has no primaryMetric.scoreUnit");
            }
            if (!seen.add(name + "/" + mode)) {
                throw new ReportParseException(file.path() + ": " + name + " (" + mode + ") appears twice");
            }
            results.add(new BenchmarkResult(name, mode, score.asDouble(), unit, higherIsBetter, forks(primary.path("rawData"))));
        }
        return results;
    }

    /** {@code primaryMetric.rawData}: per fork, its measurement iterations' scores (positive, finite ones only). */
    private static List<List<Double>> forks(JsonNode rawData) {
        List<List<Double>> forks = new ArrayList<>();
        if (rawData.isArray()) {
            for (JsonNode fork : rawData) {
                List<Double> iterations = new ArrayList<>();
                if (fork.isArray()) {
                    fork.forEach(i -> {
                        if (i.isNumber() && Double.isFinite(i.asDouble()) && i.asDouble() > 0) {
                            iterations.add(i.asDouble());
                        }
                    });
                }
                if (!iterations.isEmpty()) {
                    forks.add(iterations);
                }
            }
        }
        return forks;
    }

    private static String params(JsonNode params) {
        if (!params.isObject() || params.isEmpty()) {
            return "";
        }
        List<String> pairs = new ArrayList<>();
        params.fields().forEachRemaining(e -> pairs.add(e.getKey() + "=" + e.getValue().asText()));
        pairs.sort(String::compareTo);
        return ":" + String.join(",", pairs);
    }
}
