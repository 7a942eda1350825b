package dev.serverlesscd.functions.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesscd.functions.config.EnvironmentTarget;
import dev.serverlesscd.functions.run.StageStatuses;
import dev.serverlesscd.functions.run.Supersession;
import dev.serverlesscd.functions.testing.DynamoDbLocal;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * Releases from manifests through {@link DeployService}: applied to Fabric8's mock API server in CRUD mode, recorded
 * as revisions on DynamoDB Local; pruning, the retention of hashed configuration, and rollbacks that re-apply a whole
 * revision.
 */
@Tag("dynamodb")
@EnableKubernetesMockClient(crud = true)
class ReleaseDeployTest {
    static final DynamoDbLocal DB = DynamoDbLocal.start();
    static final String REPO = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders";
    static final String A = "sha256:" + "a".repeat(64);
    static final String B = "sha256:" + "b".repeat(64);
    static final String C = "sha256:" + "c".repeat(64);
    static final EnvironmentTarget STAGING = Releases.STAGING;
    static final DeploymentRef REF = new DeploymentRef("orders-staging", "orders");

    KubernetesClient client;
    DynamoDbDeploymentHistory history;
    DynamoDbReleaseRevisions revisions;
    final Map<String, List<ManifestFile>> manifestsByRun = new HashMap<>();

    @AfterAll
    static void stop() {
        DB.close();
    }

    @BeforeEach
    void setUp() {
        DB.deleteAllItems();
        history = new DynamoDbDeploymentHistory(DB.client(), DB.tableName());
        revisions = new DynamoDbReleaseRevisions(DB.client(), DB.tableName());
    }

