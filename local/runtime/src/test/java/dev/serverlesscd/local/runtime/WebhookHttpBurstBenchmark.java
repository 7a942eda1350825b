package dev.serverlesscd.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesscd.asl.AslError;
import dev.serverlesscd.local.demo.SignedPush;
import java.io.UncheckedIOException;
import java.net.URI;
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
 * 20 branches, 60 of them delivered twice. Prints p50/p99/max of each delivery's latency from the burst's start
 * and the answers by status. Not part of the default build (tag {@code benchmark}); run it with
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
                            HttpResponse<String> answer = burst.get(index).post(webhook);
                            return answer.statusCode();
                        } catch (UncheckedIOException timedOut) {
                            return TIMED_OUT; // GitHub's 10 s passed (SignedPush's timeout): GitHub gives up too
                        } finally {
                            nanos[index] = System.nanoTime() - start[0];
                        }
                    }));
                }
                start[0] = System.nanoTime();
                go.countDown();
                Map<Integer, Integer> statuses = new TreeMap<>();
                for (Future<Integer> answer : answers) {
                    statuses.merge(answer.get(), 1, Integer::sum);
                }
                clients.shutdown();
                Arrays.sort(nanos);
                System.out.printf("%nround %d over HTTP: %d deliveries: p50 %.0f ms, p99 %.0f ms, max %.0f ms; answers %s"
                                + " (0: no answer within GitHub's 10 s)%n",
                        round, burst.size(), percentile(nanos, 50), percentile(nanos, 99),
                        nanos[nanos.length - 1] / 1e6, statuses);
                assertThat(statuses.keySet()).allMatch(status -> status < 500);
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

    private static double percentile(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }
}
