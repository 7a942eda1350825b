package dev.serverlesscd.functions.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.serverlesscd.functions.common.Json;
import dev.serverlesscd.functions.testing.DynamoDbLocal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Release revisions on DynamoDB Local: numbering, lookups by run, and bodies split across items. */
@Tag("dynamodb")
class DynamoDbReleaseRevisionsTest {
    static final DynamoDbLocal DB = DynamoDbLocal.start();
    static final DeploymentRef REF = new DeploymentRef("orders-staging", "orders");

    @AfterAll
    static void stop() {
        DB.close();
    }

    @BeforeEach
    void setUp() {
        DB.deleteAllItems();
    }

    @Test
    void record_shouldNumberRevisionsInOrder_andFindThemByRun() {
        DynamoDbReleaseRevisions revisions = new DynamoDbReleaseRevisions(DB.client(), DB.tableName());

        ReleaseRevision first = revisions.record(revision("run-1", 1));
        ReleaseRevision second = revisions.record(revision("run-2", 1));

        assertThat(first.number()).isEqualTo(1);
        assertThat(second.number()).isEqualTo(2);
        assertThat(revisions.latest(REF)).hasValueSatisfying(r -> assertThat(r.runId()).isEqualTo("run-2"));
        assertThat(revisions.byRun(REF, "run-1")).hasValueSatisfying(r -> {
            assertThat(r.number()).isEqualTo(1);
            assertThat(r.objects()).isEqualTo(first.objects());
            assertThat(r.summary()).isEqualTo(first.summary());
            assertThat(r.changes()).contains("added ConfigMap/orders-config (keys: GREETING)",
                    "replicas Deployment/orders: (none) -> 2");
            assertThat(r.followed()).isEqualTo("Deployment/orders");
        });
        assertThat(revisions.recent(REF, 5)).extracting(ReleaseRevision::number).containsExactly(2, 1);
        assertThat(revisions.byRun(new DeploymentRef("orders-production", "orders"), "run-1")).isEmpty();
    }

    @Test
    void record_shouldSplitALargeBodyIntoParts_andReadItBackWhole() {
        // GIVEN parts of 1 KB and a release of 200 objects that do not compress well
        DynamoDbReleaseRevisions revisions = new DynamoDbReleaseRevisions(DB.client(), DB.tableName(), 1024);

        ReleaseRevision recorded = revisions.record(revision("run-1", 200));

        long items = DB.client().scan(r -> r.tableName(DB.tableName())).count();
        assertThat(items).isGreaterThan(2);
        assertThat(revisions.byRun(REF, "run-1")).hasValueSatisfying(r -> assertThat(r.objects()).isEqualTo(recorded.objects()));
    }

    private static ReleaseRevision revision(String runId, int objects) {
        List<ObjectNode> nodes = new ArrayList<>();
        for (int i = 0; i < objects; i++) {
            ObjectNode node = Json.MAPPER.createObjectNode().put("apiVersion", "v1").put("kind", "ConfigMap");
            node.putObject("metadata").put("name", "config-" + i + "-" + java.util.UUID.randomUUID());
            nodes.add(node);
        }
        ReleaseSummary summary = new ReleaseSummary(Map.of("Deployment/orders/orders", "orders@sha256:1"),
                Map.of("Deployment/orders", 2),
                Map.of("ConfigMap/orders-config", new ReleaseSummary.Config("orders-config-0123456789", Map.of("GREETING", "abc"))));
        return new ReleaseRevision(REF, "staging", 0, runId, "commit", "v1", "orders@sha256:1", "sha256:digest", nodes,
                summary, "Deployment/orders", summary.changesSince(null), null, Instant.parse("2026-03-01T10:00:00Z"));
    }
}
