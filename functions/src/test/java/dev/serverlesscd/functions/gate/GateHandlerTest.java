package dev.serverlesscd.functions.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.serverlesscd.functions.common.Env;
import dev.serverlesscd.functions.common.Json;
import dev.serverlesscd.functions.config.DefaultBranchModel;
import dev.serverlesscd.functions.config.PipelineConfig;
import dev.serverlesscd.functions.lambda.GateHandler;
import dev.serverlesscd.functions.reports.Fixtures;
import dev.serverlesscd.functions.reports.LocalReportSource;
import dev.serverlesscd.functions.reports.ReportGroups;
import dev.serverlesscd.functions.run.DynamoDbRunStore;
import dev.serverlesscd.functions.run.StageStatuses;
import dev.serverlesscd.functions.testing.DynamoDbLocal;
import dev.serverlesscd.functions.wiring.GivenPorts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Gates task as the state machine calls it: the contract's JSON in, the contract's JSON out. */
@Tag("dynamodb")
class GateHandlerTest {
    static final DynamoDbLocal DB = DynamoDbLocal.start();
    static final String RUN_ID = "run-72d3162e-cc78-11e3-81ab-4c9367dc0958";

    @TempDir
    Path workspace;

    @AfterAll
    static void stop() {
        DB.close();
    }

    @Test
    void handleRequest_shouldAnswerTheGatesContract() throws IOException {
        // GIVEN the reports of a run whose test stage failed one test
        Fixtures.copyTo(workspace, RUN_ID, "test", "failing");
        Fixtures.copyTo(workspace, RUN_ID, "scan", "scan-clean");
        Fixtures.copyTo(workspace, RUN_ID, "lint", "lint-clean");
        DynamoDbRunStore store = new DynamoDbRunStore(DB.client(), DB.tableName());
        store.create(RecordedRuns.received(RUN_ID, Instant.parse("2024-05-01T11:59:00Z")));
        GateHandler handler = new GateHandler(GivenPorts.builder()
                .reports(new LocalReportSource(workspace))
                .runs(store)
                .clock(Clock.fixed(Instant.parse("2024-05-01T12:00:00Z"), ZoneOffset.UTC))
                .pipelineConfig(new PipelineConfig(DefaultBranchModel.TIERS, java.util.Map.of()))
                .baselines(Baselines.NONE)
                .images(ImageInspector.LOCAL)
                .reportGroups(ReportGroups.NONE)
                .statuses(StageStatuses.off("not in this test"))
                .build());

        // WHEN
        JsonNode result;
        try (InputStream request = getClass().getResourceAsStream("/gate/gates-request.json")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler.handleRequest(request, out, null);
            result = Json.MAPPER.readTree(out.toByteArray());
        }

        // THEN
        assertThat(result).isEqualTo(Json.MAPPER.readTree("""
                {"verdict": "FAIL",
                 "stages": [
                   {"stage": "test", "verdict": "FAIL",
                    "summary": "1 of 16 tests failed: PriceCalculatorTest.roundsHalfUpToCents; line coverage 89.9% (minimum 85.0%); coverage drop: no baseline yet (first run of main)"},
                   {"stage": "scan", "verdict": "WARN", "summary": "skipped: trivy not installed; no findings"},
                   {"stage": "lint", "verdict": "PASS", "summary": "no findings"}],
                 "reasons": ["test: 1 of 16 tests failed: PriceCalculatorTest.roundsHalfUpToCents"],
                 "warnings": ["scan: skipped: trivy not installed"],
                 "measured": [{"kind": "COVERAGE", "values": {"lineCoverage": 89.91596638655462}, "units": {}}]}"""));
    }

    @Test
    void config_shouldNameWhatIsMissing() {
        assertThatThrownBy(() -> GateConfig.from(new Env(Map.of("TABLE_NAME", "pipeline"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Environment variable REPORTS_BUCKET (S3) or REPORTS_DIR (local workspace) is not set");
        assertThatThrownBy(() -> GateConfig.from(new Env(Map.of("REPORTS_DIR", "/tmp"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Environment variable TABLE_NAME is not set");
    }

    @Test
    void config_shouldReadReportsFromTheWorkspace_orFromTheBucket() {
        assertThat(GateConfig.from(new Env(Map.of("TABLE_NAME", "t", "REPORTS_DIR", "/tmp/ws"))).reportSource())
                .isInstanceOf(LocalReportSource.class);
        assertThat(GateConfig.from(new Env(Map.of("TABLE_NAME", "t", "REPORTS_BUCKET", "reports"))))
                .isEqualTo(new GateConfig("t", "reports", null));
    }
}
