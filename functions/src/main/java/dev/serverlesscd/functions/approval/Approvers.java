package dev.serverlesscd.functions.approval;

import dev.serverlesscd.functions.run.Contributor;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

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

    /**
     * Why the approver may not decide on the run's deployment, if they may not: they are the run's {@code author}
     * (the pusher's login, as older runs recorded it), or one of its contributors, by address or by login
     * ({@link #isAuthor}'s rules).
     */
    static Optional<String> exclusion(String approver, String author, List<Contributor> contributors) {
        for (Contributor person : contributors) {
            if (isAuthor(approver, person.email()) || isAuthor(approver, person.login())) {
                return Optional.of(person.identity() + ": " + person.role());
            }
        }
        return isAuthor(approver, author) ? Optional.of(author + ": pusher") : Optional.empty();
    }

    /** Who cannot approve and why, one entry per person, for the evidence ({@code -} when nobody is known). */
    static String excluded(String author, List<Contributor> contributors) {
        List<String> entries = new java.util.ArrayList<>(contributors.stream()
                .map(person -> person.identity() + " (" + person.role() + ")").toList());
        boolean authorListed = author == null || contributors.stream().anyMatch(person ->
                author.equalsIgnoreCase(person.login() == null ? "" : person.login())
                        || author.equalsIgnoreCase(person.email() == null ? "" : person.email()));
        if (!authorListed && !author.isBlank()) {
            entries.add(author + " (pusher)");
        }
        return entries.isEmpty() ? "-" : String.join("; ", entries);
    }

    static boolean isAddress(String value) {
        int at = value == null ? -1 : value.indexOf('@');
        return at > 0 && at == value.lastIndexOf('@') && at < value.length() - 1
                && value.chars().noneMatch(Character::isWhitespace);
    }
}
