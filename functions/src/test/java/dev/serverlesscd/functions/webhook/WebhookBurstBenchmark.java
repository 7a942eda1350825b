package dev.serverlesscd.functions.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.serverlesscd.functions.approval.PendingApprovals;
import dev.serverlesscd.functions.lambda.WebhookHandler;
import dev.serverlesscd.functions.testing.DynamoDbLocal;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A burst as GitHub sends one after a busy minute: 300 deliveries at once (240 pushes to 20 branches, 60 of them
 * delivered twice), served by 16 threads as the local server's pool serves them, on DynamoDB Local embedded with the
 * in-memory starter. Prints p50/p99/max of each delivery's latency (from the burst's start to its answer, so queueing
 * for a thread counts, as it does for GitHub) and the DynamoDB calls per delivery by operation. Not part of the
 * default build (tag {@code benchmark}); run it with
 * <pre>./mvnw -q -B -pl functions test -Dtest=WebhookBurstBenchmark -DexcludedTestGroups=none -Dsurefire.failIfNoSpecifiedTests=false -DskipNpm</pre>
 */
@Tag("benchmark")
class WebhookBurstBenchmark {
    private static final int PUSHES = 240;
    private static final int REDELIVERED = 60;
    private static final int BRANCHES = 20;
    private static final int THREADS = 16;
    private static final int ROUNDS = 3;

    @Test
    void burstOf300Deliveries() throws Exception {
        try (DynamoDbLocal db = DynamoDbLocal.start()) {
            for (int round = 1; round <= ROUNDS; round++) {
                Map<String, LongAdder> calls = new ConcurrentHashMap<>();
                DynamoDbClient counting = counting(db.client(), calls);
                String table = db.newTable("burst");
                WebhookService service = WebhookFixture.onTable(counting, table, new RecordingExecutionStarter(),
                        PendingApprovals.NONE, new StaticWebhookSecret(Deliveries.SECRET), WebhookFixture.CONFIG,
                        Clock.systemUTC());
                List<APIGatewayV2HTTPEvent> burst = burst();
                long[] nanos = new long[burst.size()];
                ExecutorService pool = Executors.newFixedThreadPool(THREADS);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Integer>> answers = new ArrayList<>();
                long[] start = new long[1];
                for (int i = 0; i < burst.size(); i++) {
                    int index = i;
                    answers.add(pool.submit(() -> {
                        go.await();
                        int status = WebhookHandler.handle(service, burst.get(index)).getStatusCode();
                        nanos[index] = System.nanoTime() - start[0];
                        return status;
                    }));
                }
                start[0] = System.nanoTime();
                go.countDown();
                Map<Integer, Integer> statuses = new TreeMap<>();
                for (Future<Integer> answer : answers) {
                    statuses.merge(answer.get(), 1, Integer::sum);
                }
                pool.shutdown();
                Arrays.sort(nanos);
                long total = calls.values().stream().mapToLong(LongAdder::sum).sum();
                Map<String, Long> byOperation = new TreeMap<>();
                calls.forEach((operation, count) -> byOperation.put(operation, count.sum()));
                System.out.printf("%nround %d: %d deliveries, %d threads: p50 %.0f ms, p99 %.0f ms, max %.0f ms; "
                                + "answers %s; DynamoDB calls %.2f per delivery %s%n", round, burst.size(), THREADS,
                        percentile(nanos, 50), percentile(nanos, 99), nanos[nanos.length - 1] / 1e6, statuses,
                        total / (double) burst.size(), byOperation);
                assertThat(statuses.keySet()).allMatch(status -> status < 500);
            }
        }
    }

    private static List<APIGatewayV2HTTPEvent> burst() {
        List<Deliveries> pushes = new ArrayList<>();
        for (int i = 0; i < PUSHES; i++) {
            pushes.add(Deliveries.of("push", WebhookFixture.delivery(),
                    WebhookFixture.pushJson("acme/orders-service", "refs/heads/feature/burst-" + (i % BRANCHES),
                            WebhookFixture.randomSha())));
        }
        List<APIGatewayV2HTTPEvent> events = new ArrayList<>();
        pushes.forEach(push -> events.add(push.event()));
        for (int i = 0; i < REDELIVERED; i++) {
            events.add(pushes.get(i * (PUSHES / REDELIVERED)).event());
        }
        java.util.Collections.shuffle(events, new java.util.Random(13));
        return events;
    }

    /** The client, counting each call by operation name. */
    private static DynamoDbClient counting(DynamoDbClient client, Map<String, LongAdder> calls) {
        return (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(),
                new Class<?>[] {DynamoDbClient.class}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() != Object.class && !method.getName().equals("serviceName")
                            && !method.getName().equals("close")) {
                        calls.computeIfAbsent(method.getName(), name -> new LongAdder()).increment();
                    }
                    try {
                        return method.invoke(client, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static double percentile(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }
}
