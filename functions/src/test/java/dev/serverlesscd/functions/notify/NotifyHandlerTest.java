package dev.serverlesscd.functions.notify;

import static dev.serverlesscd.functions.testing.StreamHandlers.invoke;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.serverlesscd.functions.approval.ApprovalConfig;
import dev.serverlesscd.functions.common.Env;
import dev.serverlesscd.functions.common.Json;
import dev.serverlesscd.functions.lambda.NotifyHandler;
import dev.serverlesscd.functions.mail.Mail;
import dev.serverlesscd.functions.mail.MailDeliveryException;
import dev.serverlesscd.functions.mail.OutboxMailer;
import dev.serverlesscd.functions.wiring.GivenPorts;
import dev.serverlesscd.functions.wiring.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class NotifyHandlerTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-01T12:30:00Z"), ZoneOffset.UTC);

    @TempDir
    Path outbox;

    @Test
    void handleRequest_shouldMailTheOutcome_toTheAuthorAndTheConfiguredList_oncePerAddress() throws IOException {
        // GIVEN the local outbox and a list that repeats the author
        NotifyConfig config = NotifyConfig.from(new Env(Map.of(
                "SENDER_EMAIL", "pipeline@example.com",
                "NOTIFY_EMAILS", " team@example.com, OctoCat@example.com ,,")));
        NotifyHandler handler = new NotifyHandler(GivenPorts.builder()
                .mailer(new OutboxMailer(outbox, CLOCK, line -> { }))
                .settings(new Settings(config.senderEmail(), ApprovalConfig.DEFAULT_TIMEOUT, config.notifyEmails()))
                .build());

        // WHEN
        JsonNode result = invoke(handler, fixture());

        // THEN
        assertThat(result).isEqualTo(Json.MAPPER.readTree("{\"sent\":2}"));
        List<String> mails = eml();
        assertThat(mails).hasSize(2);
        assertThat(mails).anySatisfy(eml -> assertThat(eml).contains("To: octocat@example.com\r\n"));
        assertThat(mails).anySatisfy(eml -> assertThat(eml).contains("To: team@example.com\r\n"));
        assertThat(mails.get(0))
                .contains("Subject: [acme/orders-service] run-72d3162e ROLLED_BACK (6113728)\r\n")
                .contains("Run run-72d3162e of acme/orders-service ended: ROLLED_BACK.")
                .contains("Error:      Deploy.RolledBack")
                .contains("Cause:      production: rollout of orders stalled (ProgressDeadlineExceeded); rolled back to main-5a1b2c3");
    }

    @Test
    void notify_shouldSendNothing_whenTheAuthorIsALogin_andNoListIsConfigured() {
        // GIVEN
        List<Mail> sent = new ArrayList<>();
        Notifier notifier = new Notifier(sent::add, new NotifyConfig("pipeline@example.com", List.of()));

        // WHEN
        NotifyResult result = notifier.notify(new NotifyRequest("run-1", "SUCCEEDED", null, null, "acme/orders-service", "6113728", "octocat"));

        // THEN
        assertThat(result.sent()).isZero();
        assertThat(sent).isEmpty();
    }

    @Test
    void notify_shouldTryEveryRecipient_andNameTheOnesThatFailed() {
        // GIVEN the author's mail is refused
        List<Mail> sent = new ArrayList<>();
        Notifier notifier = new Notifier(mail -> {
            if (mail.to().contains("octocat@example.com")) {
                throw new MailDeliveryException("SES did not accept the mail: MessageRejected", null);
            }
            sent.add(mail);
        }, new NotifyConfig("pipeline@example.com", List.of("team@example.com")));

        // WHEN / THEN
        assertThatThrownBy(() -> notifier.notify(new NotifyRequest("run-1", "FAILED", "Gate.Failed", "2 tests failed",
                "acme/orders-service", "6113728", "octocat@example.com")))
                .isInstanceOf(MailDeliveryException.class)
                .hasMessage("Notification of run run-1: 1 of 2 mails failed: {octocat@example.com=SES did not accept the mail: MessageRejected}");
        assertThat(sent).extracting(m -> m.to().get(0)).containsExactly("team@example.com");
    }

    @Test
    void notify_shouldRefuseARequestWithoutRunOrStatus() {
        Notifier notifier = new Notifier(mail -> { }, new NotifyConfig("pipeline@example.com", List.of()));

        assertThatThrownBy(() -> notifier.notify(new NotifyRequest(null, "FAILED", null, null, null, null, null)))
                .hasMessage("Notify needs 'runId'");
        assertThatThrownBy(() -> notifier.notify(new NotifyRequest("run-1", " ", null, null, null, null, null)))
                .hasMessage("Notify needs 'status' (run run-1)");
    }

    @Test
    void config_shouldFailFast_onAMissingSender_orAMalformedAddress() {
        assertThatThrownBy(() -> NotifyConfig.from(new Env(Map.of())))
                .hasMessage("Environment variable SENDER_EMAIL is not set");
        assertThatThrownBy(() -> NotifyConfig.from(new Env(Map.of("SENDER_EMAIL", "pipeline@example.com",
                "NOTIFY_EMAILS", "team@example.com;ops@example.com"))))
                .hasMessage("Environment variable NOTIFY_EMAILS holds 'team@example.com;ops@example.com', which is not an email address");
    }


    private static String fixture() throws IOException {
        try (InputStream in = NotifyHandlerTest.class.getResourceAsStream("/notify/notify.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private List<String> eml() throws IOException {
        try (Stream<Path> files = Files.list(outbox)) {
            List<String> mails = new ArrayList<>();
            for (Path file : files.sorted().toList()) {
                mails.add(Files.readString(file, StandardCharsets.UTF_8));
            }
            return mails;
        }
    }
}
