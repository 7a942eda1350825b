package dev.serverlesscd.functions.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Go's benchmark output read from Go 1.19's real output (reports/go-bench, see the README) and inline lines. */
@Tag("unit")
class GoBenchParserTest {
    private final GoBenchParser parser = new GoBenchParser();

    @Test
    void parse_shouldReadEachCountAsAFork_andTheMeanAsTheScore() throws Exception {
        // GIVEN -count 5 of two benchmarks, with -benchmem's B/op and allocs/op
        ReportFile report = Fixtures.file("go-bench/passing/go-bench.txt");

        // WHEN
        List<BenchmarkResult> results = parser.parse(report);

        // THEN
        assertThat(results).extracting(BenchmarkResult::key).containsExactly(
                "example.com/orders.BenchmarkFib10-2 [avgt]", "example.com/orders.BenchmarkTotal-2 [avgt]");
        BenchmarkResult fib = results.get(0);
        assertThat(fib.unit()).isEqualTo("ns/op");
        assertThat(fib.higherIsBetter()).isFalse();
        assertThat(fib.bestPerFork()).containsExactly(341.3, 302.1, 621.8, 887.9, 476.8);
        assertThat(fib.score()).isCloseTo((341.3 + 302.1 + 621.8 + 887.9 + 476.8) / 5, within(1e-9));
    }

    @Test
    void parse_shouldRefuseARunWithAFailedBenchmark() {
        // GIVEN BenchmarkBroken calling b.Fatal: the run printed the others' results and FAIL
        ReportFile report = Fixtures.file("go-bench/failing/go-bench.txt");

        // WHEN / THEN
        assertThatThrownBy(() -> parser.parse(report)).isInstanceOf(ReportParseException.class)
                .hasMessage("go-bench/failing/go-bench.txt:1: benchmark BenchmarkBroken failed: its results are not the change's");
    }

    @Test
    void parse_shouldNameTheLine_ofAMalformedResult() {
        assertThatThrownBy(() -> parser.parse(Fixtures.text("go-bench.txt", "pkg: p\nBenchmarkA-2 \t many \t 5 ns/op\n")))
                .hasMessage("go-bench.txt:2: BenchmarkA-2's iteration count is 'many', not a number");
        assertThatThrownBy(() -> parser.parse(Fixtures.text("go-bench.txt", "BenchmarkA-2 100 5 ns/op 3\n")))
                .hasMessage("go-bench.txt:1: 'BenchmarkA-2 100 5 ns/op 3' is not <name> <iterations> <value> <unit> [<value> <unit>…]");
        assertThatThrownBy(() -> parser.parse(Fixtures.text("go-bench.txt", "BenchmarkA-2 100 12 B/op\n")))
                .hasMessage("go-bench.txt:1: BenchmarkA-2 reports no ns/op");
        assertThatThrownBy(() -> parser.parse(Fixtures.text("go-bench.txt", "BenchmarkA-2 100 fast ns/op\n")))
                .hasMessage("go-bench.txt:1: BenchmarkA-2's ns/op is 'fast', not a number");
        assertThatThrownBy(() -> parser.parse(Fixtures.text("go-bench.txt", "PASS\nok  \tp\t0.1s\n")))
                .hasMessage("go-bench.txt: no benchmark result line (Benchmark<Name> <iterations> <value> ns/op)");
    }

    @Test
    void parse_shouldSkipANameAlone_andLinesThatAreNoResult() throws Exception {
        // GIVEN a benchmark that logs: Go prints its name, the log, then the result; and a lower-case Benchmarks… line
        ReportFile report = Fixtures.text("go-bench.txt", "BenchmarkLog-2\n    x_test.go:9: hello\n"
                + "Benchmarks are below\nBenchmarkLog-2 \t 1000 \t 12.5 ns/op\n");

        // WHEN / THEN
        assertThat(parser.parse(report)).containsExactly(
                new BenchmarkResult("BenchmarkLog-2", "avgt", 12.5, "ns/op", false, List.of(List.of(12.5))));
    }
}
