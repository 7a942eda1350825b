package dev.serverlesscd.functions.github;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.serverlesscd.functions.common.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * Posts commit statuses through GitHub's REST API: {@code POST {base}/repos/{owner}/{repo}/statuses/{sha}} with
 * {@code {"state", "target_url", "description", "context"}}, through {@link GitHubRest} (its retries, rate limits and
 * budget, per status). A status that could not be posted throws {@link CommitStatusException} with the reason; the
 * pipeline uses this class through {@link SafeCommitStatuses}, which logs it and never fails the run.
 */
public final class GitHubCommitStatuses implements CommitStatuses {
    public static final String DEFAULT_API_URL = GitHubRest.DEFAULT_API_URL;
    public static final String API_VERSION = GitHubRest.API_VERSION;

    private final GitHubRest rest;

    public GitHubCommitStatuses(GitHubRest rest) {
        this.rest = Objects.requireNonNull(rest, "GitHub REST API");
    }

    /** With the system clock, real sleeps and random jitter. */
    public GitHubCommitStatuses(String baseUrl, GitHubToken token, HttpClient http, RetryPolicy policy) {
        this(new GitHubRest(baseUrl, token, http, policy));
    }

    /** {@code random}: the jitter, in [0, 1). */
    public GitHubCommitStatuses(String baseUrl, GitHubToken token, HttpClient http, Clock clock, Sleeper sleeper,
                                RetryPolicy policy, DoubleSupplier random) {
        this(new GitHubRest(baseUrl, token, http, clock, sleeper, policy, random));
    }

    /** The HTTP client to build once per container: 3 s to connect, redirects not followed (the token stays here). */
    public static HttpClient defaultHttpClient() {
        return GitHubRest.defaultHttpClient();
    }

    /** @see GitHubRest#normalizedBaseUrl(String) */
    public static String normalizedBaseUrl(String baseUrl) {
        return GitHubRest.normalizedBaseUrl(baseUrl);
    }

    /** Where {@code status} is posted: {@code {base}/repos/{owner}/{repo}/statuses/{sha}}, each segment encoded. */
    public URI statusUri(CommitStatus status) {
        return rest.repoUri(status.repository(), "/statuses/" + GitHubRest.segment(status.sha()));
    }

    @Override
    public void post(CommitStatus status) {
        Objects.requireNonNull(status, "commit status");
        try {
            rest.send(GitHubRest.Call.json(what(status), "POST", statusUri(status), body(status))
                    .withHint(GitHubCommitStatuses::hint));
        } catch (CommitStatusException e) {
            throw e;
        } catch (GitHubApiException e) {
            throw new CommitStatusException(e.getMessage(), e);
        }
    }

    /** The request body: {@code state}, then {@code target_url} and {@code description} when set, {@code context}. */
    static String body(CommitStatus status) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("state", status.state().apiValue());
        if (status.targetUrl() != null) {
            body.put("target_url", status.targetUrl());
        }
        if (status.description() != null) {
            body.put("description", status.description());
        }
        body.put("context", status.context());
        return body.toString();
    }

    private static String hint(int code) {
        return switch (code) {
            case 401 -> ": the token is missing, expired or revoked";
            case 403 -> ": the token may not post statuses here (it needs Commit statuses: read and write, "
                    + "or repo:status)";
            case 404 -> ": the repository does not exist, or the token cannot see it";
            case 422 -> ": GitHub refused the status itself (an unknown commit, or 1000 statuses for this context)";
            default -> "";
        };
    }

    private static String what(CommitStatus status) {
        return "commit status " + status.state().apiValue() + " " + status.context() + " on " + status.repository()
                + "@" + status.sha();
    }
}
