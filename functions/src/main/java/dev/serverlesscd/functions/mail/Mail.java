package dev.serverlesscd.functions.mail;

import java.util.List;

/**
 * One message: a sender, its recipients, a subject, a plain-text body and optionally an HTML body. Addresses and
 * the subject are checked on construction, so no header can be injected through them (no line breaks).
 */
public record Mail(String from, List<String> to, String subject, String text, String html) {

    public Mail {
        requireAddress(from, "from");
        if (to == null || to.isEmpty()) {
            throw new IllegalArgumentException("Mail needs at least one recipient in 'to'");
        }
        to = List.copyOf(to);
        to.forEach(address -> requireAddress(address, "to"));
        if (subject == null || subject.isBlank()) {
            throw new IllegalArgumentException("Mail needs a subject");
        }
        if (hasLineBreak(subject)) {
            throw new IllegalArgumentException("Mail subject must be one line");
        }
        if (text == null) {
            throw new IllegalArgumentException("Mail needs a text body");
        }
    }

    public static Mail text(String from, String to, String subject, String text) {
        return new Mail(from, List.of(to), subject, text, null);
    }

    private static void requireAddress(String address, String field) {
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException("Mail needs an address in '" + field + "'");
        }
        int at = address.indexOf('@');
        if (at < 1 || at != address.lastIndexOf('@') || at == address.length() - 1 || hasLineBreak(address)
                || address.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("Mail '" + field + "' is not an email address: '" + address.strip() + "'");
        }
    }

    private static boolean hasLineBreak(String value) {
        return value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0;
    }
}
