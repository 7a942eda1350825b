package dev.serverlesscd.functions.deploy;

import static dev.serverlesscd.functions.deploy.Fixtures.IMAGE_A;
import static dev.serverlesscd.functions.deploy.Fixtures.IMAGE_B;
import static dev.serverlesscd.functions.deploy.Fixtures.IMAGE_C;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesscd.functions.testing.DynamoDbLocal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The deployment history on DynamoDB Local: the real engine, the pipeline's table. */
@Tag("dynamodb")
class DynamoDbDeploymentHistoryTest {
    static final DynamoDbLocal DB = DynamoDbLocal.start();
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    DynamoDbDeploymentHistory history;
    DeploymentRef ref;

    @AfterAll
    static void stop() {
        DB.close();
    }

    @BeforeEach
    void setUp() {
        history = new DynamoDbDeploymentHistory(DB.client(), DB.tableName());
        ref = new DeploymentRef("ns-" + UUID.randomUUID().toString().substring(0, 8), "orders");
    }

    @Test
    void record_shouldStoreTheItemUnderTheDeploymentsPartition_withTheDocumentedShape() {
        // GIVEN
        DeploymentRecord record = new DeploymentRecord(ref, "staging", "run-1", DeploymentStatus.SUCCEEDED, IMAGE_B,
                IMAGE_A, "6113728f", "main-6113728", null, null, Instant.parse("2026-03-01T10:00:00.5Z"));

        // WHEN
        history.record(record);

        // THEN
        Map<String, AttributeValue> item = DB.client().getItem(r -> r.tableName(DB.tableName()).key(Map.of(
                "pk", AttributeValue.fromS("DEPLOY#" + ref),
                "sk", AttributeValue.fromS("2026-03-01T10:00:00.500Z#run-1#SUCCEEDED")))).item();
        assertThat(item).containsEntry("type", AttributeValue.fromS("DEPLOYMENT"))
                .containsEntry("gsi1pk", AttributeValue.fromS("DEPLOYMENTS"))
                .containsEntry("gsi1sk", AttributeValue.fromS("2026-03-01T10:00:00.500Z#" + ref + "#run-1"))
                .containsEntry("environment", AttributeValue.fromS("staging"))
                .containsEntry("namespace", AttributeValue.fromS(ref.namespace()))
                .containsEntry("deployment", AttributeValue.fromS("orders"))
                .containsEntry("status", AttributeValue.fromS("SUCCEEDED"))
                .containsEntry("image", AttributeValue.fromS(IMAGE_B))
                .containsEntry("previousImage", AttributeValue.fromS(IMAGE_A))
                .containsEntry("commit", AttributeValue.fromS("6113728f"))
                .containsEntry("version", AttributeValue.fromS("main-6113728"))
                .doesNotContainKey("reason");
        assertThat(history.recent(ref, 10)).containsExactly(record);
    }

    @Test
    void lastSucceeded_shouldBeTheNewestSucceededImageOtherThanTheFailedOne() {
        // GIVEN A succeeded, then B succeeded, then C was deploying (and failed), then B again was deploying
        history.record(item("run-1", DeploymentStatus.SUCCEEDED, IMAGE_A, null, 0));
        history.record(item("run-2", DeploymentStatus.SUCCEEDED, IMAGE_B, IMAGE_A, 1));
        history.record(item("run-3", DeploymentStatus.DEPLOYING, IMAGE_C, IMAGE_B, 2));
        history.record(item("run-3", DeploymentStatus.FAILED, IMAGE_C, IMAGE_B, 3));

        // WHEN / THEN
        assertThat(history.lastSucceeded(ref, IMAGE_C)).map(DeploymentRecord::image).contains(IMAGE_B);
        assertThat(history.lastSucceeded(ref, IMAGE_B)).map(DeploymentRecord::runId).contains("run-1");
    }

    @Test
    void lastSucceeded_shouldBeEmpty_whenNothingElseEverSucceeded() {
        // GIVEN
        history.record(item("run-1", DeploymentStatus.SUCCEEDED, IMAGE_A, null, 0));
        history.record(item("run-2", DeploymentStatus.ROLLED_BACK, IMAGE_A, IMAGE_B, 1));

        // WHEN / THEN
        assertThat(history.lastSucceeded(ref, IMAGE_A)).isEmpty();
    }

