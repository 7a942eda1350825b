package dev.serverlesscd.functions.deploy;

import static dev.serverlesscd.functions.deploy.Fixtures.DIGEST_B;
import static dev.serverlesscd.functions.deploy.Fixtures.DIGEST_C;
import static dev.serverlesscd.functions.deploy.Fixtures.IMAGE_A;
import static dev.serverlesscd.functions.deploy.Fixtures.IMAGE_B;
import static dev.serverlesscd.functions.deploy.Fixtures.REF;
import static dev.serverlesscd.functions.deploy.Fixtures.REPO;
import static dev.serverlesscd.functions.deploy.Fixtures.STAGING;
import static dev.serverlesscd.functions.deploy.Fixtures.seed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesscd.functions.run.BranchRuns;
import dev.serverlesscd.functions.run.BranchSupersession;
import dev.serverlesscd.functions.run.DynamoDbRunStore;
import dev.serverlesscd.functions.run.Run;
import dev.serverlesscd.functions.run.RunStatus;
import dev.serverlesscd.functions.run.StageStatuses;
import dev.serverlesscd.functions.testing.DynamoDbLocal;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The deploy step's side of supersession, against the mock API server and DynamoDB Local with the real branch items:
 * a superseded run neither deploys nor rolls back; a deploying run is not superseded until its deploy is recorded.
 */
@Tag("dynamodb")
@EnableKubernetesMockClient(crud = true)
class DeploySupersessionTest {
    static final DynamoDbLocal DB = DynamoDbLocal.start();
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final String COMMIT = "6113728f27ae82c7b1a177c8d03f9e96e0adf246";

    KubernetesClient client;
    String table;
    DynamoDbRunStore runs;
    BranchRuns branchRuns;
    DynamoDbDeploymentHistory history;
    DeployService service;

    @AfterAll
    static void stop() {
        DB.close();
    }

    @BeforeEach
    void setUp() {
        table = DB.newTable("deploy");
        runs = new DynamoDbRunStore(DB.client(), table);
        branchRuns = new BranchRuns(DB.client(), table, Duration.ofDays(30));
        history = new DynamoDbDeploymentHistory(DB.client(), table);
        service = DeployService.builder()
                .cluster(new KubernetesCluster(client))
                .history(history)
                .healthEndpoints(HealthEndpoints.none())
                .probe(uri -> new HttpProbe.Answer(200, "not probed"))
                .supersession(new BranchSupersession(runs, branchRuns))
                .locks(EnvironmentLocks.NONE)
                .statuses(StageStatuses.off("not in this test"))
                .clock(Clock.fixed(T0.plusSeconds(600), ZoneOffset.UTC))
                .build();
        seed(client, IMAGE_A, 1);
    }

    @Test
    void deploy_shouldRefuse_andChangeNothing_whenANewerPushSupersededTheRunFirst() {
        // GIVEN run A of main, superseded by B before its first deploy
        push("run-a", T0);
        push("run-b", T0.plusSeconds(60));

        // WHEN A reaches its deploy to staging
        // THEN it does not deploy; and the rollback the state machine tries next does not touch staging either
        assertThatThrownBy(() -> service.deploy("run-a", STAGING, REPO + ":main", DIGEST_B, COMMIT, "main-6113728"))
                .isInstanceOf(RunSupersededException.class)
                .hasMessage("Deploy.Superseded: run run-a does not deploy to staging (orders-staging/orders):"
                        + " superseded by run-b: a newer push to main");
        assertThatThrownBy(() -> service.rollback("run-a", STAGING, IMAGE_B, "deploy failed: Deploy.Superseded"))
                .isInstanceOf(RunSupersededException.class)
                .hasMessageContaining("never changed it; superseded by run-b");
        assertThat(new KubernetesCluster(client).currentImage(REF, "orders")).isEqualTo(IMAGE_A);
        assertThat(history.recent(REF, 5)).isEmpty();
    }

