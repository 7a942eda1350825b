package dev.serverlesscd.functions.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.serverlesscd.functions.common.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts commit statuses through GitHub's REST API: {@code POST {base}/repos/{owner}/{repo}/statuses/{sha}} with
 * {@code {"state", "target_url", "description", "context"}}, API version {@value #API_VERSION}. The base URL is
 * {@code https://api.github.com} or a GitHub Enterprise Server's {@code https://<host>/api/v3}.
 *
 * <p>What it retries, all within the {@linkplain RetryPolicy#budget() budget} of one status:
 * <ul>
 *   <li>5xx answers and connection errors or timeouts: up to {@link RetryPolicy#maxAttempts()} attempts, exponential
 *       backoff with jitter;</li>
 *   <li>rate limits (403 or 429): after {@code retry-after} seconds if GitHub sent it, else, when
 *       {@code x-ratelimit-remaining} is 0, at {@code x-ratelimit-reset} (epoch seconds); a secondary rate limit
 *       without either waits a minute, doubling. A wait that ends past the budget is not started: the post gives up,
 *       and the following posts of this container give up without calling GitHub until that time (GitHub asks
 *       clients not to keep calling while limited);</li>
 *   <li>nothing else: 401 (and the cached token is dropped), 403 without a rate limit, 404, 422 and other 4xx fail at
 *       once.</li>
 * </ul>
 * A status that could not be posted throws {@link CommitStatusException} with the reason; the pipeline uses this
 * class through {@link SafeCommitStatuses}, which logs it and never fails the run.
 */
public final class GitHubCommitStatuses implements CommitStatuses {
    public static final String DEFAULT_API_URL = "https://api.github.com";
    public static final String API_VERSION = "2022-11-28";
    static final Duration SECONDARY_RATE_LIMIT_WAIT = Duration.ofMinutes(1);
    private static final Duration MIN_RATE_LIMIT_WAIT = Duration.ofSeconds(1);
    /** A wait must leave at least this much of the budget for the request after it. */
    private static final Duration TIME_FOR_A_REQUEST = Duration.ofMillis(500);
    private static final Logger LOG = LoggerFactory.getLogger(GitHubCommitStatuses.class);

    private final String baseUrl;
    private final GitHubToken token;
    private final HttpClient http;
    private final Clock clock;
    private final Sleeper sleeper;
    private final RetryPolicy policy;
    private final DoubleSupplier random;
    private volatile Instant rateLimitedUntil;

    /** With the system clock, real sleeps and random jitter. */
    public GitHubCommitStatuses(String baseUrl, GitHubToken token, HttpClient http, RetryPolicy policy) {
        this(baseUrl, token, http, Clock.systemUTC(), Sleeper.THREAD, policy, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** {@code random}: the jitter, in [0, 1). */
    public GitHubCommitStatuses(String baseUrl, GitHubToken token, HttpClient http, Clock clock, Sleeper sleeper,
                                RetryPolicy policy, DoubleSupplier random) {
        this.baseUrl = normalizedBaseUrl(baseUrl);
        this.token = Objects.requireNonNull(token, "GitHub token");
        this.http = Objects.requireNonNull(http, "HTTP client");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.policy = Objects.requireNonNull(policy, "retry policy");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** The HTTP client to build once per container: 3 s to connect, redirects not followed (the token stays here). */
    public static HttpClient defaultHttpClient() {
        return HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(3))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * {@code baseUrl} without trailing slashes, checked: an http(s) URL with a host, no query or fragment.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static String normalizedBaseUrl(String baseUrl) {
        if (baseUrl == null || baseUrl.isBlank()) {
            throw new IllegalArgumentException("GitHub API base URL is empty");
        }
        String trimmed = baseUrl.strip().replaceAll("/+$", "");
        URI uri;
        try {
            uri = URI.create(trimmed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("GitHub API base URL '" + baseUrl + "' is not a URL: " + e.getMessage(), e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("GitHub API base URL '" + baseUrl + "' must be an http(s) URL such as "
                    + DEFAULT_API_URL + " or https://ghe.example.com/api/v3, without query or fragment");
        }
        return trimmed;
    }

    /** Where {@code status} is posted: {@code {base}/repos/{owner}/{repo}/statuses/{sha}}, each segment encoded. */
    public URI statusUri(CommitStatus status) {
        String[] ownerAndName = status.repository().split("/");
        return URI.create(baseUrl + "/repos/" + segment(ownerAndName[0]) + "/" + segment(ownerAndName[1])
                + "/statuses/" + segment(status.sha()));
    }

    @Override
    public void post(CommitStatus status) {
        Objects.requireNonNull(status, "commit status");
        Instant deadline = clock.instant().plus(policy.budget());
        waitOutKnownRateLimit(status, deadline);
        URI uri = statusUri(status);
        String body = body(status);
        String lastFailure = null;
        int secondaryLimits = 0;
        for (int attempt = 1; ; attempt++) {
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.compareTo(TIME_FOR_A_REQUEST) < 0) {
                throw new CommitStatusException(what(status) + ": the budget of " + seconds(policy.budget())
                        + " is spent after " + (attempt - 1) + " attempt(s); last: " + lastFailure);
            }
            HttpResponse<String> response;
            try {
                response = http.send(request(uri, body, min(policy.requestTimeout(), left)),
                        HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                lastFailure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                backOff(status, attempt, lastFailure, deadline);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CommitStatusException(what(status) + ": interrupted", e);
            }
            int code = response.statusCode();
            if (code >= 200 && code < 300) {
                LOG.info("Posted commit status {} {} on {}@{} ({}, attempt {})", status.state().apiValue(),
                        status.context(), status.repository(), status.sha(), code, attempt);
                return;
            }
            String answer = code + " " + githubMessage(response.body());
            if (code == 403 || code == 429) {
                Optional<RateLimit> limit = rateLimit(response, answer, secondaryLimits);
                if (limit.isPresent()) {
                    secondaryLimits += limit.get().secondary() ? 1 : 0;
                    lastFailure = answer;
                    waitForRateLimit(status, limit.get().delay(), answer, attempt, deadline);
                    continue;
                }
            }
            if (code >= 500) {
                lastFailure = answer;
                backOff(status, attempt, lastFailure, deadline);
                continue;
            }
            if (code == 401) {
                token.invalidate();
            }
            throw new CommitStatusException(what(status) + ": GitHub answered " + answer + hint(code) + " (not retried)");
        }
    }

    private void waitOutKnownRateLimit(CommitStatus status, Instant deadline) {
        Instant until = rateLimitedUntil;
        Instant now = clock.instant();
        if (until == null || !now.isBefore(until)) {
            return;
        }
        if (until.isAfter(deadline.minus(TIME_FOR_A_REQUEST))) {
            throw new CommitStatusException(what(status) + ": GitHub's rate limit holds until " + until + " (in "
                    + seconds(Duration.between(now, until)) + "), past the budget of " + seconds(policy.budget())
                    + "; not calling GitHub before then");
        }
        sleep(status, Duration.between(now, until));
    }

    private void waitForRateLimit(CommitStatus status, Duration wait, String answer, int attempt, Instant deadline) {
        Instant now = clock.instant();
        Instant until = now.plus(wait);
        if (attempt >= policy.maxAttempts()) {
            throw new CommitStatusException(what(status) + ": still rate limited after " + attempt + " attempts: "
                    + answer);
        }
        if (until.isAfter(deadline.minus(TIME_FOR_A_REQUEST))) {
            rateLimitedUntil = until;
            throw new CommitStatusException(what(status) + ": rate limited (" + answer + ") until " + until
                    + " (in " + seconds(wait) + "), past the budget of " + seconds(policy.budget()) + "; gave up");
        }
        LOG.info("GitHub rate limit ({}): waiting {} until {} to post {} on {}@{}", answer, seconds(wait), until,
                status.context(), status.repository(), status.sha());
        sleep(status, wait);
    }

    private void backOff(CommitStatus status, int attempt, String failure, Instant deadline) {
        if (attempt >= policy.maxAttempts()) {
            throw new CommitStatusException(what(status) + ": gave up after " + attempt + " attempts; last: " + failure);
        }
        Duration backoff = policy.backoff(attempt, random.getAsDouble());
        if (clock.instant().plus(backoff).isAfter(deadline.minus(TIME_FOR_A_REQUEST))) {
            throw new CommitStatusException(what(status) + ": gave up after " + attempt + " attempt(s), the next would "
                    + "pass the budget of " + seconds(policy.budget()) + "; last: " + failure);
        }
        LOG.info("Commit status {} on {}@{} failed ({}); attempt {} in {}", status.context(), status.repository(),
                status.sha(), failure, attempt + 1, seconds(backoff));
        sleep(status, backoff);
    }

    private void sleep(CommitStatus status, Duration duration) {
        try {
            sleeper.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommitStatusException(what(status) + ": interrupted while waiting", e);
        }
    }

    /**
     * GitHub's rules for a rate limited answer (REST API, "Rate limits"): {@code retry-after} seconds; else with
     * {@code x-ratelimit-remaining: 0}, until {@code x-ratelimit-reset}; else a 429, or a 403 that says it is a
     * (secondary) rate limit, at least a minute, doubling. Empty: a 403 that is no rate limit (permissions).
     */
    private Optional<RateLimit> rateLimit(HttpResponse<String> response, String answer, int secondaryLimits) {
        Optional<Long> retryAfter = response.headers().firstValue("retry-after").flatMap(GitHubCommitStatuses::number);
        if (retryAfter.isPresent()) {
            return Optional.of(new RateLimit(max(Duration.ofSeconds(retryAfter.get()), MIN_RATE_LIMIT_WAIT), false));
        }
        boolean exhausted = response.headers().firstValue("x-ratelimit-remaining").map("0"::equals).orElse(false);
        Optional<Long> reset = response.headers().firstValue("x-ratelimit-reset").flatMap(GitHubCommitStatuses::number);
        if (exhausted && reset.isPresent()) {
            return Optional.of(new RateLimit(max(Duration.between(clock.instant(), Instant.ofEpochSecond(reset.get())),
                    MIN_RATE_LIMIT_WAIT), false));
        }
        if (response.statusCode() == 429 || exhausted || answer.toLowerCase(Locale.ROOT).contains("rate limit")) {
            return Optional.of(new RateLimit(SECONDARY_RATE_LIMIT_WAIT.multipliedBy(1L << Math.min(secondaryLimits, 6)), true));
        }
        return Optional.empty();
    }

    /** How long a rate limited answer asks to wait; {@code secondary}: GitHub gave no time, the wait is a guess. */
    private record RateLimit(Duration delay, boolean secondary) {
    }

    private HttpRequest request(URI uri, String body, Duration timeout) {
        String bearer;
        try {
            bearer = token.current();
        } catch (CommitStatusException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CommitStatusException("the GitHub token could not be read: " + e.getMessage(), e);
        }
        return HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Authorization", "Bearer " + bearer)
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", API_VERSION)
                .header("Content-Type", "application/json")
                .header("User-Agent", "serverless-cd")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
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

    /** GitHub's {@code message} and the {@code errors}' messages of an error body; else its start. */
    private static String githubMessage(String body) {
        if (body == null || body.isBlank()) {
            return "(no body)";
        }
        try {
            JsonNode json = Json.MAPPER.readTree(body);
            if (json != null && json.hasNonNull("message")) {
                StringBuilder message = new StringBuilder(json.get("message").asText());
                for (JsonNode error : json.path("errors")) {
                    message.append("; ").append(error.isTextual() ? error.asText()
                            : error.path("message").asText(error.toString()));
                }
                return message.toString();
            }
        } catch (IOException notJson) {
            // fall through: HTML from a proxy, a load balancer's page
        }
        String line = body.replaceAll("\\s+", " ").strip();
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
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

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static Optional<Long> number(String value) {
        try {
            return Optional.of(Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String what(CommitStatus status) {
        return "commit status " + status.state().apiValue() + " " + status.context() + " on " + status.repository()
                + "@" + status.sha();
    }

    private static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
