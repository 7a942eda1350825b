package dev.serverlesscd.functions.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.serverlesscd.functions.common.Json;
import dev.serverlesscd.functions.deploy.EnvironmentLocks;
import dev.serverlesscd.functions.gate.Baselines;
import dev.serverlesscd.functions.lambda.RunRecorderHandler;
import dev.serverlesscd.functions.testing.DynamoDbLocal;
import dev.serverlesscd.functions.testing.StreamHandlers;
import dev.serverlesscd.functions.wiring.GivenPorts;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("dynamodb")
class RunRecorderHandlerTest {
    static final DynamoDbLocal DB = DynamoDbLocal.start();
    static final Instant NOW = Instant.parse("2024-05-01T12:00:30Z");

    final DynamoDbRunStore store = new DynamoDbRunStore(DB.client(), DB.tableName());
    final RunRecorderHandler handler = new RunRecorderHandler(GivenPorts.builder()
            .runs(store)
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .statuses(StageStatuses.off("not in this test"))
            .baselines(Baselines.NONE)
            .locks(EnvironmentLocks.NONE)
            .build());

    @AfterAll
    static void stop() {
        DB.close();
    }

    @Test
    void start_shouldMarkTheRecordedRunRunning_withTheExecutionArnOfTheRequest() throws IOException {
        // GIVEN the webhook recorded the run
        String runId = "run-72d3162e";
        store.create(Runs.received(runId, Runs.T0));

        // WHEN
        JsonNode result = invoke(fixture("record-start.json"));

        // THEN
        assertThat(result).isEqualTo(Json.MAPPER.readTree("{\"runId\":\"run-72d3162e\",\"status\":\"RUNNING\"}"));
        Run stored = store.find(runId).orElseThrow();
        assertThat(stored.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(stored.executionArn()).isEqualTo("arn:aws:states:eu-west-1:123456789012:execution:pipeline:run-72d3162e");
        assertThat(stored.createdAt()).as("the webhook's record is kept").isEqualTo(Runs.T0);
        assertThat(stored.updatedAt()).isEqualTo(NOW);
    }

    @Test
    void start_shouldRecordTheRunFromTheExecutionInput_whenNoWebhookRecordedIt() throws IOException {
        // GIVEN an execution started by hand: nothing recorded
        String runId = "run-" + UUID.randomUUID();
        String request = "{\"action\":\"start\",\"run\":{\"runId\":\"" + runId + "\",\"repository\":\"acme/orders-service\","
                + "\"branch\":\"develop\",\"defaultBranch\":\"develop\",\"commit\":\"6113728\",\"deploy\":false}}";

        // WHEN
        JsonNode result = invoke(request);

        // THEN
        assertThat(result.get("status").asText()).isEqualTo("RUNNING");
        Run stored = store.find(runId).orElseThrow();
        assertThat(stored.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(stored.executionArn()).as("no executionArn in the request").isNull();
        assertThat(stored.repository()).isEqualTo("acme/orders-service");
        assertThat(stored.defaultBranch()).as("the input's default branch is kept").isEqualTo("develop");
        assertThat(stored.createdAt()).isEqualTo(NOW);
        assertThat(store.recent(50)).extracting(Run::runId).contains(runId);
    }

    @Test
    void finish_shouldRecordTheOutcomeAndSummary() throws IOException {
        // GIVEN
        String runId = "run-72d3162e-finish";
        store.create(Runs.received(runId, Runs.T0));
        store.markStarted(runId, "arn:exec", Runs.T0);
        String request = fixture("record-finish.json").replace("\"run-72d3162e\"", "\"" + runId + "\"");

        // WHEN
        JsonNode result = invoke(request);

        // THEN
        assertThat(result.get("status").asText()).isEqualTo("FAILED");
        Run stored = store.find(runId).orElseThrow();
        assertThat(stored.status()).isEqualTo(RunStatus.FAILED);
        assertThat(stored.error()).isEqualTo("Gate.Failed");
        assertThat(stored.cause()).startsWith("test: 2 of 14 tests failed");
        assertThat(stored.summary().at("/gate/verdict").asText()).isEqualTo("FAIL");
        assertThat(stored.summary().at("/checks/0/stage").asText()).isEqualTo("test");
    }

    @Test
    void finish_shouldAnswerTheStoredStatus_andChangeNothing_whenTheRunAlreadyFinished() throws IOException {
        // GIVEN a run already superseded by a newer one
        String runId = "run-" + UUID.randomUUID();
        store.create(Runs.received(runId, Runs.T0));
        store.finish(runId, RunStatus.SUPERSEDED, "Approval.Superseded", "superseded by run-2", null, Runs.T0);

        // WHEN its own execution records a late outcome
        JsonNode result = invoke("{\"action\":\"finish\",\"runId\":\"" + runId + "\",\"status\":\"TIMED_OUT\","
                + "\"error\":\"States.Timeout\",\"cause\":null,\"summary\":null}");

        // THEN
        assertThat(result.get("status").asText()).isEqualTo("SUPERSEDED");
        Run stored = store.find(runId).orElseThrow();
        assertThat(stored.status()).isEqualTo(RunStatus.SUPERSEDED);
        assertThat(stored.error()).isEqualTo("Approval.Superseded");
        assertThat(stored.updatedAt()).isEqualTo(Runs.T0);
    }

    @Test
    void finish_shouldRefuseAStatusThatIsNotFinal_naming_theAllowedOnes() {
        // GIVEN
        String runId = "run-" + UUID.randomUUID();
        store.create(Runs.received(runId, Runs.T0));

        // WHEN / THEN
        assertThatThrownBy(() -> invoke("{\"action\":\"finish\",\"runId\":\"" + runId + "\",\"status\":\"RUNNING\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("finish 'status' must be one of SUCCEEDED, FAILED, REJECTED, ROLLED_BACK, SUPERSEDED, TIMED_OUT, ABORTED, was 'RUNNING'");
        assertThatThrownBy(() -> invoke("{\"action\":\"finish\",\"runId\":\"" + runId + "\",\"status\":\"DONE\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("was 'DONE'");
        assertThat(store.find(runId).orElseThrow().status()).isEqualTo(RunStatus.RECEIVED);
    }

    @Test
    void finish_shouldThrowRunNotFound_whenTheRunWasNeverRecorded() {
        assertThatThrownBy(() -> invoke("{\"action\":\"finish\",\"runId\":\"run-ghost\",\"status\":\"FAILED\"}"))
                .isInstanceOf(RunNotFoundException.class)
                .hasMessage("Run run-ghost is not recorded");
        assertThat(store.find("run-ghost")).isEmpty();
    }

    @Test
    void handle_shouldRefuseAnUnknownOrMissingActionOrRun() {
        assertThatThrownBy(() -> invoke("{\"action\":\"restart\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("RunRecorder 'action' must be start or finish, was 'restart'");
        assertThatThrownBy(() -> invoke("{\"runId\":\"run-1\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("RunRecorder needs 'action': start or finish");
        assertThatThrownBy(() -> invoke("{\"action\":\"start\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("start needs the run (the execution input) in 'run'");
    }

    private JsonNode invoke(String json) throws IOException {
        return StreamHandlers.invoke(handler, json);
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = RunRecorderHandlerTest.class.getResourceAsStream("/run/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
