package dev.serverlesscd.functions.github;

/**
 * The token commit statuses are posted with: from Secrets Manager on AWS ({@link SecretsManagerGitHubToken}), from
 * the environment locally ({@link #of(String)}). It needs "Commit statuses: read and write" (a fine-grained token or
 * a GitHub App's installation token) or the classic {@code repo:status} scope.
 */
public interface GitHubToken {

    /** The token as it is now (cached by the adapter). */
    String current();

    /** GitHub refused the token (401): forget a cached one, so the next post reads it again (it may have been rotated). */
    default void invalidate() {
    }

    static GitHubToken of(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("GitHub token is empty");
        }
        String value = token.strip();
        return () -> value;
    }
}
