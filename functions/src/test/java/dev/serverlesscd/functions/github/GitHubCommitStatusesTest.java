package dev.serverlesscd.functions.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The REST client against an HTTP stub of GitHub's API, with a fake clock and sleeper: nothing sleeps for real. */
@Tag("unit")
class GitHubCommitStatusesTest {
    static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
    static final String SHA = "6113728f27ae82c7b1a177c8d03f9e96e0adf246";

    final GitHubStub github = new GitHubStub();
    final FakeTime time = new FakeTime(NOW);
    final CountingToken token = new CountingToken("ghp_test-token");
    final List<String> warnings = new ArrayList<>();

    @AfterEach
    void stop() {
        github.close();
    }

    @Test
    void post_shouldSendTheStatusAsGitHubDocumentsIt() {
        // GIVEN
        CommitStatus status = new CommitStatus("acme/orders-service", SHA, CommitState.SUCCESS, "serverless-cd/test",
                "16 of 16 tests passed; coverage 89.9%", "https://ci.example.com/runs/run-1");

        // WHEN
        client(github.url()).post(status);

        // THEN
        assertThat(github.received()).hasSize(1);
        GitHubStub.Received request = github.received().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.rawPath()).isEqualTo("/repos/acme/orders-service/statuses/" + SHA);
        assertThat(request.header("Authorization")).isEqualTo("Bearer ghp_test-token");
        assertThat(request.header("Accept")).isEqualTo("application/vnd.github+json");
        assertThat(request.header("X-GitHub-Api-Version")).isEqualTo("2022-11-28");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.header("User-Agent")).isEqualTo("serverless-cd");
        assertThat(request.body()).isEqualTo("{\"state\":\"success\","
                + "\"target_url\":\"https://ci.example.com/runs/run-1\","
                + "\"description\":\"16 of 16 tests passed; coverage 89.9%\","
                + "\"context\":\"serverless-cd/test\"}");
        assertThat(time.sleeps()).isEmpty();
    }

    @Test
    void post_shouldLeaveOutTheLinkAndDescription_whenTheStatusHasNone() {
        // GIVEN
        CommitStatus status = new CommitStatus("acme/orders-service", SHA, CommitState.PENDING, "serverless-cd/pipeline",
                " ", null);

        // WHEN
        client(github.url()).post(status);

        // THEN
        assertThat(github.received().get(0).body()).isEqualTo("{\"state\":\"pending\",\"context\":\"serverless-cd/pipeline\"}");
    }

    @Test
    void post_shouldPostUnderTheEnterprisePath_whenTheBaseUrlIsAGitHubEnterpriseServer() {
        // GIVEN a GitHub Enterprise Server base URL, written with a trailing slash
        GitHubCommitStatuses client = client(github.url() + "/api/v3/");

        // WHEN
        client.post(status(CommitState.FAILURE));

        // THEN no double slash, the API prefix kept
        assertThat(github.received()).singleElement()
                .satisfies(request -> assertThat(request.rawPath()).isEqualTo("/api/v3/repos/acme/orders-service/statuses/" + SHA));
    }

    @Test
    void statusUri_shouldEncodeEachPathSegment() {
        // GIVEN names with characters that mean something in a URL
        GitHubCommitStatuses client = client("https://ghe.example.com/api/v3");
        CommitStatus status = new CommitStatus("acme/orders#1?x", "ab%2F..", CommitState.SUCCESS, "serverless-cd/test",
                null, null);

        // WHEN
        String uri = client.statusUri(status).toString();

        // THEN
        assertThat(uri).isEqualTo("https://ghe.example.com/api/v3/repos/acme/orders%231%3Fx/statuses/ab%252F..");
    }

    @Test
    void post_shouldWaitUntilTheReset_whenThePrimaryRateLimitIsExhausted() {
        // GIVEN a 403 with the limit at 0 that resets in 7 s, then success
        long reset = NOW.plusSeconds(7).getEpochSecond();
        github.answer(403, Map.of("x-ratelimit-remaining", "0", "x-ratelimit-reset", String.valueOf(reset),
                "x-ratelimit-limit", "5000"), "{\"message\":\"API rate limit exceeded for user ID 1.\"}");

        // WHEN
        safe(client(github.url())).post(status(CommitState.SUCCESS));

        // THEN it waited until the reset, not before, then posted once more
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(7));
        assertThat(github.received()).hasSize(2);
        assertThat(time.instant()).isEqualTo(Instant.ofEpochSecond(reset));
        assertThat(warnings).isEmpty();
    }

    @Test
    void post_shouldWaitRetryAfterSeconds_whenA429SaysHowLong() {
        // GIVEN a secondary rate limit with retry-after
        github.answer(429, Map.of("retry-after", "3"), "{\"message\":\"You have exceeded a secondary rate limit.\"}");

        // WHEN
        safe(client(github.url())).post(status(CommitState.SUCCESS));

        // THEN
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(3));
        assertThat(github.received()).hasSize(2);
        assertThat(warnings).isEmpty();
    }

    @Test
    void post_shouldRetryWithBackoff_whenGitHubAnswers502() {
        // GIVEN a bad gateway, then success
        github.answer(502, "<html>Bad Gateway</html>");

        // WHEN
        safe(client(github.url())).post(status(CommitState.SUCCESS));

        // THEN one backoff: 500 ms for the first retry, half of it jittered (the fake jitter is 0.5)
        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(375));
        assertThat(github.received()).hasSize(2);
        assertThat(github.received().get(1).body()).isEqualTo(github.received().get(0).body());
        assertThat(warnings).isEmpty();
    }

    @Test
    void post_shouldGiveUpAfterTheAttemptsAllowed_whenGitHubKeepsFailing() {
        // GIVEN four 503s, more than the policy allows
        for (int i = 0; i < 5; i++) {
            github.answer(503, "{\"message\":\"Service Unavailable\"}");
        }

        // WHEN / THEN
        assertThatThrownBy(() -> client(github.url()).post(status(CommitState.SUCCESS)))
                .isInstanceOf(CommitStatusException.class)
                .hasMessageContaining("gave up after 4 attempts; last: 503 Service Unavailable");
        assertThat(github.received()).hasSize(4);
        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(375), Duration.ofMillis(750), Duration.ofMillis(1500));
    }

    @Test
    void post_shouldRetryAndGiveUp_whenGitHubCannotBeReached() throws IOException {
        // GIVEN a port nobody listens on
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        // WHEN
        safe(client("http://127.0.0.1:" + closedPort)).post(status(CommitState.SUCCESS));

        // THEN attempted four times, logged, not thrown
        assertThat(time.sleeps()).hasSize(3);
        assertThat(warnings).singleElement().asString()
                .contains("gave up after 4 attempts; last: ConnectException")
                .endsWith("(the run goes on)");
    }

    @Test
    void post_shouldNotRetryButLog_whenGitHubRefusesTheToken() {
        // GIVEN
        github.answer(401, "{\"message\":\"Bad credentials\",\"documentation_url\":\"https://docs.github.com/rest\"}");

        // WHEN
        assertThatCode(() -> safe(client(github.url())).post(status(CommitState.FAILURE))).doesNotThrowAnyException();

        // THEN one request, a warning with the reason, the cached token dropped for the next post
        assertThat(github.received()).hasSize(1);
        assertThat(time.sleeps()).isEmpty();
        assertThat(warnings).containsExactly("Not posted: commit status failure serverless-cd/test on acme/orders-service@"
                + SHA + ": GitHub answered 401 Bad credentials: the token is missing, expired or revoked (not retried)"
                + " (the run goes on)");
        assertThat(token.invalidations).hasValue(1);
    }

    @Test
    void post_shouldNotRetry_whenTheRepositoryIsUnknownOrTheStatusInvalid() {
        // GIVEN
        github.answer(404, "{\"message\":\"Not Found\"}")
                .answer(422, "{\"message\":\"Validation Failed\",\"errors\":[{\"resource\":\"Status\",\"code\":\"custom\","
                        + "\"message\":\"This SHA and context has reached the maximum number of statuses.\"}]}");
        CommitStatuses statuses = safe(client(github.url()));

        // WHEN
        statuses.post(status(CommitState.SUCCESS));
        statuses.post(status(CommitState.SUCCESS));

        // THEN
        assertThat(github.received()).hasSize(2);
        assertThat(time.sleeps()).isEmpty();
        assertThat(warnings).hasSize(2);
        assertThat(warnings.get(0)).contains("GitHub answered 404 Not Found: the repository does not exist");
        assertThat(warnings.get(1)).contains("422 Validation Failed; This SHA and context has reached the maximum number of statuses.");
    }

    @Test
    void post_shouldNotRetry_whenA403IsNoRateLimit() {
        // GIVEN a token without the permission
        github.answer(403, Map.of("x-ratelimit-remaining", "4999"), "{\"message\":\"Resource not accessible by integration\"}");

        // WHEN
        safe(client(github.url())).post(status(CommitState.SUCCESS));

        // THEN
        assertThat(github.received()).hasSize(1);
        assertThat(warnings).singleElement().asString()
                .contains("403 Resource not accessible by integration: the token may not post statuses here");
    }

    @Test
    void post_shouldGiveUpWithoutWaiting_whenTheRateLimitResetsPastTheBudget() {
        // GIVEN a limit that resets in an hour, and a budget of 10 s
        long reset = NOW.plus(Duration.ofHours(1)).getEpochSecond();
        github.answer(403, Map.of("x-ratelimit-remaining", "0", "x-ratelimit-reset", String.valueOf(reset)),
                "{\"message\":\"API rate limit exceeded\"}");
        CommitStatuses statuses = safe(client(github.url()));

        // WHEN two statuses are posted
        statuses.post(status(CommitState.SUCCESS));
        statuses.post(status(CommitState.FAILURE));

        // THEN no sleep; the second does not call GitHub while the limit holds
        assertThat(time.sleeps()).isEmpty();
        assertThat(github.received()).hasSize(1);
        assertThat(warnings).hasSize(2);
        assertThat(warnings.get(0)).contains("rate limited (403 API rate limit exceeded) until 2024-05-01T13:00:00Z (in 3600 s), "
                + "past the budget of 10 s; gave up");
        assertThat(warnings.get(1)).contains("GitHub's rate limit holds until 2024-05-01T13:00:00Z")
                .contains("not calling GitHub before then");
    }

    @Test
    void post_shouldCallGitHubAgain_onceTheRateLimitHasReset() {
        // GIVEN a post that gave up on a limit resetting in a minute
        long reset = NOW.plusSeconds(60).getEpochSecond();
        github.answer(403, Map.of("x-ratelimit-remaining", "0", "x-ratelimit-reset", String.valueOf(reset)), "{}");
        CommitStatuses statuses = safe(client(github.url()));
        statuses.post(status(CommitState.PENDING));

        // WHEN the next status comes after the reset
        time.advance(Duration.ofSeconds(61));
        statuses.post(status(CommitState.SUCCESS));

        // THEN
        assertThat(github.received()).hasSize(2);
        assertThat(github.received().get(1).body()).contains("\"state\":\"success\"");
        assertThat(warnings).hasSize(1);
    }

    @Test
    void post_shouldGiveUp_whenASecondaryRateLimitGivesNoTime() {
        // GIVEN a secondary limit without retry-after: GitHub asks for at least a minute, past the budget
        github.answer(403, "{\"message\":\"You have exceeded a secondary rate limit. Please wait a few minutes.\"}");

        // WHEN
        safe(client(github.url())).post(status(CommitState.SUCCESS));

        // THEN
        assertThat(github.received()).hasSize(1);
        assertThat(time.sleeps()).isEmpty();
        assertThat(warnings).singleElement().asString().contains("(in 60 s), past the budget of 10 s; gave up");
    }

    @Test
    void post_shouldStopRetrying_whenTheNextBackoffWouldPassTheBudget() {
        // GIVEN a budget of one second and a GitHub that keeps failing
        for (int i = 0; i < 4; i++) {
            github.answer(500, "{\"message\":\"Server Error\"}");
        }
        RetryPolicy tight = new RetryPolicy(4, Duration.ofMillis(500), Duration.ofSeconds(4), Duration.ofSeconds(1),
                Duration.ofSeconds(5));
        GitHubCommitStatuses client = new GitHubCommitStatuses(github.url(), token, GitHubCommitStatuses.defaultHttpClient(),
                time, time, tight, () -> 0.5);

        // WHEN / THEN 375 ms, then 750 ms would end past the second
        assertThatThrownBy(() -> client.post(status(CommitState.SUCCESS)))
                .isInstanceOf(CommitStatusException.class)
                .hasMessageContaining("gave up after 2 attempt(s), the next would pass the budget of 1 s; last: 500 Server Error");
        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(375));
        assertThat(github.received()).hasSize(2);
    }

    @Test
    void post_shouldLogAndNotThrow_whenTheTokenCannotBeRead() {
        // GIVEN
        GitHubToken broken = () -> {
            throw new IllegalStateException("Secrets Manager: AccessDeniedException");
        };
        GitHubCommitStatuses client = new GitHubCommitStatuses(github.url(), broken, GitHubCommitStatuses.defaultHttpClient(),
                time, time, RetryPolicy.defaults(), () -> 0.5);

        // WHEN
        safe(client).post(status(CommitState.SUCCESS));

        // THEN
        assertThat(github.received()).isEmpty();
        assertThat(warnings).singleElement().asString()
                .contains("the GitHub token could not be read: Secrets Manager: AccessDeniedException");
    }

    private GitHubCommitStatuses client(String baseUrl) {
        return new GitHubCommitStatuses(baseUrl, token, GitHubCommitStatuses.defaultHttpClient(), time, time,
                RetryPolicy.defaults(), () -> 0.5);
    }

    private CommitStatuses safe(CommitStatuses statuses) {
        return new SafeCommitStatuses(statuses, warnings::add);
    }

    private static CommitStatus status(CommitState state) {
        return new CommitStatus("acme/orders-service", SHA, state, "serverless-cd/test", "16 of 16 tests passed",
                "https://ci.example.com/runs/run-1");
    }

    static final class CountingToken implements GitHubToken {
        final String value;
        final AtomicInteger invalidations = new AtomicInteger();

        CountingToken(String value) {
            this.value = value;
        }

        @Override
        public String current() {
            return value;
        }

        @Override
        public void invalidate() {
            invalidations.incrementAndGet();
        }
    }
}