    @Test
    void lastSucceeded_shouldLookPastTheFirstPage_whenManyNewerItemsAreNotSucceeded() {
        // GIVEN one success, then 120 failures on top of it (more than a page of 50)
        history.record(item("run-ok", DeploymentStatus.SUCCEEDED, IMAGE_A, null, 0));
        for (int i = 1; i <= 120; i++) {
            history.record(item("run-" + i, DeploymentStatus.FAILED, IMAGE_B, IMAGE_A, i));
        }

        // WHEN / THEN
        assertThat(history.lastSucceeded(ref, IMAGE_B)).map(DeploymentRecord::runId).contains("run-ok");
        assertThat(history.recent(ref, 3)).extracting(DeploymentRecord::runId)
                .containsExactly("run-120", "run-119", "run-118");
    }

    @Test
    void findByRun_shouldFindTheRunsItemWithThatStatus() {
        // GIVEN
        history.record(item("run-1", DeploymentStatus.DEPLOYING, IMAGE_A, null, 0));
        history.record(item("run-2", DeploymentStatus.DEPLOYING, IMAGE_B, IMAGE_A, 1));
        history.record(item("run-2", DeploymentStatus.SUCCEEDED, IMAGE_B, IMAGE_A, 2));

        // WHEN / THEN
        assertThat(history.findByRun(ref, "run-2", DeploymentStatus.DEPLOYING))
                .map(DeploymentRecord::previousImage).contains(IMAGE_A);
        assertThat(history.findByRun(ref, "run-3", DeploymentStatus.DEPLOYING)).isEmpty();
    }

    @Test
    void record_shouldRefuseTheSameItemTwice() {
        // GIVEN
        history.record(item("run-1", DeploymentStatus.SUCCEEDED, IMAGE_A, null, 0));

        // WHEN / THEN
        assertThatThrownBy(() -> history.record(item("run-1", DeploymentStatus.SUCCEEDED, IMAGE_A, null, 0)))
                .isInstanceOf(DeployException.class)
                .hasMessageContaining("Deploy.AlreadyRecorded")
                .hasMessageContaining("run-1 already recorded SUCCEEDED for " + ref);
    }

    @Test
    void recent_shouldBeEmpty_forADeploymentNeverDeployed() {
        assertThat(history.recent(ref, 5)).isEqualTo(List.of());
    }

    private DeploymentRecord item(String runId, DeploymentStatus status, String image, String previous, int minutes) {
        return new DeploymentRecord(ref, "staging", runId, status, image, previous, "c" + minutes, "v" + minutes, null, null,
                T0.plus(Duration.ofMinutes(minutes)));
    }

    @Test
    void between_shouldGiveEveryDeploymentsItemsOfTheWindow_oldestFirst() {
        // GIVEN items of two Deployments, one before, two in and one at the end of a window (half open)
        DeploymentRef other = new DeploymentRef(ref.namespace(), "billing");
        Instant from = Instant.parse("2031-01-01T00:00:00Z");
        Instant to = from.plusSeconds(3600);
        DeploymentRecord before = new DeploymentRecord(ref, "staging", "run-0", DeploymentStatus.SUCCEEDED, IMAGE_A,
                null, null, null, null, null, from.minusMillis(1));
        DeploymentRecord first = new DeploymentRecord(ref, "staging", "run-1", DeploymentStatus.SUCCEEDED, IMAGE_B,
                IMAGE_A, null, null, null, null, from);
        DeploymentRecord second = new DeploymentRecord(other, "staging", "run-2", DeploymentStatus.ROLLED_BACK, IMAGE_A,
                IMAGE_C, null, null, "health", null, from.plusSeconds(60));
        DeploymentRecord atEnd = new DeploymentRecord(ref, "staging", "run-3", DeploymentStatus.SUCCEEDED, IMAGE_C,
                IMAGE_B, null, null, null, null, to);
        List.of(before, first, second, atEnd).forEach(history::record);

        // WHEN
        List<DeploymentRecord> window = history.between(from, to);

        // THEN
        assertThat(window).containsExactly(first, second);
    }
}
