package dev.serverlesscd.functions.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.serverlesscd.functions.common.Json;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class SfnTaskCallbacksTest {
    final RecordingHttpEndpoint stepFunctions = new RecordingHttpEndpoint();
    final SfnTaskCallbacks callbacks = new SfnTaskCallbacks(stepFunctions.sfnClient());

    SfnTaskCallbacksTest() throws IOException {
    }

    @AfterEach
    void stop() {
        stepFunctions.close();
    }

    @Test
    void succeed_shouldSendTaskSuccess_withTheOutputAsJson() throws IOException {
        // GIVEN
        JsonNode output = Json.MAPPER.readTree("{\"decision\":\"APPROVED\",\"approvers\":[\"lead@example.com\"]}");

        // WHEN
        callbacks.succeed("token-1", output);

        // THEN
        RecordingHttpEndpoint.Request sent = stepFunctions.requests().get(0);
        assertThat(sent.target()).isEqualTo("AWSStepFunctions.SendTaskSuccess");
        JsonNode body = Json.MAPPER.readTree(sent.body());
        assertThat(body.get("taskToken").asText()).isEqualTo("token-1");
        assertThat(Json.MAPPER.readTree(body.get("output").asText())).isEqualTo(output);
    }

    @Test
    void fail_shouldSendTaskFailure_withErrorAndCause() throws IOException {
        // WHEN
        callbacks.fail("token-1", "Approval.Rejected", "lead@example.com rejected: not on a Friday");

        // THEN
        RecordingHttpEndpoint.Request sent = stepFunctions.requests().get(0);
        assertThat(sent.target()).isEqualTo("AWSStepFunctions.SendTaskFailure");
        assertThat(Json.MAPPER.readTree(sent.body())).isEqualTo(Json.MAPPER.readTree(
                "{\"taskToken\":\"token-1\",\"error\":\"Approval.Rejected\",\"cause\":\"lead@example.com rejected: not on a Friday\"}"));
    }

    @Test
    void heartbeat_shouldSendTaskHeartbeat() {
        // WHEN
        callbacks.heartbeat("token-1");

        // THEN
        assertThat(stepFunctions.requests()).extracting(RecordingHttpEndpoint.Request::target)
                .containsExactly("AWSStepFunctions.SendTaskHeartbeat");
    }

    @Test
    void succeed_shouldThrowTokenRejected_timedOut_whenTheTaskTimedOut() {
        // GIVEN
        stepFunctions.answerNext(400, "{\"__type\":\"com.amazonaws.swf.service.v2.model#TaskTimedOut\",\"message\":\"Task Timed Out: 'arn…'\"}");

        // WHEN / THEN
        assertThatThrownBy(() -> callbacks.succeed("token-1", null))
                .isInstanceOfSatisfying(TaskTokenRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(TaskTokenRejectedException.Reason.TIMED_OUT))
                .hasMessage("Step Functions refused the task token: the task timed out before the answer arrived (Task Timed Out: 'arn…')");
    }

    @Test
    void fail_shouldThrowTokenRejected_notWaiting_whenTheTaskDoesNotExist() {
        // GIVEN
        stepFunctions.answerNext(400, "{\"__type\":\"TaskDoesNotExist\",\"message\":\"Task does not exist anymore\"}");

        // WHEN / THEN
        assertThatThrownBy(() -> callbacks.fail("token-1", "Approval.Rejected", "no"))
                .isInstanceOfSatisfying(TaskTokenRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(TaskTokenRejectedException.Reason.NOT_WAITING));
    }

    @Test
    void heartbeat_shouldThrowTokenRejected_invalid_whenTheTokenIsInvalid() {
        // GIVEN
        stepFunctions.answerNext(400, "{\"__type\":\"InvalidToken\",\"message\":\"Invalid token\"}");

        // WHEN / THEN
        assertThatThrownBy(() -> callbacks.heartbeat("forged"))
                .isInstanceOfSatisfying(TaskTokenRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(TaskTokenRejectedException.Reason.INVALID))
                .hasMessageContaining("the task token is invalid");
    }

    @Test
    void fail_shouldTruncateAnErrorLongerThanStepFunctionsAccepts() throws IOException {
        // WHEN
        callbacks.fail("token-1", "E".repeat(300), "cause");

        // THEN
        String error = Json.MAPPER.readTree(stepFunctions.requests().get(0).body()).get("error").asText();
        assertThat(error).hasSize(256).endsWith("…");
    }

    @Test
    void succeed_shouldRefuseAMissingToken_withoutCallingStepFunctions() {
        assertThatThrownBy(() -> callbacks.succeed(" ", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Task token is required");
        assertThat(stepFunctions.requests()).isEmpty();
    }
}
