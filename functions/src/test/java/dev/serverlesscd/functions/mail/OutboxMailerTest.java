package dev.serverlesscd.functions.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class OutboxMailerTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-01T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path outbox;

    final List<String> console = new ArrayList<>();

    @Test
    void send_shouldWriteOneRfc5322FilePerMessage_andPrintTheLinkLine() throws IOException {
        // GIVEN
        OutboxMailer mailer = new OutboxMailer(outbox, CLOCK, console::add);
        String link = "http://localhost:8080/approvals?id=apr-1&approver=lead%40example.com&expires=1714824000&sig=ab12";

        // WHEN
        mailer.send(Mail.text("pipeline@example.com", "lead@example.com", "Approve orders-service to production",
                "Commit 6113728 by octocat.\n\nDecide here:\n  " + link + "\n"));
        mailer.send(Mail.text("pipeline@example.com", "ops@example.com", "Run run-1 SUCCEEDED", "no links here"));

        // THEN
        List<Path> files = files();
        assertThat(files).hasSize(2);
        String eml = Files.readString(files.get(0), StandardCharsets.UTF_8);
        assertThat(eml).startsWith("From: pipeline@example.com\r\nTo: lead@example.com\r\nSubject: Approve orders-service to production\r\n"
                        + "Date: Wed, 1 May 2024 12:00:00 GMT\r\nMessage-ID: <")
                .contains("\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
                .endsWith("Decide here:\r\n  " + link + "\r\n");
        assertThat(console).containsExactly("mail to lead@example.com: " + link);
    }

    @Test
    void send_shouldWriteAMultipartAlternative_withAnEncodedSubject_whenHtmlAndUnicode() throws IOException {
        // GIVEN
        OutboxMailer mailer = new OutboxMailer(outbox, CLOCK, console::add);

        // WHEN
        mailer.send(new Mail("pipeline@example.com", List.of("lead@example.com"), "Déploiement ✓", "texte", "<p>Déploiement</p>"));

        // THEN
        String eml = Files.readString(files().get(0), StandardCharsets.UTF_8);
        assertThat(eml).contains("Subject: =?UTF-8?B?" + Base64.getEncoder().encodeToString("Déploiement ✓".getBytes(StandardCharsets.UTF_8)) + "?=\r\n")
                .contains("Content-Type: multipart/alternative; boundary=\"=_alt_")
                .contains("Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\ntexte\r\n")
                .contains("Content-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                        + Base64.getEncoder().encodeToString("<p>Déploiement</p>".getBytes(StandardCharsets.UTF_8)));
        assertThat(eml.strip()).endsWith("--");
    }

    @Test
    void send_shouldThrowMailDelivery_whenTheOutboxCannotBeWritten() throws IOException {
        // GIVEN a file where the folder should be
        Path notAFolder = Files.writeString(outbox.resolve("occupied"), "x");
        OutboxMailer mailer = new OutboxMailer(notAFolder, CLOCK, console::add);

        // WHEN / THEN
        assertThatThrownBy(() -> mailer.send(Mail.text("pipeline@example.com", "lead@example.com", "s", "https://x")))
                .isInstanceOf(MailDeliveryException.class)
                .hasMessageStartingWith("Could not write the mail to lead@example.com into ");
        assertThat(console).as("nothing announced for a mail that was not written").isEmpty();
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> files = Files.list(outbox)) {
            return files.filter(f -> f.toString().endsWith(".eml")).sorted().toList();
        }
    }
}
