package dev.serverlesscd.functions.run;

/**
 * Someone who brought a run's change: the pusher, or the author of a commit the run brings. Nobody approves a change
 * they brought: an approver whose address is {@code email}, or whose address's local part or whole address is
 * {@code login}, is excluded from its approvals. {@code role} says why ("pusher", "author of head commit 6113728",
 * "author of commit 1a2b3c4", "pull request author"). Either of {@code login} and {@code email} may be null.
 */
public record Contributor(String login, String email, String role) {

    /** Longer values are cut here: a payload names people, not essays. */
    public static final int MAX_LENGTH = 256;

    public Contributor {
        login = bounded(login);
        email = bounded(email);
        role = bounded(role);
    }

    /** {@code login <email>} or whichever of the two is known. */
    public String identity() {
        if (login != null && email != null) {
            return login + " <" + email + ">";
        }
        return login != null ? login : email;
    }

    private static String bounded(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String stripped = value.strip();
        return stripped.length() > MAX_LENGTH ? stripped.substring(0, MAX_LENGTH) : stripped;
    }
}
