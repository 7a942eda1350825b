package dev.serverlesscd.functions.github;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way this system calls GitHub's REST API (API version {@value #API_VERSION}): the base URL
 * ({@code https://api.github.com} or a GitHub Enterprise Server's {@code https://<host>/api/v3}), the token, and what
 * it retries, all within the {@linkplain RetryPolicy#budget() budget} of one call:
 * <ul>
 *   <li>5xx answers and connection errors or timeouts: up to {@link RetryPolicy#maxAttempts()} attempts, exponential
 *       backoff with jitter;</li>
 *   <li>rate limits (403 or 429): after {@code retry-after} seconds if GitHub sent it, else, when
 *       {@code x-ratelimit-remaining} is 0, at {@code x-ratelimit-reset} (epoch seconds); a secondary rate limit
 *       without either waits a minute, doubling. A wait that ends past the budget is not started: the call gives up,
 *       and the following calls of this container give up without calling GitHub until that time (GitHub asks
 *       clients not to keep calling while limited);</li>
 *   <li>nothing else: 401 (and the cached token is dropped), 403 without a rate limit, 404, 422 and other 4xx fail at
 *       once, unless the call {@linkplain Call#accepting accepts} that status (a 404 that means "no such release").</li>
 * </ul>
 * A call that failed throws {@link GitHubApiException} with the call's name, GitHub's answer and a hint.
 */
public final class GitHubRest {
    public static final String DEFAULT_API_URL = "https://api.github.com";
    public static final String API_VERSION = "2022-11-28";
    static final Duration SECONDARY_RATE_LIMIT_WAIT = Duration.ofMinutes(1);
    private static final Duration MIN_RATE_LIMIT_WAIT = Duration.ofSeconds(1);
    /** A wait must leave at least this much of the budget for the request after it. */
    private static final Duration TIME_FOR_A_REQUEST = Duration.ofMillis(500);
    private static final Logger LOG = LoggerFactory.getLogger(GitHubRest.class);

    private final String baseUrl;
    private final GitHubToken token;
    private final HttpClient http;
    private final Clock clock;
    private final Sleeper sleeper;
    private final RetryPolicy policy;
    private final DoubleSupplier random;
    private volatile Instant rateLimitedUntil;

    /** One call: its name for messages ({@code "commit status success serverless-cd/test on o/r@sha"}), the request. */
    public record Call(String what, String method, URI uri, byte[] body, String contentType, Set<Integer> accepting,
                       IntFunction<String> hint) {
        public Call {
            Objects.requireNonNull(what, "what");
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(uri, "uri");
            accepting = accepting == null ? Set.of() : Set.copyOf(accepting);
            hint = hint == null ? GitHubRest::hint : hint;
        }

        public static Call json(String what, String method, URI uri, String body) {
            return new Call(what, method, uri, body == null ? null : body.getBytes(StandardCharsets.UTF_8),
                    "application/json", Set.of(), null);
        }

        public static Call get(String what, URI uri) {
            return new Call(what, "GET", uri, null, null, Set.of(), null);
        }

        /** This call, taking {@code status} as an answer rather than a failure (e.g. 404: not there). */
        public Call accepting(int status) {
            java.util.HashSet<Integer> codes = new java.util.HashSet<>(accepting);
            codes.add(status);
            return new Call(what, method, uri, body, contentType, codes, hint);
        }

        public Call withHint(IntFunction<String> hint) {
            return new Call(what, method, uri, body, contentType, accepting, hint);
        }
    }

    /** GitHub's answer: its status, body and headers. */
    public record Answer(int status, String body, java.net.http.HttpHeaders headers) {
        public JsonNode json() {
            try {
                return body == null || body.isBlank() ? Json.MAPPER.nullNode() : Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new GitHubApiException("GitHub answered " + status + " with a body that is not JSON: "
                        + oneLine(body), status, e);
            }
        }
    }

    /** With the system clock, real sleeps and random jitter. */
    public GitHubRest(String baseUrl, GitHubToken token, HttpClient http, RetryPolicy policy) {
        this(baseUrl, token, http, Clock.systemUTC(), Sleeper.THREAD, policy, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** {@code random}: the jitter, in [0, 1). */
    public GitHubRest(String baseUrl, GitHubToken token, HttpClient http, Clock clock, Sleeper sleeper,
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

    public String baseUrl() {
        return baseUrl;
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

    /** {@code {base}/repos/{owner}/{name}} + {@code path} (already encoded), the repository's segments encoded. */
    public URI repoUri(String repository, String path) {
        String[] ownerAndName = ownerAndName(repository);
        return URI.create(baseUrl + "/repos/" + segment(ownerAndName[0]) + "/" + segment(ownerAndName[1]) + path);
    }

    /** {@code {base}} + {@code path} (already encoded). */
    public URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    static String[] ownerAndName(String repository) {
        if (repository == null || !repository.matches("[^/\\s]+/[^/\\s]+")) {
            throw new IllegalArgumentException("a GitHub repository is 'owner/name', was '" + repository + "'");
        }
        String[] parts = repository.split("/");
        if (parts[0].equals(".") || parts[0].equals("..") || parts[1].equals(".") || parts[1].equals("..")) {
            throw new IllegalArgumentException("a GitHub repository is 'owner/name', was '" + repository + "'");
        }
        return parts;
    }

    /** One path segment, percent-encoded (a space as {@code %20}). */
    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Sends {@code call}, retrying as the class says; a 2xx or an accepted status is the answer. */
    public Answer send(Call call) {
        Objects.requireNonNull(call, "call");
        Instant deadline = clock.instant().plus(policy.budget());
        waitOutKnownRateLimit(call, deadline);
        String lastFailure = null;
        int secondaryLimits = 0;
        for (int attempt = 1; ; attempt++) {
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.compareTo(TIME_FOR_A_REQUEST) < 0) {
                throw new GitHubApiException(call.what() + ": the budget of " + seconds(policy.budget())
                        + " is spent after " + (attempt - 1) + " attempt(s); last: " + lastFailure, 0);
            }
            HttpResponse<String> response;
            try {
                response = http.send(request(call, min(policy.requestTimeout(), left)),
                        HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                lastFailure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                backOff(call, attempt, lastFailure, deadline);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GitHubApiException(call.what() + ": interrupted", 0, e);
            }
            int code = response.statusCode();
            if (code >= 200 && code < 300 || call.accepting().contains(code)) {
                LOG.info("GitHub: {} ({}, attempt {})", call.what(), code, attempt);
                return new Answer(code, response.body(), response.headers());
            }
            String answer = code + " " + githubMessage(response.body());
            if (code == 403 || code == 429) {
                Optional<RateLimit> limit = rateLimit(response, answer, secondaryLimits);
                if (limit.isPresent()) {
                    secondaryLimits += limit.get().secondary() ? 1 : 0;
                    lastFailure = answer;
                    waitForRateLimit(call, limit.get().delay(), answer, attempt, deadline);
                    continue;
                }
            }
            if (code >= 500) {
                lastFailure = answer;
                backOff(call, attempt, lastFailure, deadline);
                continue;
            }
            if (code == 401) {
                token.invalidate();
            }
            throw new GitHubApiException(call.what() + ": GitHub answered " + answer + call.hint().apply(code)
                    + " (not retried)", code);
        }
    }

    private void waitOutKnownRateLimit(Call call, Instant deadline) {
        Instant until = rateLimitedUntil;
        Instant now = clock.instant();
        if (until == null || !now.isBefore(until)) {
            return;
        }
        if (until.isAfter(deadline.minus(TIME_FOR_A_REQUEST))) {
            throw new GitHubApiException(call.what() + ": GitHub's rate limit holds until " + until + " (in "
                    + seconds(Duration.between(now, until)) + "), past the budget of " + seconds(policy.budget())
                    + "; not calling GitHub before then", 0);
        }
        sleep(call, Duration.between(now, until));
    }

    private void waitForRateLimit(Call call, Duration wait, String answer, int attempt, Instant deadline) {
        Instant now = clock.instant();
        Instant until = now.plus(wait);
        if (attempt >= policy.maxAttempts()) {
            throw new GitHubApiException(call.what() + ": still rate limited after " + attempt + " attempts: "
                    + answer, 0);
        }
        if (until.isAfter(deadline.minus(TIME_FOR_A_REQUEST))) {
            rateLimitedUntil = until;
            throw new GitHubApiException(call.what() + ": rate limited (" + answer + ") until " + until
                    + " (in " + seconds(wait) + "), past the budget of " + seconds(policy.budget()) + "; gave up", 0);
        }
        LOG.info("GitHub rate limit ({}): waiting {} until {} for {}", answer, seconds(wait), until, call.what());
        sleep(call, wait);
    }

    private void backOff(Call call, int attempt, String failure, Instant deadline) {
        if (attempt >= policy.maxAttempts()) {
            throw new GitHubApiException(call.what() + ": gave up after " + attempt + " attempts; last: " + failure, 0);
        }
        Duration backoff = policy.backoff(attempt, random.getAsDouble());
        if (clock.instant().plus(backoff).isAfter(deadline.minus(TIME_FOR_A_REQUEST))) {
            throw new GitHubApiException(call.what() + ": gave up after " + attempt + " attempt(s), the next would "
                    + "pass the budget of " + seconds(policy.budget()) + "; last: " + failure, 0);
        }
        LOG.info("GitHub: {} failed ({}); attempt {} in {}", call.what(), failure, attempt + 1, seconds(backoff));
        sleep(call, backoff);
    }

    private void sleep(Call call, Duration duration) {
        try {
            sleeper.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GitHubApiException(call.what() + ": interrupted while waiting", 0, e);
        }
    }

    /**
     * GitHub's rules for a rate limited answer (REST API, "Rate limits"): {@code retry-after} seconds; else with
     * {@code x-ratelimit-remaining: 0}, until {@code x-ratelimit-reset}; else a 429, or a 403 that says it is a
     * (secondary) rate limit, at least a minute, doubling. Empty: a 403 that is no rate limit (permissions).
     */
    private Optional<RateLimit> rateLimit(HttpResponse<String> response, String answer, int secondaryLimits) {
        Optional<Long> retryAfter = response.headers().firstValue("retry-after").flatMap(GitHubRest::number);
        if (retryAfter.isPresent()) {
            return Optional.of(new RateLimit(max(Duration.ofSeconds(retryAfter.get()), MIN_RATE_LIMIT_WAIT), false));
        }
        boolean exhausted = response.headers().firstValue("x-ratelimit-remaining").map("0"::equals).orElse(false);
        Optional<Long> reset = response.headers().firstValue("x-ratelimit-reset").flatMap(GitHubRest::number);
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

    private HttpRequest request(Call call, Duration timeout) {
        String bearer;
        try {
            bearer = token.current();
        } catch (GitHubApiException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new GitHubApiException("the GitHub token could not be read: " + e.getMessage(), 0, e);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(call.uri())
                .timeout(timeout)
                .header("Authorization", "Bearer " + bearer)
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", API_VERSION)
                .header("User-Agent", "serverless-cd");
        if (call.body() != null) {
            request.header("Content-Type", call.contentType() == null ? "application/json" : call.contentType());
            request.method(call.method(), HttpRequest.BodyPublishers.ofByteArray(call.body()));
        } else {
            request.method(call.method(), HttpRequest.BodyPublishers.noBody());
        }
        return request.build();
    }

    /** GitHub's {@code message} and the {@code errors}' messages of an error body; else its start. */
    static String githubMessage(String body) {
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
        return oneLine(body);
    }

    private static String oneLine(String body) {
        String line = body == null ? "" : body.replaceAll("\\s+", " ").strip();
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    /** The generic hint for a refused call. */
    static String hint(int code) {
        return switch (code) {
            case 401 -> ": the token is missing, expired or revoked";
            case 403 -> ": the token may not do this here (see docs/deploy.md for the permissions it needs)";
            case 404 -> ": the repository or resource does not exist, or the token cannot see it";
            case 422 -> ": GitHub refused the request itself";
            default -> "";
        };
    }

    private static Optional<Long> number(String value) {
        try {
            return Optional.of(Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    static String seconds(Duration duration) {
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
