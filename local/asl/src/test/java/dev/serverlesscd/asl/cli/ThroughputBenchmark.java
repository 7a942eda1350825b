package dev.serverlesscd.asl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.serverlesscd.asl.AslExecutor;
import dev.serverlesscd.asl.AutoAdvanceClock;
import dev.serverlesscd.asl.Execution;
import dev.serverlesscd.asl.ExecutionStatus;
import dev.serverlesscd.asl.StateMachine;
import dev.serverlesscd.asl.TaskBindings;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Executions per second of the local runtime against its peer, the npm runtime {@code aws-local-stepfunctions}, on
 * one definition (the team's reference is {@code shared/bench/chain50.asl.json}) with input {@code {"n": i}}, one
 * thread each, measured alternately in one run: a round of ours, a round of the peer, a round of ours, ... Each
 * round runs executions one after the other for a fixed time and checks every output ({@code n} carried through).
 * The peer runs in-process in Node ({@code local/asl/bench/peer.mjs}, after {@code npm ci} there), driven over its
 * stdin/stdout; ours is {@link AslExecutor#run} with an {@link AutoAdvanceClock} and no task bindings. The first round
 * of each is a warm-up and is not counted. Not a test: run it by hand (see docs/benchmarks.md).
 *
 * <p>Usage: {@code ThroughputBenchmark DEFINITION [PEER_SCRIPT=local/asl/bench/peer.mjs] [ROUNDS=5] [ROUND_MILLIS=4000]}
 */
public final class ThroughputBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ARN = "arn:aws:states:us-east-1:123456789012:stateMachine:chain50";
    /** Execution names cycle so the executor's table of executions stays small. */
    private static final int NAMES = 64;

    private ThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 4) {
            System.err.println("usage: ThroughputBenchmark DEFINITION [PEER_SCRIPT=local/asl/bench/peer.mjs] [ROUNDS=5]"
                    + " [ROUND_MILLIS=4000]");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        if (!Files.isRegularFile(file)) {
            System.err.println("benchmark definition not found: " + file.toAbsolutePath()
                    + " (the reference is shared/bench/chain50.asl.json, beside the repository)");
            System.exit(2);
        }
        Path peerScript = Path.of(args.length > 1 ? args[1] : "local/asl/bench/peer.mjs");
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        long roundMillis = args.length > 3 ? Long.parseLong(args[3]) : 4000;
        StateMachine sm = StateMachine.parse(Files.readString(file));

        Process peer = new ProcessBuilder("node", peerScript.toString(), file.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (AslExecutor executor = new AslExecutor(TaskBindings.none(), new AutoAdvanceClock());
             BufferedReader fromPeer = new BufferedReader(new InputStreamReader(peer.getInputStream(), StandardCharsets.UTF_8));
             Writer toPeer = new OutputStreamWriter(peer.getOutputStream(), StandardCharsets.UTF_8)) {
            JsonNode hello = JSON.readTree(fromPeer.readLine());
            System.out.printf(Locale.ROOT, "definition %s, %d rounds of %d ms each (plus one warm-up round each), one thread"
                            + " each, %d CPUs, Java %s, Node %s, aws-local-stepfunctions%n", file, rounds, roundMillis,
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), hello.path("node").asText());
            List<double[]> results = new ArrayList<>();
            long[] next = {0};
            for (int round = 0; round <= rounds; round++) {
                double ours = ours(executor, sm, roundMillis, next);
                toPeer.write("round " + roundMillis + "\n");
                toPeer.flush();
                JsonNode p = JSON.readTree(fromPeer.readLine());
                double theirs = p.get("executions").asDouble() / p.get("seconds").asDouble();
                String label = round == 0 ? "warm-up" : "round " + round;
                System.out.printf(Locale.ROOT, "%-8s ours %9.1f executions/s   peer %8.1f executions/s   ratio %5.2f%n",
                        label, ours, theirs, ours / theirs);
                if (round > 0) {
                    results.add(new double[] {ours, theirs});
                }
            }
            double ours = results.stream().mapToDouble(r -> r[0]).sum() / results.size();
            double theirs = results.stream().mapToDouble(r -> r[1]).sum() / results.size();
            System.out.printf(Locale.ROOT, "mean     ours %9.1f executions/s   peer %8.1f executions/s   ratio %5.2f%n",
                    ours, theirs, ours / theirs);
            toPeer.write("quit\n");
            toPeer.flush();
        } finally {
            peer.waitFor();
        }
    }

    /** Runs executions one after the other for {@code millis}; answers executions per second. */
    private static double ours(AslExecutor executor, StateMachine sm, long millis, long[] next) {
        long start = System.nanoTime();
        long end = start + millis * 1_000_000;
        long count = 0;
        long now = start;
        while (now < end) {
            long i = next[0]++;
            ObjectNode input = JSON.createObjectNode().put("n", i);
            Execution e = executor.run(sm, ARN, "bench-" + (i % NAMES), input);
            if (e.status() != ExecutionStatus.SUCCEEDED || e.output().get("n").asLong() != i) {
                throw new IllegalStateException("execution " + e.name() + " ended " + e.status() + ": " + e.error()
                        + " " + e.cause());
            }
            count++;
            now = System.nanoTime();
        }
        return count / ((now - start) / 1e9);
    }
}
