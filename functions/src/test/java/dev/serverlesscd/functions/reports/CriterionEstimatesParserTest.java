package dev.serverlesscd.functions.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Criterion's estimates, on a target/criterion tree built from Criterion's schema (reports/criterion: crates.io is
 * not reachable here, so Criterion cannot run; see the README).
 */
@Tag("unit")
class CriterionEstimatesParserTest {
    private final CriterionEstimatesParser parser = new CriterionEstimatesParser();

    @Test
    void parse_shouldReadOnlyNewEstimates_theSlopeElseTheMean_namedByTheirDirectory() throws Exception {
        // GIVEN Criterion's tree: fib_20 (flat sampling, no slope, with base/ and change/ from an earlier run) and
        // parse/small (linear sampling, a slope), each with benchmark.json, sample.json and tukey.json beside
        List<ReportFile> tree = Fixtures.files("criterion");

        // WHEN
        List<ReportFile> estimates = tree.stream().filter(ReportFormat.CRITERION::matches).toList();
        List<BenchmarkResult> results = new java.util.ArrayList<>();
        for (ReportFile file : estimates) {
            results.add(parser.parse(file));
        }

        // THEN Criterion's other files are no report at all, and each benchmark's typical estimate is its score
        assertThat(tree).hasSize(10);
        assertThat(tree.stream().filter(f -> f.format().isPresent())).containsExactlyElementsOf(estimates);
        assertThat(results).containsExactly(
                new BenchmarkResult("fib_20", "avgt", 21840.55, "ns", false),
                new BenchmarkResult("parse/small", "avgt", 1274.18, "ns", false));
    }

    @Test
    void parse_shouldNameTheBenchmark_underABaseOrHeadRound() throws Exception {
        String estimates = "{\"mean\": {\"point_estimate\": 10.0}, \"slope\": null}";

        assertThat(parser.parse(Fixtures.text("base-2/fib/new/estimates.json", estimates)).benchmark()).isEqualTo("fib");
        assertThat(parser.parse(Fixtures.text("head-1/target/criterion/g/f/3/new/estimates.json", estimates)).benchmark())
                .isEqualTo("g/f/3");
    }

    @Test
    void parse_shouldNameTheField_thatIsMissingOrWrong() {
        assertThatThrownBy(() -> parser.parse(Fixtures.text("criterion/fib/new/estimates.json", "{\"median\": {}}")))
                .isInstanceOf(ReportParseException.class)
                .hasMessage("criterion/fib/new/estimates.json: mean is missing, not an estimate object");
        assertThatThrownBy(() -> parser.parse(Fixtures.text("criterion/fib/new/estimates.json",
                "{\"mean\": {\"point_estimate\": 10.0}, \"slope\": {\"point_estimate\": \"fast\"}}")))
                .hasMessage("criterion/fib/new/estimates.json: slope.point_estimate is \"fast\", not a positive time in ns");
        assertThatThrownBy(() -> parser.parse(Fixtures.text("criterion/fib/new/estimates.json", "[]")))
                .hasMessage("criterion/fib/new/estimates.json: not Criterion's estimates (no JSON object)");
        assertThatThrownBy(() -> parser.parse(Fixtures.text("new/estimates.json", "{\"mean\": {\"point_estimate\": 1}}")))
                .hasMessageStartingWith("new/estimates.json: names no benchmark: keep Criterion's layout");
    }
}
