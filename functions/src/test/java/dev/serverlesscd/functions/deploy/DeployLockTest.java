package dev.serverlesscd.functions.deploy;

import static dev.serverlesscd.functions.deploy.Fixtures.DIGEST_B;
import static dev.serverlesscd.functions.deploy.Fixtures.DIGEST_C;
import static dev.serverlesscd.functions.deploy.Fixtures.IMAGE_A;
import static dev.serverlesscd.functions.deploy.Fixtures.IMAGE_B;
import static dev.serverlesscd.functions.deploy.Fixtures.IMAGE_C;
import static dev.serverlesscd.functions.deploy.Fixtures.REF;
import static dev.serverlesscd.functions.deploy.Fixtures.REPO;
import static dev.serverlesscd.functions.deploy.Fixtures.STAGING;
import static dev.serverlesscd.functions.deploy.Fixtures.seed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesscd.functions.run.StageStatuses;
import dev.serverlesscd.functions.run.Supersession;
import dev.serverlesscd.functions.testing.DynamoDbLocal;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The deploy step's side of the environment lock, against the mock API server and DynamoDB Local with the real lock
 * items: one change per environment at a time; a run's own rollback is not blocked by its deploy's lock; record
 * releases it.
 */
@Tag("dynamodb")
@EnableKubernetesMockClient(crud = true)
class DeployLockTest {
    static final DynamoDbLocal DB = DynamoDbLocal.start();
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final String COMMIT = "6113728f27ae82c7b1a177c8d03f9e96e0adf246";

    KubernetesClient client;
    DynamoDbDeploymentHistory history;
    DynamoDbEnvironmentLocks locks;
    DeployService service;

    @AfterAll
    static void stop() {
        DB.close();
    }

    @BeforeEach
    void setUp() {
        String table = DB.newTable("lock");
        history = new DynamoDbDeploymentHistory(DB.client(), table);
        locks = new DynamoDbEnvironmentLocks(DB.client(), table);
        service = DeployService.builder()
                .cluster(new KubernetesCluster(client))
                .history(history)
                .healthEndpoints(HealthEndpoints.none())
                .probe(uri -> new HttpProbe.Answer(200, "not probed"))
                .supersession(Supersession.NONE)
                .locks(locks)
                .statuses(StageStatuses.off("not in this test"))
                .clock(Clock.fixed(T0.plusSeconds(600), ZoneOffset.UTC))
                .build();
        seed(client, IMAGE_A, 1);
    }

    @Test
    void deploy_shouldThrowNamingTheHolder_andLeaveTheClusterUntouched_whenAnotherRunHoldsTheLock() {
        // GIVEN the tag's run deploys to staging (holds the lock)
        locks.acquire(REF, "run-tag", T0);

        // WHEN main's run reaches its deploy to staging
        // THEN it is refused (the state machine retries), nothing changed, nothing recorded
        assertThatThrownBy(() -> service.deploy("run-main", STAGING, REPO + ":main", DIGEST_B, COMMIT, "main-6113728"))
                .isInstanceOf(EnvironmentLockedException.class)
                .hasMessageStartingWith("Deploy.EnvironmentLocked: run-main does not change orders-staging/orders now:"
                        + " run-tag holds its lock since 2026-03-01T10:00:00Z");
        assertThat(new KubernetesCluster(client).currentImage(REF, "orders")).isEqualTo(IMAGE_A);
        assertThat(history.recent(REF, 5)).isEmpty();
    }

    @Test
    void rollback_shouldNotBeBlocked_whenTheSameRunHoldsTheLockFromItsDeploy() {
        // GIVEN A succeeded once; run B deployed (holds the lock) and its rollout failed
        history.record(new DeploymentRecord(REF, "staging", "run-0", DeploymentStatus.SUCCEEDED, IMAGE_A, null,
                "c0", "v0", null, null, T0.minusSeconds(3600)));
        DeployResult deployed = service.deploy("run-b", STAGING, REPO + ":main", DIGEST_B, COMMIT, "main-6113728");

        // WHEN B rolls back
        DeployResult rolledBack = service.rollback("run-b", STAGING, deployed.image(), "rollout failed");

        // THEN A runs again and B still holds the lock until its end (nobody deploys during the rollback's rollout)
        assertThat(rolledBack.image()).isEqualTo(IMAGE_A);
        assertThat(new KubernetesCluster(client).currentImage(REF, "orders")).isEqualTo(IMAGE_A);
        assertThatThrownBy(() -> locks.acquire(REF, "run-c", T0.plusSeconds(700)))
                .isInstanceOf(EnvironmentLockedException.class).hasMessageContaining("run-b holds its lock");
        assertThat(locks.releaseAll("run-b")).isEqualTo(1);
    }

