package dev.serverlesscd.functions.mail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The local {@link Mailer}: each message becomes one RFC 5322 file ({@code .eml}, MIME, UTF-8) in an outbox folder,
 * which any mail client opens, and every line of its text that holds a link is passed to a console (so a local
 * approver sees the approval link without opening the file).
 */
public final class OutboxMailer implements Mailer {
    private static final String CRLF = "\r\n";
    private static final DateTimeFormatter FILE_TIME =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Path outbox;
    private final Clock clock;
    private final Consumer<String> console;
    private final AtomicLong sequence = new AtomicLong();

    public OutboxMailer(Path outbox, Clock clock, Consumer<String> console) {
        this.outbox = Objects.requireNonNull(outbox, "outbox folder is not specified");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.console = Objects.requireNonNull(console, "console");
    }

    @Override
    public void send(Mail mail) {
        String to = String.join(", ", mail.to());
        Path file = outbox.resolve(FILE_TIME.format(clock.instant()) + "-" + sequence.incrementAndGet() + "-"
                + mail.to().get(0).replaceAll("[^A-Za-z0-9@._-]", "_") + ".eml");
        try {
            Files.createDirectories(outbox);
            Files.writeString(file, render(mail), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
        } catch (IOException e) {
            throw new MailDeliveryException("Could not write the mail to " + to + " into " + file + ": " + e, e);
        }
        mail.text().lines()
                .filter(line -> line.contains("http://") || line.contains("https://"))
                .forEach(line -> console.accept("mail to " + to + ": " + line.strip()));
    }

    String render(Mail mail) {
        StringBuilder eml = new StringBuilder()
                .append("From: ").append(mail.from()).append(CRLF)
                .append("To: ").append(String.join(", ", mail.to())).append(CRLF)
                .append("Subject: ").append(encodeHeader(mail.subject())).append(CRLF)
                .append("Date: ").append(DateTimeFormatter.RFC_1123_DATE_TIME.format(clock.instant().atZone(ZoneOffset.UTC))).append(CRLF)
                .append("Message-ID: <").append(UUID.randomUUID()).append("@outbox.serverless-cd.local>").append(CRLF)
                .append("MIME-Version: 1.0").append(CRLF);
        if (mail.html() == null) {
            textPart(eml, mail.text());
        } else {
            String boundary = "=_alt_" + UUID.randomUUID();
            eml.append("Content-Type: multipart/alternative; boundary=\"").append(boundary).append('"').append(CRLF)
                    .append(CRLF)
                    .append("--").append(boundary).append(CRLF);
            textPart(eml, mail.text());
            eml.append("--").append(boundary).append(CRLF)
                    .append("Content-Type: text/html; charset=UTF-8").append(CRLF)
                    .append("Content-Transfer-Encoding: base64").append(CRLF)
                    .append(CRLF)
                    .append(Base64.getMimeEncoder(76, CRLF.getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(mail.html().getBytes(StandardCharsets.UTF_8)))
                    .append(CRLF)
                    .append("--").append(boundary).append("--").append(CRLF);
        }
        return eml.toString();
    }

    private static void textPart(StringBuilder eml, String text) {
        eml.append("Content-Type: text/plain; charset=UTF-8").append(CRLF)
                .append("Content-Transfer-Encoding: 8bit").append(CRLF)
                .append(CRLF)
                .append(String.join(CRLF, text.lines().toList())).append(CRLF);
    }

    /** RFC 2047: a subject with non-ASCII characters is sent as an encoded word. */
    private static String encodeHeader(String value) {
        if (value.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            return value;
        }
        return "=?UTF-8?B?" + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)) + "?=";
    }
}
