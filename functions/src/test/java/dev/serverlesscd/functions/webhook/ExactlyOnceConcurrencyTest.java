package dev.serverlesscd.functions.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesscd.functions.run.RunStatus;
import dev.serverlesscd.functions.testing.DynamoDbLocal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Exactly once under load: concurrent first deliveries and redeliveries of the same ids, on DynamoDB Local. */
@Tag("dynamodb")
class ExactlyOnceConcurrencyTest {
    static final DynamoDbLocal DB = DynamoDbLocal.start();

    @AfterAll
    static void stop() {
        DB.close();
    }

    @Test
    void handle_shouldStartExactly800Executions_whenOneThousandDeliveriesFromEightThreadsInclude200Redeliveries()
            throws Exception {
        // GIVEN 800 distinct pushes, each to its own branch, and 200 redeliveries of some of them, shuffled together
        WebhookFixture fixture = new WebhookFixture(DB, Duration.ofSeconds(3));
        Random random = new Random(42);
        List<Deliveries> originals = new ArrayList<>();
        for (int i = 0; i < 800; i++) {
            originals.add(Deliveries.of("push", WebhookFixture.delivery(),
                    WebhookFixture.pushJson("refs/heads/feature/f" + i)));
        }
        List<Deliveries> all = new ArrayList<>(originals);
        for (int i = 0; i < 200; i++) {
            all.add(originals.get(random.nextInt(originals.size())));
        }
        Collections.shuffle(all, random);

        // WHEN 8 threads deliver them
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<Integer>> tasks = all.stream().<Callable<Integer>>map(d -> () -> fixture.send(d).getStatusCode()).toList();
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> f : pool.invokeAll(tasks)) {
            statuses.add(f.get());
        }
        pool.shutdown();

        // THEN exactly 800 StartExecution calls, one per delivery; every run recorded, its delivery marked STARTED
        Map<Integer, Long> byStatus = statuses.stream().collect(Collectors.groupingBy(s -> s, Collectors.counting()));
        assertThat(byStatus.get(202)).isEqualTo(800);
        assertThat(byStatus.keySet()).containsOnly(202, 200);
        assertThat(fixture.starter.calls()).hasSize(800).doesNotHaveDuplicates();
        assertThat(fixture.starter.executions()).hasSize(800);
        assertThat(fixture.runs.recent(1000)).hasSize(800)
                .allSatisfy(run -> assertThat(fixture.ledger.find(run.deliveryId())).get()
                        .extracting(DeliveryLedger.Delivery::state).isEqualTo(DeliveryLedger.State.STARTED));
    }
}
