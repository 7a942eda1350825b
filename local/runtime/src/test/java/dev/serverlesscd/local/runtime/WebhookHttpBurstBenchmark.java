package dev.serverlesscd.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesscd.asl.AslError;
import dev.serverlesscd.local.demo.SignedPush;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import dev.serverlesscd.asl.Execution;
import java.net.URI;
import java.time.Duration;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The 300-delivery burst of the functions module's {@code WebhookBurstBenchmark}, this time as GitHub sends it to
 * {@code pipeline local serve}: signed pushes over HTTP to the local HTTP API (Jetty, its bounded pool), each from a
 * client connection of its own, all at once, while the runs they start execute (their builds fail at once, so each
 * run goes on through the gates, its record and its notifications, in the same JVM as the webhook). 240 pushes to
 * 20 branches, 60 of them delivered twice, from one HTTP client (a connection each). Prints p50/p99/max of each
 * delivery's latency from the burst's start, the answers by status, and the CPU time the round took by thread group;
 * the next round starts once the runs this one started have ended (docs/benchmarks.md). Not part of the default build (tag {@code benchmark}); run it with
 * <pre>./mvnw -q -B -pl local/runtime test -Dtest=WebhookHttpBurstBenchmark -DexcludedTestGroups=none -Dsurefire.failIfNoSpecifiedTests=false -DskipNpm</pre>
 * (after {@code ./mvnw -q -B install -DskipTests -DskipNpm -pl functions,local/asl}).
 */
@Tag("benchmark")
class WebhookHttpBurstBenchmark {
    private static final int PUSHES = 240;
    private static final int REDELIVERED = 60;
    private static final int BRANCHES = 20;
    private static final int ROUNDS = 3;
    private static final String SECRET = "burst-secret";
    private static final int TIMED_OUT = 0;

    @TempDir
    Path workspace;

    @Test
    void burstOf300DeliveriesOverHttp() throws Exception {
        Path root = PipelineEndToEndTest.repositoryRoot();
        try (LocalPipeline pipeline = LocalPipeline.builder(root, workspace,
                        PipelineEndToEndTest.configWithoutBenchmarks(), SECRET)
                .buildBinding(invocation -> {
                    throw new AslError("States.TaskFailed", "no build in this benchmark");
                })
                .start()) {
            URI webhook = URI.create(pipeline.httpEndpoint() + "/webhook");
            // One client, a connection per delivery (as many at once as the burst has), as GitHub's senders would be.
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            for (int round = 1; round <= ROUNDS; round++) {
                List<SignedPush> burst = burst(root.resolve("samples/events/push-main.json"), round);
                long[] nanos = new long[burst.size()];
                ExecutorService clients = Executors.newFixedThreadPool(burst.size());
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Integer>> answers = new ArrayList<>();
                long[] start = new long[1];
                for (int i = 0; i < burst.size(); i++) {
                    int index = i;
                    answers.add(clients.submit(() -> {
                        go.await();
                        try {
                            HttpResponse<String> answer = burst.get(index).post(webhook, client);
                            return answer.statusCode();
                        } catch (UncheckedIOException timedOut) {
                            return TIMED_OUT; // GitHub's 10 s passed (SignedPush's timeout): GitHub gives up too
                        } finally {
                            nanos[index] = System.nanoTime() - start[0];
                        }
                    }));
                }
                Map<String, Long> cpuBefore = cpuByThreadGroup();
                long processCpuBefore = processCpuNanos();
                start[0] = System.nanoTime();
                go.countDown();
                Map<Integer, Integer> statuses = new TreeMap<>();
                for (Future<Integer> answer : answers) {
                    statuses.merge(answer.get(), 1, Integer::sum);
                }
                long wall = System.nanoTime() - start[0];
                long processCpu = processCpuNanos() - processCpuBefore;
                Map<String, Long> cpu = cpuByThreadGroup();
                cpu.replaceAll((group, nanosNow) -> nanosNow - cpuBefore.getOrDefault(group, 0L));
                clients.shutdown();
                Arrays.sort(nanos);
                System.out.printf("%nround %d over HTTP: %d deliveries: p50 %.0f ms, p99 %.0f ms, max %.0f ms; answers %s"
                                + " (0: no answer within GitHub's 10 s)%n",
                        round, burst.size(), percentile(nanos, 50), percentile(nanos, 99),
                        nanos[nanos.length - 1] / 1e6, statuses);
                System.out.printf("round %d CPU: %.1f s of the process in %.1f s (%.1f ms a delivery); by thread group (s): %s%n",
                        round, processCpu / 1e9, wall / 1e9, processCpu / 1e6 / burst.size(), seconds(cpu));
                assertThat(statuses.keySet()).allMatch(status -> status < 500);
                // A burst, not a siege: the next round comes once the runs this one started have ended, as after a
                // busy minute (their states waited for the burst's answers: WaitingCallers).
                long drained = System.nanoTime();
                for (Execution execution : pipeline.executor().executions()) {
                    assertThat(execution.awaitCompletion(Duration.ofMinutes(2))).as(execution.name()).isTrue();
                }
                System.out.printf("round %d: its runs ended %.1f s after its last answer%n", round,
                        (System.nanoTime() - drained) / 1e9);
            }
        }
    }

    /** 240 pushes to 20 branches of this round, 60 of them twice (the same delivery id), shuffled. */
    private static List<SignedPush> burst(Path template, int round) {
        List<SignedPush> pushes = new ArrayList<>();
        for (int i = 0; i < PUSHES; i++) {
            pushes.add(SignedPush.of(template, sha(), SECRET, "burst-" + round + "/branch-" + (i % BRANCHES), sha()));
        }
        List<SignedPush> deliveries = new ArrayList<>(pushes);
        for (int i = 0; i < REDELIVERED; i++) {
            deliveries.add(pushes.get(i * (PUSHES / REDELIVERED)));
        }
        Collections.shuffle(deliveries, new Random(13));
        return deliveries;
    }

    private static String sha() {
        StringBuilder sha = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            sha.append(Character.forDigit(ThreadLocalRandom.current().nextInt(16), 16));
        }
        return sha.toString();
    }

    /**
     * CPU time of the live threads, by what they do: the HTTP API's (the webhook), DynamoDB Local's request threads
     * and its SQLite worker, the executions' ({@code asl-}), the local Step Functions API's, and the benchmark's
     * clients. Threads that ended within the round are not counted (the process figure counts them).
     */
    private static Map<String, Long> cpuByThreadGroup() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Long> cpu = new TreeMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long nanos = threads.getThreadCpuTime(info.getThreadId());
            if (nanos > 0) {
                cpu.merge(group(info.getThreadName()), nanos, Long::sum);
            }
        }
        return cpu;
    }

    private static String group(String thread) {
        if (thread.startsWith("local-http-api")) {
            return "webhook";
        } else if (thread.startsWith("qtp") || thread.startsWith("SQLiteQueue")) {
            return "dynamodb-local";
        } else if (thread.startsWith("asl-")) {
            return "executions";
        } else if (thread.startsWith("sfn-http")) {
            return "step-functions-api";
        } else if (thread.startsWith("pool-") || thread.startsWith("HttpClient-")) {
            return "clients";
        }
        return "other";
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static Map<String, String> seconds(Map<String, Long> nanos) {
        Map<String, String> seconds = new TreeMap<>();
        nanos.forEach((group, n) -> seconds.put(group, String.format("%.1f", n / 1e9)));
        return seconds;
    }

    private static double percentile(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }
}