    @Test
    void deploy_shouldGoOn_whenANewerPushArrivesWhileTheRunDeploys_andTheRunIsSupersededOnceRecorded() {
        // GIVEN run A deploying to staging
        push("run-a", T0);
        DeployResult deployed = service.deploy("run-a", STAGING, REPO + ":main", DIGEST_B, COMMIT, "main-6113728");

        // WHEN a newer push arrives during the rollout
        List<String> superseded = push("run-b", T0.plusSeconds(60));

        // THEN A is not superseded, its deploy is recorded; from then on B supersedes it (its next approval stops it)
        assertThat(superseded).isEmpty();
        assertThat(branchRuns.supersededBy("acme/orders-service", "main", "run-a")).isEmpty();
        service.record("run-a", STAGING, deployed.image(), deployed.previousImage(), "SUCCEEDED");
        assertThat(history.lastSucceeded(REF, null)).map(DeploymentRecord::image).contains(IMAGE_B);
        assertThat(branchRuns.supersededBy("acme/orders-service", "main", "run-a")).contains("run-b");
    }

    @Test
    void deploy_shouldNotBeRefused_forATagRun() {
        // GIVEN a release tag's run, and a later push to main
        runs.create(run("run-tag", "refs/tags/v1.2.0", null, T0));
        push("run-main", T0.plusSeconds(60));

        // WHEN the tag's run deploys
        DeployResult deployed = service.deploy("run-tag", STAGING, REPO + ":v1.2.0", DIGEST_C, COMMIT, "v1.2.0");

        // THEN it deploys
        assertThat(deployed.image()).endsWith(DIGEST_C);
    }

    @Test
    void deploy_shouldFailAsSuperseded_insteadOfWaitingForTheLock_whenANewerPushSupersededTheWaitingRun() {
        // GIVEN a tag's run holds staging's lock; main's run A waits for it (its deploy was refused, it is retried)
        DynamoDbEnvironmentLocks locks = new DynamoDbEnvironmentLocks(DB.client(), table);
        DeployService locked = DeployService.builder()
                .cluster(new KubernetesCluster(client))
                .history(history)
                .healthEndpoints(HealthEndpoints.none())
                .probe(uri -> new HttpProbe.Answer(200, "not probed"))
                .supersession(new BranchSupersession(runs, branchRuns))
                .locks(locks)
                .statuses(StageStatuses.off("not in this test"))
                .clock(Clock.fixed(T0.plusSeconds(600), ZoneOffset.UTC))
                .build();
        locks.acquire(REF, "run-tag", T0);
        push("run-a", T0);
        assertThatThrownBy(() -> locked.deploy("run-a", STAGING, REPO + ":main", DIGEST_B, COMMIT, "main-6113728"))
                .isInstanceOf(EnvironmentLockedException.class);

        // WHEN a newer push to main arrives while A waits (A is not deploying: it is superseded)
        List<String> superseded = push("run-b", T0.plusSeconds(60));

        // THEN A's next attempt stops at once as superseded; staging is untouched
        assertThat(superseded).containsExactly("run-a");
        assertThatThrownBy(() -> locked.deploy("run-a", STAGING, REPO + ":main", DIGEST_B, COMMIT, "main-6113728"))
                .isInstanceOf(RunSupersededException.class)
                .hasMessageContaining("superseded by run-b");
        assertThat(new KubernetesCluster(client).currentImage(REF, "orders")).isEqualTo(IMAGE_A);
    }

    private List<String> push(String runId, Instant at) {
        runs.create(run(runId, "refs/heads/main", "main", at));
        return branchRuns.register("acme/orders-service", "main", runId, at, at);
    }

    private static Run run(String runId, String ref, String branch, Instant at) {
        return new Run(runId, "delivery-" + runId, "acme/orders-service", "https://github.com/acme/orders-service.git",
                "push", ref, branch, "main", branch == null ? ref.substring("refs/tags/".length()) : null, COMMIT, null,
                "octocat", List.of(),
                "main-6113728", "full", true, List.of(STAGING), RunStatus.RECEIVED, null, at, at, null, null, null);
    }
}
