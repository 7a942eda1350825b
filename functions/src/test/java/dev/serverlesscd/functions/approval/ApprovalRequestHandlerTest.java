package dev.serverlesscd.functions.approval;

import static dev.serverlesscd.functions.approval.ApprovalFixtures.SENDER;
import static dev.serverlesscd.functions.approval.ApprovalFixtures.T0;
import static dev.serverlesscd.functions.approval.ApprovalFixtures.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.serverlesscd.functions.common.Json;
import dev.serverlesscd.functions.lambda.ApprovalRequestHandler;
import dev.serverlesscd.functions.run.Supersession;
import dev.serverlesscd.functions.testing.DynamoDbLocal;
import dev.serverlesscd.functions.wiring.GivenPorts;
import dev.serverlesscd.functions.wiring.Settings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("dynamodb")
class ApprovalRequestHandlerTest {
    static final DynamoDbLocal DB = DynamoDbLocal.start();

    final DynamoDbApprovalStore store = new DynamoDbApprovalStore(DB.client(), DB.tableName());
    final ApprovalFixtures.RecordingMailer mailer = new ApprovalFixtures.RecordingMailer();
    final ApprovalRequestHandler handler = new ApprovalRequestHandler(GivenPorts.builder()
            .approvals(store)
            .mailer(mailer)
            .approvalLinks(ApprovalFixtures.links())
            .settings(new Settings(SENDER, TIMEOUT, java.util.List.of()))
            .supersession(Supersession.NONE)
            .callbacks(ApprovalFixtures.NO_CALLBACKS)
            .clock(Clock.fixed(T0, ZoneOffset.UTC))
            .build());

    @AfterAll
    static void stop() {
        DB.close();
    }

    @Test
    void handleRequest_shouldOpenTheApproval_andAnswerItsIdAndDeadline_fromTheContractsPayload() throws IOException {
        // GIVEN the payload RequestApproval sends
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        // WHEN
        try (InputStream in = getClass().getResourceAsStream("/approval/request-approval.json")) {
            handler.handleRequest(in, out, null);
        }

        // THEN
        JsonNode result = Json.MAPPER.readTree(out.toByteArray());
        String approvalId = ApprovalRequester.approvalIdFor("AQCEAAAAKgAAAAMAAAAAAAAAAfake-task-token-for-production");
        assertThat(result.get("approvalId").asText()).isEqualTo(approvalId);
        assertThat(result.get("deadline").asText()).isEqualTo("2024-05-04T12:00:00Z");
        assertThat(result.get("notified")).hasSize(2);
        assertThat(result.toString()).doesNotContain("fake-task-token");
        assertThat(store.find(approvalId).orElseThrow().status()).isEqualTo(ApprovalStatus.PENDING);
        assertThat(mailer.sent).hasSize(2);
    }
}
