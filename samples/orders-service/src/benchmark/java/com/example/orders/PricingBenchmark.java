package com.example.orders;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The sample's benchmarks, run by the {@code benchmark} profile (see buildspecs/benchmark.yml): parsing an order
 * and pricing it, as throughput (higher is better) and as average time (lower is better), so the gate sees both
 * directions. Short on purpose: a pipeline stage, not a study.
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class PricingBenchmark {
    private static final String ITEMS = "BOOK-1:2:12.50,PEN-7:10:1.20,MUG-3:1:8.99";
    private final PriceCalculator calculator = PriceCalculator.standard();
    private final List<OrderLine> lines = OrderParser.parse(ITEMS);

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Quote quote() {
        return calculator.quote(lines, "SAVE10");
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Quote parseAndQuote() {
        return calculator.quote(OrderParser.parse(ITEMS), "SAVE10");
    }
}
