package dev.serverlesscd.asl.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.serverlesscd.asl.AslExecutor;
import dev.serverlesscd.asl.AutoAdvanceClock;
import dev.serverlesscd.asl.Execution;
import dev.serverlesscd.asl.ExecutionStatus;
import dev.serverlesscd.asl.StateMachine;
import dev.serverlesscd.asl.TaskBindings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Executions per second of the local runtime, in-process, on a given definition (the team's reference is
 * {@code shared/bench/chain50.asl.json}) with input {@code {"n": i}}: N warm-up executions, then M measured ones, on
 * one thread and then on two threads (M/2 each), each thread running one execution after the other with
 * {@link AslExecutor#run}. Not a test: run it by hand (see docs/benchmarks.md).
 *
 * <p>Usage: {@code ThroughputBenchmark DEFINITION [WARMUP=2000] [MEASURED=10000]}
 */
public final class ThroughputBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ARN = "arn:aws:states:us-east-1:123456789012:stateMachine:chain50";
    /** Execution names cycle within a thread so the executor's table of executions stays small. */
    private static final int NAMES_PER_THREAD = 64;

    private ThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 3) {
            System.err.println("usage: ThroughputBenchmark DEFINITION [WARMUP=2000] [MEASURED=10000]");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        if (!Files.isRegularFile(file)) {
            System.err.println("benchmark definition not found: " + file.toAbsolutePath()
                    + " (the reference is shared/bench/chain50.asl.json, beside the repository)");
            System.exit(2);
        }
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int measured = args.length > 2 ? Integer.parseInt(args[2]) : 10000;
        StateMachine sm = StateMachine.parse(Files.readString(file));

        try (AslExecutor executor = new AslExecutor(TaskBindings.none(), new AutoAdvanceClock())) {
            System.out.printf(Locale.ROOT, "definition %s, %d warm-up + %d measured executions, %d CPUs, Java %s%n",
                    file, warmup, measured, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
            runAll(executor, sm, 1, warmup, "warm");
            double single = measure(executor, sm, 1, measured);
            System.out.printf(Locale.ROOT, "1 thread : %8.1f executions/s%n", single);
            runAll(executor, sm, 2, warmup, "warm2");
            double two = measure(executor, sm, 2, measured);
            System.out.printf(Locale.ROOT, "2 threads: %8.1f executions/s%n", two);
        }
    }

    private static double measure(AslExecutor executor, StateMachine sm, int threads, int total) throws Exception {
        long start = System.nanoTime();
        runAll(executor, sm, threads, total, "m" + threads);
        double seconds = (System.nanoTime() - start) / 1e9;
        return total / seconds;
    }

    /** {@code total} executions split over {@code threads} threads; fails on any execution that does not succeed. */
    private static void runAll(AslExecutor executor, StateMachine sm, int threads, int total, String prefix) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                Callable<Void> work = () -> {
                    for (int i = thread; i < total; i += threads) {
                        ObjectNode input = JSON.createObjectNode().put("n", i);
                        Execution e = executor.run(sm, ARN, prefix + "-" + thread + "-" + (i % NAMES_PER_THREAD), input);
                        if (e.status() != ExecutionStatus.SUCCEEDED || e.output().get("n").asInt() != i) {
                            throw new IllegalStateException("execution " + e.name() + " ended " + e.status() + ": "
                                    + e.error() + " " + e.cause());
                        }
                    }
                    return null;
                };
                futures.add(pool.submit(work));
            }
            for (Future<Void> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
