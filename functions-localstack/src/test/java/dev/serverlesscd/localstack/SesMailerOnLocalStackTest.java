package dev.serverlesscd.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesscd.functions.common.AwsClients;
import dev.serverlesscd.functions.common.Env;
import dev.serverlesscd.functions.mail.Mail;
import dev.serverlesscd.functions.mail.MailDeliveryException;
import dev.serverlesscd.functions.mail.Mailer;
import dev.serverlesscd.functions.mail.Mailers;
import dev.serverlesscd.functions.mail.SesMailer;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ses.SesClient;

/**
 * The mailer as the Lambdas pick it without {@code MAIL_OUTBOX_DIR}: SES API v2's SendEmail. LocalStack, like SES
 * in its sandbox, sends only from a verified sender.
 */
@LocalStackTest
class SesMailerOnLocalStackTest {
    static Mailer mailer;

    @BeforeAll
    static void start() {
        LocalStack.start();
        mailer = Mailers.from(new Env(Map.of()), Clock.systemUTC());
    }

    @Test
    void mailers_shouldPickSes_whenNoOutboxIsConfigured() {
        assertThat(mailer).isInstanceOf(SesMailer.class);
    }

    @Test
    void send_shouldBeAccepted_fromAVerifiedSender() {
        // GIVEN a verified sender
        String sender = "pipeline-" + UUID.randomUUID() + "@example.com";
        verify(sender);

        // WHEN / THEN
        assertThatCode(() -> mailer.send(new Mail(sender, List.of("lead@example.com", "ops@example.com"),
                "Run run-1 SUCCEEDED", "text body", "<p>html body</p>"))).doesNotThrowAnyException();
    }

    @Test
    void send_shouldFailWithMailDeliveryException_namingSubjectAndRecipients_fromAnUnverifiedSender() {
        // GIVEN a sender nobody verified
        String sender = "stranger-" + UUID.randomUUID() + "@example.com";

        // WHEN / THEN
        assertThatThrownBy(() -> mailer.send(new Mail(sender, List.of("lead@example.com"), "Approve run-2",
                "text body", null)))
                .isInstanceOf(MailDeliveryException.class)
                .hasMessageStartingWith("SES did not accept the mail 'Approve run-2' to lead@example.com: ");
    }

    private static void verify(String sender) {
        try (SesClient ses = SesClient.builder().httpClient(AwsClients.http()).build()) {
            ses.verifyEmailIdentity(r -> r.emailAddress(sender));
        }
    }
}
