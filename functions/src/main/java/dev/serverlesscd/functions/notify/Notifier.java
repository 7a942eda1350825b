package dev.serverlesscd.functions.notify;

import dev.serverlesscd.functions.mail.Mail;
import dev.serverlesscd.functions.mail.MailDeliveryException;
import dev.serverlesscd.functions.mail.Mailer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Mails a run's outcome to the commit's author, when the author is known by address, and to the configured list;
 * one mail per recipient, each address once. All recipients are tried; if any mail fails, the exception names each
 * failed recipient (the state machine catches it: a notification never changes a run's outcome).
 */
public final class Notifier {
    private final Mailer mailer;
    private final NotifyConfig config;

    public Notifier(Mailer mailer, NotifyConfig config) {
        this.mailer = Objects.requireNonNull(mailer, "mailer");
        this.config = Objects.requireNonNull(config, "config");
    }

    public NotifyResult notify(NotifyRequest request) {
        if (request == null || request.runId() == null || request.runId().isBlank()) {
            throw new IllegalArgumentException("Notify needs 'runId'");
        }
        if (request.status() == null || request.status().isBlank()) {
            throw new IllegalArgumentException("Notify needs 'status' (run " + request.runId() + ")");
        }
        List<String> recipients = recipients(request.author());
        Map<String, String> failures = new LinkedHashMap<>();
        int sent = 0;
        for (String recipient : recipients) {
            try {
                mailer.send(Mail.text(config.senderEmail(), recipient, subject(request), text(request)));
                sent++;
            } catch (MailDeliveryException e) {
                failures.put(recipient, e.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            throw new MailDeliveryException("Notification of run " + request.runId() + ": " + failures.size() + " of "
                    + recipients.size() + " mails failed: " + failures, null);
        }
        return new NotifyResult(sent);
    }

    List<String> recipients(String author) {
        List<String> recipients = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        List<String> candidates = new ArrayList<>();
        if (isAddress(author)) {
            candidates.add(author.strip());
        }
        candidates.addAll(config.notifyEmails());
        for (String candidate : candidates) {
            String key = candidate.toLowerCase(Locale.ROOT);
            if (!seen.contains(key)) {
                seen.add(key);
                recipients.add(candidate);
            }
        }
        return recipients;
    }

    static boolean isAddress(String value) {
        if (value == null) {
            return false;
        }
        String v = value.strip();
        int at = v.indexOf('@');
        return at > 0 && at == v.lastIndexOf('@') && at < v.length() - 1 && v.chars().noneMatch(Character::isWhitespace);
    }

    private static String subject(NotifyRequest r) {
        String commit = r.commit() == null ? "" : " (" + r.commit().substring(0, Math.min(7, r.commit().length())) + ")";
        return "[" + orDash(r.repository()) + "] " + r.runId() + " " + r.status() + commit;
    }

    private static String text(NotifyRequest r) {
        StringBuilder text = new StringBuilder()
                .append("Run ").append(r.runId()).append(" of ").append(orDash(r.repository()))
                .append(" ended: ").append(r.status()).append(".\n\n")
                .append(String.format("%-11s %s%n", "Commit:", orDash(r.commit())))
                .append(String.format("%-11s %s%n", "Author:", orDash(r.author())));
        if (r.error() != null) {
            text.append(String.format("%-11s %s%n", "Error:", r.error()));
        }
        if (r.cause() != null) {
            text.append(String.format("%-11s %s%n", "Cause:", r.cause()));
        }
        return text.toString();
    }

    private static String orDash(String value) {
        return value == null || value.isBlank() ? "-" : value;
    }
}
