package dev.serverlesscd.functions.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesscd.functions.testing.DynamoDbLocal;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The environment locks on DynamoDB Local: the real engine and conditions, the pipeline's table. */
@Tag("dynamodb")
class DynamoDbEnvironmentLocksTest {
    static final DynamoDbLocal DB = DynamoDbLocal.start();
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    DynamoDbEnvironmentLocks locks;
    DeploymentRef ref;

    @AfterAll
    static void stop() {
        DB.close();
    }

    @BeforeEach
    void setUp() {
        locks = new DynamoDbEnvironmentLocks(DB.client(), DB.tableName());
        ref = new DeploymentRef("ns-" + UUID.randomUUID().toString().substring(0, 8), "orders");
    }

    @Test
    void acquire_shouldStoreTheLockItem_withOwnerSinceAndExpiry_whenNobodyHoldsIt() {
        // GIVEN no lock on the environment

        // WHEN
        locks.acquire(ref, "run-a", T0);

        // THEN
        Map<String, AttributeValue> item = item();
        assertThat(item).containsEntry("type", AttributeValue.fromS("ENVIRONMENT_LOCK"))
                .containsEntry("owner", AttributeValue.fromS("run-a"))
                .containsEntry("since", AttributeValue.fromS("2026-03-01T10:00:00Z"))
                .containsEntry("namespace", AttributeValue.fromS(ref.namespace()))
                .containsEntry("deployment", AttributeValue.fromS("orders"))
                .containsEntry("gsi1pk", AttributeValue.fromS("LOCKS#run-a"))
                .containsEntry("gsi1sk", AttributeValue.fromS(ref.toString()))
                .containsEntry("expiresAt", AttributeValue.fromN(Long.toString(T0.plus(EnvironmentLocks.TTL)
                        .getEpochSecond())));
    }

    @Test
    void acquire_shouldSucceedAndMoveTheExpiryOn_whenTheOwnerHoldsItAlready() {
        // GIVEN run A holds the lock
        locks.acquire(ref, "run-a", T0);

        // WHEN A takes it again an hour later (its rollback)
        locks.acquire(ref, "run-a", T0.plusSeconds(3600));

        // THEN A still holds it, until two hours after the second acquire
        assertThat(item()).containsEntry("owner", AttributeValue.fromS("run-a"))
                .containsEntry("expiresAt", AttributeValue.fromN(Long.toString(T0.plusSeconds(3600)
                        .plus(EnvironmentLocks.TTL).getEpochSecond())));
    }

    @Test
    void acquire_shouldBeRefusedNamingTheHolderAndSinceWhen_whenAnotherOwnerHoldsIt() {
        // GIVEN run A holds the lock
        locks.acquire(ref, "run-a", T0);

        // WHEN run B asks for it a minute later
        // THEN it is refused with who holds it since when, and A keeps it
        assertThatThrownBy(() -> locks.acquire(ref, "run-b", T0.plusSeconds(60)))
                .isInstanceOfSatisfying(EnvironmentLockedException.class, e -> {
                    assertThat(e.holder()).isEqualTo("run-a");
                    assertThat(e.since()).isEqualTo(T0);
                })
                .hasMessage("Deploy.EnvironmentLocked: run-b does not change " + ref + " now: run-a holds its lock"
                        + " since 2026-03-01T10:00:00Z (until it ends, at the latest 2026-03-01T12:00:00Z)");
        assertThat(item()).containsEntry("owner", AttributeValue.fromS("run-a"));
    }

    @Test
    void acquire_shouldTakeTheLockOver_whenTheHoldersLockExpired() {
        // GIVEN run A took the lock and crashed
        locks.acquire(ref, "run-a", T0);

        // WHEN run B asks for it after the lock's time (TTL deletes lazily: the item is still there)
        locks.acquire(ref, "run-b", T0.plus(EnvironmentLocks.TTL).plusSeconds(1));

        // THEN B holds it
        assertThat(item()).containsEntry("owner", AttributeValue.fromS("run-b"))
                .containsEntry("gsi1pk", AttributeValue.fromS("LOCKS#run-b"));
    }

    @Test
    void release_shouldDeleteTheLock_onlyWhenTheOwnerReleasesIt() {
        // GIVEN run A holds the lock
        locks.acquire(ref, "run-a", T0);

        // WHEN run B, then A release it
        boolean byB = locks.release(ref, "run-b");
        boolean stillThere = !item().isEmpty();
        boolean byA = locks.release(ref, "run-a");

        // THEN only A's release took it away; B may now take it
        assertThat(byB).isFalse();
        assertThat(stillThere).isTrue();
        assertThat(byA).isTrue();
        assertThat(item()).isEmpty();
        locks.acquire(ref, "run-b", T0.plusSeconds(60));
        assertThat(item()).containsEntry("owner", AttributeValue.fromS("run-b"));
    }

    @Test
    void releaseAll_shouldReleaseEveryLockTheOwnerHolds_andNoOtherOwners() {
        // GIVEN run A holds two environments' locks, run B a third
        DeploymentRef production = new DeploymentRef(ref.namespace() + "-prod", "orders");
        DeploymentRef other = new DeploymentRef(ref.namespace() + "-other", "orders");
        String runA = "run-a-" + UUID.randomUUID();
        locks.acquire(ref, runA, T0);
        locks.acquire(production, runA, T0);
        locks.acquire(other, "run-b", T0);

        // WHEN A's run ends
        int released = locks.releaseAll(runA);

        // THEN both of A's are free, B's is kept; a second call releases nothing
        assertThat(released).isEqualTo(2);
        locks.acquire(ref, "run-c", T0.plusSeconds(1));
        locks.acquire(production, "run-c", T0.plusSeconds(1));
        assertThatThrownBy(() -> locks.acquire(other, "run-c", T0.plusSeconds(1)))
                .isInstanceOf(EnvironmentLockedException.class);
        assertThat(locks.releaseAll(runA)).isZero();
    }

    private Map<String, AttributeValue> item() {
        return DB.client().getItem(r -> r.tableName(DB.tableName()).consistentRead(true).key(Map.of(
                "pk", AttributeValue.fromS("LOCK#" + ref), "sk", AttributeValue.fromS("LOCK")))).item();
    }
}
