package dev.serverlesscd.functions.reports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Go's benchmark output ({@code go test -run '^$' -bench . -count N}, as text; the format of Go's benchmark data
 * proposal that benchstat reads): result lines {@code BenchmarkName-<procs> <iterations> <value> <unit> …}, and
 * {@code pkg: <import path>} configuration lines naming the package of the results after them. Each benchmark's
 * {@code ns/op} is its score (mode {@code avgt}, lower is better), named {@code <package>.BenchmarkName-<procs>} (the
 * {@code -<procs>} suffix kept as Go prints it); each of its result lines ({@code -count N} gives N) is one fork for
 * the paired comparison, and the score is their mean. Other metrics ({@code B/op}, {@code allocs/op}, custom ones) are
 * checked for shape, not judged. A failed benchmark ({@code --- FAIL:}) or run ({@code FAIL}) makes the report
 * invalid: its numbers are not the change's.
 */
public final class GoBenchParser {

    public List<BenchmarkResult> parse(ReportFile file) throws ReportParseException {
        Map<String, List<Double>> samples = new LinkedHashMap<>();
        String pkg = null;
        for (ReportFile.Line numbered : file.lines()) {
            int number = numbered.number();
            String line = numbered.text();
            if (line.startsWith("--- FAIL:")) {
                throw ReportParseException.at(file, number, "benchmark " + line.substring("--- FAIL:".length()).strip()
                        + " failed: its results are not the change's");
            }
            if (line.equals("FAIL") || line.startsWith("FAIL\t") || line.startsWith("FAIL ")) {
                throw ReportParseException.at(file, number, "the benchmark run failed ('" + ReportParseException.quote(line) + "')");
            }
            if (line.startsWith("pkg:")) {
                pkg = line.substring("pkg:".length()).strip();
                continue;
            }
            if (!isResultName(line)) {
                continue;
            }
            String[] fields = line.split("\\s+");
            if (fields.length == 1) {
                continue; // the name alone: Go prints it before a benchmark's log lines, the result follows later
            }
            String name = (pkg == null || pkg.isEmpty() ? "" : pkg + ".") + fields[0];
            long iterations;
            try {
                iterations = Long.parseLong(fields[1]);
            } catch (NumberFormatException e) {
                throw ReportParseException.at(file, number, fields[0] + "'s iteration count is '" + fields[1] + "', not a number");
            }
            if (iterations <= 0 || fields.length % 2 != 0) {
                throw ReportParseException.at(file, number, "'" + ReportParseException.quote(line)
                        + "' is not <name> <iterations> <value> <unit> [<value> <unit>…]");
            }
            Double nsPerOp = null;
            for (int f = 2; f < fields.length; f += 2) {
                double value;
                try {
                    value = Double.parseDouble(fields[f]);
                } catch (NumberFormatException e) {
                    throw ReportParseException.at(file, number, fields[0] + "'s " + fields[f + 1] + " is '" + fields[f] + "', not a number");
                }
                if (fields[f + 1].equals("ns/op")) {
                    if (!(value > 0) || Double.isInfinite(value)) {
                        throw ReportParseException.at(file, number, fields[0] + "'s ns/op is " + fields[f] + ", not a positive time");
                    }
                    nsPerOp = value;
                }
            }
            if (nsPerOp == null) {
                throw ReportParseException.at(file, number, fields[0] + " reports no ns/op");
            }
            samples.computeIfAbsent(name, k -> new ArrayList<>()).add(nsPerOp);
        }
        if (samples.isEmpty()) {
            throw new ReportParseException(file.path() + ": no benchmark result line (Benchmark<Name> <iterations> <value> ns/op)");
        }
        List<BenchmarkResult> results = new ArrayList<>();
        samples.forEach((name, values) -> results.add(new BenchmarkResult(name, "avgt",
                values.stream().mapToDouble(Double::doubleValue).average().orElseThrow(), "ns/op", false,
                values.stream().map(List::of).toList())));
        return results;
    }

    /** {@code Benchmark} followed by the end or a character that is not a lower-case letter, as {@code go test} names them. */
    private static boolean isResultName(String line) {
        if (!line.startsWith("Benchmark")) {
            return false;
        }
        return line.length() == "Benchmark".length() || !Character.isLowerCase(line.charAt("Benchmark".length()));
    }
}
