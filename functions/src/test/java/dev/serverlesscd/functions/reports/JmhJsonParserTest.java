package dev.serverlesscd.functions.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class JmhJsonParserTest {
    private final JmhJsonParser parser = new JmhJsonParser();

    @Test
    void parse_shouldReadTheSampleServicesRealJmhResult() throws Exception {
        // GIVEN JMH 1.37's -rf json of the sample's PricingBenchmark (see the README for the command)
        ReportFile report = Fixtures.file("benchmark/jmh.json");

        // WHEN
        List<BenchmarkResult> results = parser.parse(report);

        // THEN throughput is higher-is-better, average time lower-is-better
        assertThat(results).extracting(BenchmarkResult::benchmark).containsExactly(
                "com.example.orders.PricingBenchmark.quote", "com.example.orders.PricingBenchmark.parseAndQuote");
        assertThat(results.get(0).mode()).isEqualTo("thrpt");
        assertThat(results.get(0).unit()).isEqualTo("ops/ms");
        assertThat(results.get(0).higherIsBetter()).isTrue();
        assertThat(results.get(0).score()).isCloseTo(1685.43296, Offset.offset(0.0001));
        assertThat(results.get(1).mode()).isEqualTo("avgt");
        assertThat(results.get(1).unit()).isEqualTo("us/op");
        assertThat(results.get(1).higherIsBetter()).isFalse();
        assertThat(results.get(1).key()).isEqualTo("com.example.orders.PricingBenchmark.parseAndQuote [avgt]");
    }

    @Test
    void regression_shouldCountSlowerAsPositiveInBothDirections() {
        // GIVEN a throughput that fell from 100 to 80 and a time that rose from 100 to 120
        BenchmarkResult throughput = new BenchmarkResult("b", "thrpt", 80, "ops/ms", true);
        BenchmarkResult time = new BenchmarkResult("b", "avgt", 120, "us/op", false);

        // WHEN / THEN both are 20% slower
        assertThat(throughput.regressionPercentAgainst(100)).isCloseTo(20.0, Offset.offset(1e-9));
        assertThat(time.regressionPercentAgainst(100)).isCloseTo(20.0, Offset.offset(1e-9));
    }

    @Test
    void parse_shouldNameParameterisedBenchmarksByTheirParameters() throws Exception {
        // GIVEN
        ReportFile report = Fixtures.text("jmh.json", "[{\"benchmark\": \"a.B.m\", \"mode\": \"ss\","
                + " \"params\": {\"size\": \"10\"}, \"primaryMetric\": {\"score\": 2.5, \"scoreUnit\": \"ms/op\"}}]");

        // WHEN / THEN
        assertThat(parser.parse(report)).containsExactly(new BenchmarkResult("a.B.m:size=10", "ss", 2.5, "ms/op", false));
    }

    @Test
    void parse_shouldRefuseAnUnknownModeAMissingScoreAndAnEmptyResult() {
        // GIVEN
        ReportFile mode = Fixtures.text("jmh.json", "[{\"benchmark\": \"a.B.m\", \"mode\": \"all\","
                + " \"primaryMetric\": {\"score\": 1, \"scoreUnit\": \"ops/s\"}}]");
        ReportFile score = Fixtures.text("jmh.json", "[{\"benchmark\": \"a.B.m\", \"mode\": \"avgt\","
                + " \"primaryMetric\": {\"score\": \"NaN\", \"scoreUnit\": \"ns/op\"}}]");
        ReportFile empty = Fixtures.text("jmh.json", "[]");

        // WHEN / THEN
        assertThatThrownBy(() -> parser.parse(mode)).hasMessage("jmh.json: a.B.m has mode 'all', not thrpt, avgt, sample or ss");
        assertThatThrownBy(() -> parser.parse(score)).hasMessage("jmh.json: a.B.m has no numeric primaryMetric.score");
        assertThatThrownBy(() -> parser.parse(empty)).hasMessage("jmh.json: JMH's result lists no benchmark");
    }
}
