package dev.serverlesscd.functions.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.serverlesscd.functions.common.Json;
import dev.serverlesscd.functions.workflow.RecordingHttpEndpoint;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sesv2.SesV2Client;

@Tag("unit")
class SesMailerTest {
    final RecordingHttpEndpoint sesApi = new RecordingHttpEndpoint();
    final SesMailer mailer = new SesMailer(SesV2Client.builder()
            .endpointOverride(sesApi.uri())
            .region(Region.EU_WEST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .httpClient(UrlConnectionHttpClient.builder().build())
            .build());

    SesMailerTest() throws IOException {
    }

    @AfterEach
    void stop() {
        sesApi.close();
    }

    @Test
    void send_shouldCallSendEmail_withSenderRecipientsSubjectAndBothBodies() throws IOException {
        // GIVEN
        sesApi.answerNext(200, "{\"MessageId\":\"0100018f-1\"}");

        // WHEN
        mailer.send(new Mail("pipeline@example.com", List.of("lead@example.com", "ops@example.com"),
                "Run run-1 FAILED", "text body", "<p>html body</p>"));

        // THEN
        RecordingHttpEndpoint.Request sent = sesApi.requests().get(0);
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/v2/email/outbound-emails");
        JsonNode body = Json.MAPPER.readTree(sent.body());
        assertThat(body.get("FromEmailAddress").asText()).isEqualTo("pipeline@example.com");
        assertThat(body.at("/Destination/ToAddresses")).hasSize(2);
        assertThat(body.at("/Content/Simple/Subject/Data").asText()).isEqualTo("Run run-1 FAILED");
        assertThat(body.at("/Content/Simple/Body/Text/Data").asText()).isEqualTo("text body");
        assertThat(body.at("/Content/Simple/Body/Html/Data").asText()).isEqualTo("<p>html body</p>");
        assertThat(body.at("/Content/Simple/Body/Text/Charset").asText()).isEqualTo("UTF-8");
    }

    @Test
    void send_shouldThrowMailDelivery_namingTheRecipients_whenSesRejectsTheMessage() {
        // GIVEN
        sesApi.answerNext(400, "{\"__type\":\"MessageRejected\",\"message\":\"Email address is not verified.\"}");

        // WHEN / THEN
        assertThatThrownBy(() -> mailer.send(Mail.text("pipeline@example.com", "lead@example.com", "Approve?", "t")))
                .isInstanceOf(MailDeliveryException.class)
                .hasMessageStartingWith("SES did not accept the mail 'Approve?' to lead@example.com: ")
                .hasMessageContaining("Email address is not verified.");
    }
}
