package dev.serverlesscd.functions.gate;

import dev.serverlesscd.functions.config.Tier;
import dev.serverlesscd.functions.reports.LocalReportSource;
import dev.serverlesscd.functions.run.DynamoDbRunStore;
import dev.serverlesscd.functions.testing.DynamoDbLocal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the gate's tests on DynamoDB Local start from: a run of their own, recorded a minute before {@link #NOW} (the
 * store records stages of recorded runs only), a workspace where the local build runner would put its reports, and
 * the gate over them at {@link #NOW}. A test class keeps its own table: {@code static final DynamoDbLocal DB =
 * DynamoDbLocal.start();}, passed to this constructor, and closed in its {@code @AfterAll}.
 */
abstract class GateFixture {
    static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

    @TempDir
    Path workspace;

    final String runId = "run-" + UUID.randomUUID();
    final DynamoDbRunStore store;
    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    GateFixture(DynamoDbLocal db) {
        store = new DynamoDbRunStore(db.client(), db.tableName());
    }

    @BeforeEach
    void recordTheRun() {
        store.create(RecordedRuns.received(runId, NOW.minusSeconds(60)));
    }

    /** The gate reading the reports under {@link #workspace}, recording into {@link #store}, at {@link #NOW}. */
    GateService.Builder gateOnLocalReports(Map<String, Tier> tiers) {
        return GateService.builder(new LocalReportSource(workspace), store, clock, tiers);
    }
}
