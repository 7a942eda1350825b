package dev.serverlesscd.functions.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesscd.functions.testing.DynamoDbLocal;
import dev.serverlesscd.functions.webhook.WebhookFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Supersession of a branch's older runs on DynamoDB Local. */
@Tag("dynamodb")
class BranchRunsTest {
    static final DynamoDbLocal DB = DynamoDbLocal.start();
    static final String REPO = "acme/orders-service";
    static final Instant T0 = WebhookFixture.T0;

    BranchRuns branchRuns;

    @AfterAll
    static void stop() {
        DB.close();
    }

    @BeforeEach
    void setUp() {
        branchRuns = new WebhookFixture(DB).branchRuns;
    }

    @Test
    void register_shouldSupersedeEveryOlderRunThatHasNotDeployed() {
        // GIVEN a run of main already deploying, and a newer one waiting
        branchRuns.register(REPO, "main", "run-1", T0, T0);
        assertThat(branchRuns.markDeploying(REPO, "main", "run-1", T0.plusSeconds(1))).isTrue();
        assertThat(branchRuns.register(REPO, "main", "run-2", T0.plusSeconds(2), T0.plusSeconds(2))).isEmpty();

        // WHEN a newer push registers
        var superseded = branchRuns.register(REPO, "main", "run-3", T0.plusSeconds(3), T0.plusSeconds(3));

        // THEN the waiting run is superseded; the deploying one goes on
        assertThat(superseded).containsExactly("run-2");
        assertThat(branchRuns.supersededBy(REPO, "main", "run-2")).contains("run-3");
        assertThat(branchRuns.supersededBy(REPO, "main", "run-1")).isEmpty();
        assertThat(branchRuns.supersededBy(REPO, "main", "run-3")).isEmpty();
    }

    @Test
    void register_shouldSupersedeTheRunItself_whenANewerRunOfTheBranchArrivedFirst() {
        // GIVEN the newer push registered first (deliveries out of order, or a failed start redelivered late)
        branchRuns.register(REPO, "main", "run-new", T0.plusSeconds(10), T0.plusSeconds(10));

        // WHEN the older one registers
        var superseded = branchRuns.register(REPO, "main", "run-old", T0, T0.plusSeconds(20));

        // THEN it is superseded by the newer, which is not
        assertThat(superseded).containsExactly("run-old");
        assertThat(branchRuns.supersededBy(REPO, "main", "run-old")).contains("run-new");
        assertThat(branchRuns.supersededBy(REPO, "main", "run-new")).isEmpty();
    }

    @Test
    void markDeploying_shouldRefuse_whenTheRunWasSupersededFirst() {
        // GIVEN a superseded run
        branchRuns.register(REPO, "develop", "run-a", T0, T0);
        branchRuns.register(REPO, "develop", "run-b", T0.plus(Duration.ofMinutes(1)), T0);

        // WHEN it reaches its deploy
        // THEN it may not deploy; the newer may
        assertThat(branchRuns.markDeploying(REPO, "develop", "run-a", T0)).isFalse();
        assertThat(branchRuns.markDeploying(REPO, "develop", "run-b", T0)).isTrue();
        assertThat(branchRuns.markDeploying(REPO, "develop", "run-b", T0)).isTrue();
    }

    @Test
    void register_shouldBeIdempotent_forARetriedDelivery() {
        // GIVEN a registered run
        branchRuns.register(REPO, "main", "run-1", T0, T0);

        // WHEN it registers again (a retried start)
        var superseded = branchRuns.register(REPO, "main", "run-1", T0, T0.plusSeconds(60));

        // THEN nothing changes
        assertThat(superseded).isEmpty();
        assertThat(branchRuns.supersededBy(REPO, "main", "run-1")).isEmpty();
    }

    @Test
    void supersedeAndMarkDeploying_shouldHaveExactlyOneWinner_whenTheyRace() throws Exception {
        for (int round = 0; round < 20; round++) {
            // GIVEN an older run of the branch, about to deploy
            String branch = "race-" + round;
            branchRuns.register(REPO, branch, "run-old", T0, T0);

            // WHEN a newer push registers while the older one marks itself deploying
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            Future<List<String>> push = pool.submit(() -> {
                go.await();
                return branchRuns.register(REPO, branch, "run-new", T0.plusSeconds(5), T0.plusSeconds(5));
            });
            Future<Boolean> deploy = pool.submit(() -> {
                go.await();
                return branchRuns.markDeploying(REPO, branch, "run-old", T0.plusSeconds(5));
            });
            go.countDown();
            boolean superseded = push.get().contains("run-old");
            boolean deploying = deploy.get();
            pool.shutdown();

            // THEN exactly one of them won, and the stored item says which
            assertThat(superseded).as("round %d: superseded and deploying both %s", round, superseded)
                    .isNotEqualTo(deploying);
            assertThat(branchRuns.supersededBy(REPO, branch, "run-old").isPresent()).isEqualTo(superseded);
        }
    }

    @Test
    void doneDeploying_shouldSupersedeTheRun_whenANewerPushArrivedWhileItDeployed() {
        // GIVEN run-1 deploying when run-2 registers
        branchRuns.register(REPO, "main", "run-1", T0, T0);
        assertThat(branchRuns.markDeploying(REPO, "main", "run-1", T0.plusSeconds(1))).isTrue();
        assertThat(branchRuns.register(REPO, "main", "run-2", T0.plusSeconds(2), T0.plusSeconds(2))).isEmpty();

        // WHEN run-1's deploy is done
        var supersededBy = branchRuns.doneDeploying(REPO, "main", "run-1", T0.plusSeconds(3));

        // THEN it is superseded by run-2 from now on: it does not deploy again; run-2 is not superseded
        assertThat(supersededBy).contains("run-2");
        assertThat(branchRuns.supersededBy(REPO, "main", "run-1")).contains("run-2");
        assertThat(branchRuns.markDeploying(REPO, "main", "run-1", T0.plusSeconds(4))).isFalse();
        assertThat(branchRuns.doneDeploying(REPO, "main", "run-2", T0.plusSeconds(4))).isEmpty();
        assertThat(branchRuns.doneDeploying(REPO, "main", "run-unknown", T0.plusSeconds(4))).isEmpty();
    }
}
