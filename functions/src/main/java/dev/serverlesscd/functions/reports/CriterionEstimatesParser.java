package dev.serverlesscd.functions.reports;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Criterion's (Rust) estimates of one benchmark's latest run, {@code target/criterion/<benchmark>/new/estimates.json}:
 * {@code mean}, {@code median}, {@code median_abs_dev}, {@code std_dev} and {@code slope} (null unless Criterion
 * sampled linearly), each {@code {confidence_interval, point_estimate, standard_error}}. The score is Criterion's
 * typical estimate, as it prints it: {@code slope.point_estimate}, else {@code mean.point_estimate}, in nanoseconds
 * (Criterion's default wall-time measurement; a custom measurement's unit is not in the file), mode {@code avgt},
 * lower is better. The benchmark is named by its directory, {@code <group>/<function>/<value>} as Criterion lays it
 * out: the path between the last {@code criterion/} (or a leading {@code base-<n>/} or {@code head-<n>/}) and
 * {@code /new/estimates.json}. One estimate is one fork: several rounds ({@code base-<n>/}, {@code head-<n>/}) make a
 * paired comparison possible.
 */
public final class CriterionEstimatesParser {

    public BenchmarkResult parse(ReportFile file) throws ReportParseException {
        String name = benchmarkName(file);
        JsonNode root = file.json();
        if (root == null || !root.isObject()) {
            throw new ReportParseException(file.path() + ": not Criterion's estimates (no JSON object)");
        }
        double mean = pointEstimate(root, "mean", file);
        JsonNode slope = root.path("slope");
        double typical = slope.isMissingNode() || slope.isNull() ? mean : pointEstimate(root, "slope", file);
        return new BenchmarkResult(name, "avgt", typical, "ns", false);
    }

    private static double pointEstimate(JsonNode root, String statistic, ReportFile file) throws ReportParseException {
        JsonNode estimate = root.path(statistic);
        if (!estimate.isObject()) {
            throw new ReportParseException(file.path() + ": " + statistic + " is " + (estimate.isMissingNode() ? "missing" : estimate)
                    + ", not an estimate object");
        }
        JsonNode point = estimate.path("point_estimate");
        if (!point.isNumber() || !Double.isFinite(point.asDouble()) || point.asDouble() <= 0) {
            throw new ReportParseException(file.path() + ": " + statistic + ".point_estimate is "
                    + (point.isMissingNode() ? "missing" : point.toString()) + ", not a positive time in ns");
        }
        return point.asDouble();
    }

    private static String benchmarkName(ReportFile file) throws ReportParseException {
        List<String> segments = new ArrayList<>(Arrays.asList(file.path().split("/")));
        // …/<benchmark>/new/estimates.json
        List<String> directory = segments.subList(0, Math.max(0, segments.size() - 2));
        int criterion = directory.lastIndexOf("criterion");
        List<String> name = criterion >= 0 ? directory.subList(criterion + 1, directory.size())
                : !directory.isEmpty() && directory.get(0).matches("(base|head)-\\d+") ? directory.subList(1, directory.size())
                : directory;
        if (name.isEmpty()) {
            throw new ReportParseException(file.path() + ": names no benchmark: keep Criterion's layout,"
                    + " <benchmark>/new/estimates.json (copy target/criterion as criterion/)");
        }
        return String.join("/", name);
    }
}
