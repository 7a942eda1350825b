package dev.serverlesscd.functions.approval;

import java.util.Locale;

/** Who counts as whom: addresses compare case-insensitively, and the commit's author is recognised by address or login. */
final class Approvers {

    private Approvers() {
    }

    static String normalize(String email) {
        return email == null ? null : email.strip().toLowerCase(Locale.ROOT);
    }

    /**
     * True if the approver is the commit's author: the author (a GitHub login or an address) equals the approver's
     * address, or the local part of it. The second rule may refuse a namesake; refusing is the safe side.
     */
    static boolean isAuthor(String approver, String author) {
        if (approver == null || author == null || author.isBlank()) {
            return false;
        }
        String a = normalize(author);
        String email = normalize(approver);
        int at = email.indexOf('@');
        return a.equals(email) || (!a.contains("@") && at > 0 && a.equals(email.substring(0, at)));
    }

    static boolean isAddress(String value) {
        int at = value == null ? -1 : value.indexOf('@');
        return at > 0 && at == value.lastIndexOf('@') && at < value.length() - 1
                && value.chars().noneMatch(Character::isWhitespace);
    }
}