    @Test
    void record_shouldReleaseTheLock_soThatTheWaitingRunDeploys() {
        // GIVEN run A deployed B's image and holds the lock; run C waits for it
        DeployResult deployed = service.deploy("run-a", STAGING, REPO + ":main", DIGEST_B, COMMIT, "main-6113728");
        assertThatThrownBy(() -> service.deploy("run-c", STAGING, REPO + ":v1.4.0", DIGEST_C, COMMIT, "v1.4.0"))
                .isInstanceOf(EnvironmentLockedException.class);

        // WHEN A's deploy is recorded
        service.record("run-a", STAGING, deployed.image(), deployed.previousImage(), "SUCCEEDED");

        // THEN C's next attempt deploys
        DeployResult next = service.deploy("run-c", STAGING, REPO + ":v1.4.0", DIGEST_C, COMMIT, "v1.4.0");
        assertThat(next.image()).isEqualTo(IMAGE_C);
        assertThat(next.previousImage()).isEqualTo(IMAGE_B);
    }

    @Test
    void restore_shouldBeRefused_andChangeNothing_whenARunHoldsTheLock() {
        // GIVEN v1 (B) succeeded, C runs now, and a run is deploying to staging
        history.record(new DeploymentRecord(REF, "staging", "run-1", DeploymentStatus.SUCCEEDED, IMAGE_B, null,
                "c1", "v1", null, null, T0.minusSeconds(3600)));
        locks.acquire(REF, "run-main", T0);

        // WHEN the on-call engineer rolls staging back to v1
        // THEN the manual rollback waits (refused now), the cluster is untouched, the run keeps the lock
        assertThatThrownBy(() -> service.restore("rollback-1", STAGING, "v1", "v2 corrupts orders", "oncall"))
                .isInstanceOf(EnvironmentLockedException.class)
                .hasMessageContaining("run-main holds its lock since 2026-03-01T10:00:00Z");
        assertThat(new KubernetesCluster(client).currentImage(REF, "orders")).isEqualTo(IMAGE_A);
        assertThat(history.findByRun(REF, "rollback-1", DeploymentStatus.DEPLOYING)).isEmpty();
        assertThatThrownBy(() -> locks.acquire(REF, "run-other", T0.plusSeconds(1)))
                .hasMessageContaining("run-main holds its lock");
    }

    @Test
    void restore_shouldReleaseTheLock_whenItFails() {
        // GIVEN nothing ever succeeded in staging
        // WHEN a manual rollback is asked for
        assertThatThrownBy(() -> service.restore("rollback-1", STAGING, "v1", "bad release", "oncall"))
                .isInstanceOf(NoRollbackTargetException.class);

        // THEN its lock is not left behind: a run may deploy
        DeployResult deployed = service.deploy("run-a", STAGING, REPO + ":main", DIGEST_B, COMMIT, "main-6113728");
        assertThat(deployed.image()).isEqualTo(IMAGE_B);
    }

    @Test
    void record_shouldReleaseAManualRollbacksLock_whenItRecordsItsOutcome() {
        // GIVEN v1 (B) succeeded; a manual rollback restored it (holds the lock)
        history.record(new DeploymentRecord(REF, "staging", "run-1", DeploymentStatus.SUCCEEDED, IMAGE_B, null,
                "c1", "v1", null, null, T0.minusSeconds(3600)));
        RestoreResult restored = service.restore("rollback-1", STAGING, "v1", "bad release", "oncall");

        // WHEN its failure is recorded (the rollout failed)
        service.record("rollback-1", STAGING, restored.image(), restored.previousImage(), "FAILED");

        // THEN the lock is free again
        assertThat(locks.release(REF, "rollback-1")).isFalse();
        locks.acquire(REF, "run-a", T0.plusSeconds(900));
    }
}
