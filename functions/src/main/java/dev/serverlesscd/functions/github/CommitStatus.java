package dev.serverlesscd.functions.github;

import java.util.Arrays;
import java.util.Objects;

/**
 * One commit status to post: on {@code repository} ("owner/name") at {@code sha}, the {@code state} of
 * {@code context} (e.g. {@code serverless-cd/test}), a one-line {@code description} and the {@code targetUrl} it
 * links to (optional).
 *
 * <p>GitHub refuses a description over 140 characters, so a longer one is cut to 139 and ends with an ellipsis; line
 * breaks become spaces (the UI shows one line).
 */
public record CommitStatus(String repository, String sha, CommitState state, String context, String description,
                           String targetUrl) {
    /** GitHub's limit on a status description. */
    public static final int MAX_DESCRIPTION = 140;
    private static final String ELLIPSIS = "…";

    public CommitStatus {
        if (repository == null || !repository.matches("[^/\\s]+/[^/\\s]+")
                || Arrays.stream(repository.split("/")).anyMatch(part -> part.equals(".") || part.equals(".."))) {
            throw new IllegalArgumentException("commit status repository must be 'owner/name', was '" + repository + "'");
        }
        if (sha == null || sha.isBlank()) {
            throw new IllegalArgumentException("commit status of " + repository + " has no commit sha");
        }
        Objects.requireNonNull(state, "commit status state");
        if (context == null || context.isBlank()) {
            throw new IllegalArgumentException("commit status of " + repository + "@" + sha + " has no context");
        }
        description = oneLine(description);
        targetUrl = targetUrl == null || targetUrl.isBlank() ? null : targetUrl;
    }

    /** {@code text} on one line, at most {@link #MAX_DESCRIPTION} characters (code points), null when blank. */
    static String oneLine(String text) {
        if (text == null) {
            return null;
        }
        String line = text.replaceAll("\\s+", " ").strip();
        if (line.isEmpty()) {
            return null;
        }
        if (line.codePointCount(0, line.length()) <= MAX_DESCRIPTION) {
            return line;
        }
        int end = line.offsetByCodePoints(0, MAX_DESCRIPTION - 1);
        return line.substring(0, end).stripTrailing() + ELLIPSIS;
    }
}