    DeployService service(int keepReleases) {
        return DeployService.builder()
                .cluster(new KubernetesCluster(client))
                .history(history)
                .revisions(revisions)
                .manifests((runId, directory) -> manifestsByRun.getOrDefault(runId, List.of()))
                .keepReleases(keepReleases)
                .healthEndpoints(HealthEndpoints.none())
                .supersession(Supersession.NONE)
                .locks(EnvironmentLocks.NONE)
                .statuses(StageStatuses.off("not in this test"))
                .clock(Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC))
                .build();
    }

    @Test
    void releases_applyTheManifests_pruneWhatWasRemoved_andARollbackReappliesTheWholeEarlierRevision() {
        DeployService service = service(5);
        // GIVEN release 1: image A, GREETING=hello, Services orders and orders-debug
        manifestsByRun.put("run-1", List.of(Releases.deployment(2), Releases.config("hello"),
                Releases.service("orders"), Releases.service("orders-debug")));
        DeployResult first = release(service, "run-1", A, "v1");
        PodTemplateSpec templateOne = deployment().getSpec().getTemplate();
        assertThat(first.revision()).isEqualTo(1);
        assertThat(deployment().getSpec().getReplicas()).isEqualTo(2);
        assertThat(service("orders-debug")).isTrue();

        // WHEN release 2 changes the image and GREETING and drops orders-debug
        manifestsByRun.put("run-2", List.of(Releases.deployment(2), Releases.config("bonjour"), Releases.service("orders")));
        DeployResult second = release(service, "run-2", B, "v2");
        PodTemplateSpec templateTwo = deployment().getSpec().getTemplate();

        // THEN the new pods read the new ConfigMap, the old one is kept, orders-debug is pruned, the changes are named
        assertThat(templateTwo.getSpec().getContainers().get(0).getImage()).isEqualTo(REPO + "@" + B);
        String configTwo = templateTwo.getSpec().getContainers().get(0).getEnvFrom().get(0).getConfigMapRef().getName();
        String configOne = templateOne.getSpec().getContainers().get(0).getEnvFrom().get(0).getConfigMapRef().getName();
        assertThat(configTwo).isNotEqualTo(configOne);
        assertThat(configMap(configTwo).getData()).containsEntry("GREETING", "bonjour");
        assertThat(configMap(configOne).getData()).containsEntry("GREETING", "hello");
        assertThat(service("orders-debug")).isFalse();
        assertThat(second.revision()).isEqualTo(2);
        assertThat(second.changes()).containsExactly(
                "image Deployment/orders/orders: " + REPO + "@" + A + " -> " + REPO + "@" + B,
                "ConfigMap/orders-config: keys changed: GREETING (" + configOne + " -> " + configTwo + ")",
                "pruned Service/orders-debug");

        // WHEN release 3 (image C, GREETING=hola) fails and is rolled back
        manifestsByRun.put("run-3", List.of(Releases.deployment(3), Releases.config("hola"), Releases.service("orders")));
        service.deploy("run-3", STAGING, REPO, C, "commit-3", "v3");
        assertThat(deployment().getSpec().getReplicas()).isEqualTo(3);
        DeployResult rolledBack = service.rollback("run-3", STAGING, REPO + "@" + C, "rollout failed");

        // THEN the Deployment's pod template and replicas and the ConfigMap it reads are release 2's
        assertThat(deployment().getSpec().getTemplate()).isEqualTo(templateTwo);
        assertThat(deployment().getSpec().getReplicas()).isEqualTo(2);
        assertThat(deployment().getMetadata().getAnnotations()).containsEntry(DeployService.ROLLBACK_OF, REPO + "@" + C);
        assertThat(configMap(configTwo).getData()).containsEntry("GREETING", "bonjour");
        assertThat(rolledBack.image()).isEqualTo(REPO + "@" + B);
        assertThat(revisions.latest(REF)).hasValueSatisfying(r -> {
            assertThat(r.number()).isEqualTo(4);
            assertThat(r.rollbackOf()).isEqualTo(2);
            assertThat(r.runId()).isEqualTo("run-3");
        });
        assertThat(history.findByRun(REF, "run-3", DeploymentStatus.ROLLED_BACK)).isPresent();

        // WHEN the on-call engineer restores v1
        RestoreResult restored = service.restore("rollback-1", STAGING, "v1", "v2 breaks totals", "oncall@example.com");

        // AND the history says what separates release 1 from release 3, keys and no values
        assertThat(service.changesBetween(STAGING, 1, 3)).containsExactly(
                "image Deployment/orders/orders: " + REPO + "@" + A + " -> " + REPO + "@" + C,
                "replicas Deployment/orders: 2 -> 3",
                "ConfigMap/orders-config: keys changed: GREETING (" + configOne + " -> "
                        + revisions.byNumber(REF, 3).orElseThrow().summary().config().get("ConfigMap/orders-config").appliedAs() + ")");

        // THEN release 1's configuration is back with its image, and orders-debug with it
        assertThat(restored.image()).isEqualTo(REPO + "@" + A);
        assertThat(deployment().getSpec().getTemplate()).isEqualTo(templateOne);
        assertThat(configMap(configOne).getData()).containsEntry("GREETING", "hello");
        assertThat(service("orders-debug")).isTrue();
    }

    @Test
    void hashedConfiguration_isKeptForTheLastReleasesOnly_andSecretValuesAreNeverStored() {
        DeployService service = service(2);
        manifestsByRun.put("run-1", List.of(Releases.deployment(2), Releases.config("one")));
        manifestsByRun.put("run-2", List.of(Releases.deployment(2), Releases.config("two")));
        manifestsByRun.put("run-3", List.of(Releases.deployment(2), Releases.config("three")));

        release(service, "run-1", A, "v1");
        String configOne = configName();
        release(service, "run-2", B, "v2");
        String configTwo = configName();
        release(service, "run-3", C, "v3");

        assertThat(configMapOrNull(configOne)).as("older than the last 2 releases").isNull();
        assertThat(configMapOrNull(configTwo)).isNotNull();
        assertThat(client.secrets().inNamespace("orders-staging").list().getItems()).hasSize(1);
        String table = DB.client().scan(ScanRequest.builder().tableName(DB.tableName()).build()).items().toString();
        assertThat(table).doesNotContain("s3cr3t");
        assertThat(revisions.byRun(REF, "run-1").orElseThrow().objects().toString()).doesNotContain("s3cr3t-value")
                .contains("\"keys\":[\"password\"]");
    }

    @Test
    void aRevisionWhoseSecretIsGone_isNotReapplied_andSaysWhy() {
        DeployService service = service(1);
        manifestsByRun.put("run-1", List.of(Releases.deployment(2), Releases.config("one")));
        release(service, "run-1", A, "v1");
        // a new password: the old hashed Secret is deleted once only the last release's are kept
        manifestsByRun.put("run-2", List.of(Releases.deployment(2), new ManifestFile("deploy/staging/config.yaml",
                Releases.config("one").text().replace("s3cr3t-value", "n3w-value"))));
        release(service, "run-2", B, "v2");

        assertThatThrownBy(() -> service.restore("rollback-1", STAGING, "v1", "try", "oncall@example.com"))
                .isInstanceOf(DeployException.class)
                .hasMessageStartingWith("Deploy.SecretGone: cannot re-apply release revision 1 of orders-staging/orders:"
                        + " its Secret orders-db-");
    }

    @Test
    void pruning_neverDeletesAnObjectWithoutTheProjectsLabels() {
        DeployService service = service(5);
        manifestsByRun.put("run-1", List.of(Releases.deployment(2), Releases.config("one"), Releases.service("legacy")));
        release(service, "run-1", A, "v1");
        // someone took Service/legacy over by hand: it no longer carries the project's labels
        client.services().inNamespace("orders-staging").resource(new ServiceBuilder().withNewMetadata()
                .withName("legacy").withNamespace("orders-staging").endMetadata().withNewSpec().endSpec().build()).update();

        manifestsByRun.put("run-2", List.of(Releases.deployment(2), Releases.config("one")));
        DeployResult second = release(service, "run-2", B, "v2");

        assertThat(second.changes()).contains("pruned Service/legacy");
        assertThat(service("legacy")).as("not labelled as the project's: left alone").isTrue();
    }

    @Test
    void deploy_withoutManifests_setsTheImageAsBefore_andAConfiguredDirectoryThatIsMissingIsRefused() {
        DeployService service = service(5);
        Fixtures.seed(client, REPO + "@" + A, 2);

        DeployResult result = service.deploy("run-1", STAGING, REPO, B, "commit-1", "v1");

        assertThat(result.revision()).isNull();
        assertThat(deployment().getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo(REPO + "@" + B);
        EnvironmentTarget configured = new EnvironmentTarget("staging", "orders-staging", "orders", "orders", "/health", 0,
                List.of(), new dev.serverlesscd.functions.config.ManifestSettings("k8s/staging", null, null));
        assertThatThrownBy(() -> service.deploy("run-2", configured, REPO, C, "commit-2", "v2"))
                .isInstanceOf(ManifestRefusedException.class)
                .hasMessageContaining("environment staging names manifests 'k8s/staging' but run run-2's build left none");
        assertThat(deployment().getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo(REPO + "@" + B);
    }

    private DeployResult release(DeployService service, String runId, String digest, String version) {
        DeployResult result = service.deploy(runId, STAGING, REPO + ":" + version, digest, "commit-" + version, version);
        service.record(runId, STAGING, result.image(), result.previousImage(), "SUCCEEDED");
        return result;
    }

    private Deployment deployment() {
        return client.apps().deployments().inNamespace("orders-staging").withName("orders").get();
    }

    private String configName() {
        return deployment().getSpec().getTemplate().getSpec().getVolumes().get(0).getConfigMap().getName();
    }

    private ConfigMap configMap(String name) {
        ConfigMap configMap = configMapOrNull(name);
        assertThat(configMap).as("ConfigMap " + name).isNotNull();
        return configMap;
    }

    private ConfigMap configMapOrNull(String name) {
        return client.configMaps().inNamespace("orders-staging").withName(name).get();
    }

    private boolean service(String name) {
        return client.services().inNamespace("orders-staging").withName(name).get() != null;
    }
}
