package dev.serverlesscd.functions.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.serverlesscd.functions.common.Json;
import dev.serverlesscd.functions.github.GitHubClient.CommitInfo;
import dev.serverlesscd.functions.github.GitHubClient.IssueComment;
import dev.serverlesscd.functions.github.GitHubClient.Release;
import dev.serverlesscd.functions.github.GitHubClient.ReleaseSpec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@link RestGitHubClient} against a WireMock stub answering with GitHub's documented example bodies. */
@Tag("unit")
class RestGitHubClientTest {
    private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");
    private static final String REPO = "octocat/Hello-World";
    private static final String SHA = "6dcb09b5b57875f334f61aebed695e2e4193db5e";

    private static WireMockServer github;
    private FakeTime time;

    @BeforeAll
    static void start() {
        github = new WireMockServer(wireMockConfig().dynamicPort());
        github.start();
    }

    @AfterAll
    static void stop() {
        github.stop();
    }

    @BeforeEach
    void reset() {
        github.resetAll();
        time = new FakeTime(NOW);
    }

    @Test
    void upsertComment_shouldCreateTheComment_whenNoCommentHoldsTheMarker() {
        // GIVEN one comment by someone else
        github.stubFor(get(urlPathEqualTo("/repos/octocat/Hello-World/issues/1347/comments"))
                .willReturn(json(200, "[" + example("issue-comment.json") + "]")));
        github.stubFor(post("/repos/octocat/Hello-World/issues/1347/comments")
                .willReturn(json(201, example("issue-comment.json"))));

        // WHEN
        IssueComment comment = client(github.baseUrl()).upsertComment(REPO, 1347, "<!-- serverless-cd:pr -->",
                "<!-- serverless-cd:pr -->\nTests 14 passed");

        // THEN
        github.verify(getRequestedFor(urlEqualTo("/repos/octocat/Hello-World/issues/1347/comments?per_page=100&page=1"))
                .withHeader("Authorization", equalTo("Bearer t0ken"))
                .withHeader("X-GitHub-Api-Version", equalTo("2022-11-28")));
        github.verify(postRequestedFor(urlEqualTo("/repos/octocat/Hello-World/issues/1347/comments"))
                .withRequestBody(equalToJson("{\"body\":\"<!-- serverless-cd:pr -->\\nTests 14 passed\"}")));
        assertThat(comment.id()).isEqualTo(1);
        assertThat(comment.htmlUrl()).isEqualTo("https://github.com/octocat/Hello-World/issues/1347#issuecomment-1");
    }

    @Test
    void upsertComment_shouldEditTheMarkedComment_whenThereIsOne() {
        // GIVEN a first page full of other comments, the marked one on the second page
        StringBuilder page = new StringBuilder("[");
        for (int i = 0; i < 100; i++) {
            page.append(i == 0 ? "" : ",").append("{\"id\":").append(1000 + i).append(",\"body\":\"+1\"}");
        }
        github.stubFor(get(urlEqualTo("/repos/octocat/Hello-World/issues/7/comments?per_page=100&page=1"))
                .willReturn(json(200, page.append("]").toString())));
        github.stubFor(get(urlEqualTo("/repos/octocat/Hello-World/issues/7/comments?per_page=100&page=2"))
                .willReturn(json(200, "[{\"id\":42,\"body\":\"<!-- serverless-cd:pr -->\\nold numbers\"}]")));
        github.stubFor(patch(urlEqualTo("/repos/octocat/Hello-World/issues/comments/42"))
                .willReturn(json(200, example("issue-comment.json"))));

        // WHEN
        client(github.baseUrl()).upsertComment(REPO, 7, "<!-- serverless-cd:pr -->", "<!-- serverless-cd:pr -->\nnew");

        // THEN edited in place, nothing created
        github.verify(patchRequestedFor(urlEqualTo("/repos/octocat/Hello-World/issues/comments/42"))
                .withRequestBody(equalToJson("{\"body\":\"<!-- serverless-cd:pr -->\\nnew\"}")));
        github.verify(0, postRequestedFor(urlPathEqualTo("/repos/octocat/Hello-World/issues/7/comments")));
    }

    @Test
    void releaseByTag_shouldBeEmpty_whenGitHubHasNoReleaseForTheTag() {
        github.stubFor(get("/repos/octocat/Hello-World/releases/tags/v9.9.9")
                .willReturn(json(404, "{\"message\":\"Not Found\",\"documentation_url\":\"https://docs.github.com/rest\"}")));

        assertThat(client(github.baseUrl()).releaseByTag(REPO, "v9.9.9")).isEmpty();
    }

    @Test
    void releases_shouldBeFoundCreatedAndUpdatedAsGitHubDocumentsThem() {
        // GIVEN
        github.stubFor(get("/repos/octocat/Hello-World/releases/tags/v1.0.0").willReturn(json(200, example("release.json"))));
        github.stubFor(post("/repos/octocat/Hello-World/releases").willReturn(json(201, example("release.json"))));
        github.stubFor(patch(urlEqualTo("/repos/octocat/Hello-World/releases/1")).willReturn(json(200, example("release.json"))));
        GitHubClient client = client(github.baseUrl());
        ReleaseSpec spec = new ReleaseSpec("v1.0.0", "v1.0.0", "Description of the release", false, true);

        // WHEN
        Release found = client.releaseByTag(REPO, "v1.0.0").orElseThrow();
        client.createRelease(REPO, spec);
        client.updateRelease(REPO, found.id(), spec);

        // THEN
        assertThat(found.id()).isEqualTo(1);
        assertThat(found.uploadUrl()).isEqualTo("https://uploads.github.com/repos/octocat/Hello-World/releases/1/assets");
        assertThat(found.assets()).extracting(GitHubClient.Asset::name).containsExactly("example.zip");
        String body = "{\"tag_name\":\"v1.0.0\",\"name\":\"v1.0.0\",\"body\":\"Description of the release\","
                + "\"draft\":false,\"prerelease\":true}";
        github.verify(postRequestedFor(urlEqualTo("/repos/octocat/Hello-World/releases")).withRequestBody(equalToJson(body)));
        github.verify(patchRequestedFor(urlEqualTo("/repos/octocat/Hello-World/releases/1")).withRequestBody(equalToJson(body)));
    }

    @Test
    void uploadAsset_shouldReplaceAnAssetOfTheSameName() {
        // GIVEN a release whose upload URL is this stub's, with example.zip attached
        github.stubFor(delete("/repos/octocat/Hello-World/releases/assets/1").willReturn(aResponse().withStatus(204)));
        github.stubFor(post(urlPathEqualTo("/repos/octocat/Hello-World/releases/1/assets"))
                .willReturn(json(201, "{\"id\":2,\"name\":\"example.zip\",\"state\":\"uploaded\"}")));
        Release release = new Release(1, "v1.0.0", "v1.0.0", "", false, false, null,
                github.baseUrl() + "/repos/octocat/Hello-World/releases/1/assets",
                List.of(new GitHubClient.Asset(1, "example.zip")));

        // WHEN
        client(github.baseUrl()).uploadAsset(REPO, release, "example.zip", "application/zip", new byte[] {1, 2, 3});

        // THEN
        github.verify(deleteRequestedFor(urlEqualTo("/repos/octocat/Hello-World/releases/assets/1")));
        github.verify(postRequestedFor(urlEqualTo("/repos/octocat/Hello-World/releases/1/assets?name=example.zip"))
                .withHeader("Content-Type", equalTo("application/zip")));
    }

    @Test
    void tagsAndCompare_shouldReadNamesAndCommitMessages() {
        github.stubFor(get(urlEqualTo("/repos/octocat/Hello-World/tags?per_page=100")).willReturn(json(200, example("tags.json"))));
        github.stubFor(get("/repos/octocat/Hello-World/compare/v0.1...v0.2").willReturn(json(200, example("compare.json"))));
        GitHubClient client = client(github.baseUrl());

        assertThat(client.tags(REPO)).containsExactly("v0.1");
        assertThat(client.compare(REPO, "v0.1", "v0.2")).containsExactly(
                new CommitInfo(SHA, "feat: Fix all the bugs"),
                new CommitInfo("7638417db6d59f3c431d3e1f261cc637155684cd", "fix: a typo\n\nin the readme"));
    }

    @Test
    void uploadSarif_shouldSendTheReportGzippedAndBase64Encoded() throws IOException {
        // GIVEN
        github.stubFor(post("/repos/octocat/Hello-World/code-scanning/sarifs").willReturn(json(202, example("sarif-upload.json"))));
        byte[] sarif = "{\"version\":\"2.1.0\",\"runs\":[]}".getBytes(StandardCharsets.UTF_8);

        // WHEN
        String id = client(github.baseUrl()).uploadSarif(REPO, SHA, "refs/pull/42/head", sarif);

        // THEN
        assertThat(id).isEqualTo("47177e22-5596-11eb-80a1-c1e54ef945c6");
        JsonNode sent = Json.MAPPER.readTree(github.getAllServeEvents().get(0).getRequest().getBodyAsString());
        assertThat(sent.get("commit_sha").asText()).isEqualTo(SHA);
        assertThat(sent.get("ref").asText()).isEqualTo("refs/pull/42/head");
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(sent.get("sarif").asText())))) {
            assertThat(in.readAllBytes()).isEqualTo(sarif);
        }
    }

    @Test
    void uploadSarif_shouldSayCodeScanningIsOff_whenGitHubRefuses403() {
        github.stubFor(post("/repos/octocat/Hello-World/code-scanning/sarifs").willReturn(json(403,
                "{\"message\":\"Advanced Security must be enabled for this repository to use code scanning.\"}")));

        assertThatThrownBy(() -> client(github.baseUrl()).uploadSarif(REPO, SHA, "refs/heads/main", new byte[] {'{', '}'}))
                .isInstanceOfSatisfying(GitHubApiException.class, e -> assertThat(e.status()).isEqualTo(403))
                .hasMessageContaining("GitHub answered 403 Advanced Security must be enabled")
                .hasMessageContaining("code scanning is off for this repository");
        assertThat(github.getAllServeEvents()).hasSize(1);
    }

    @Test
    void calls_shouldGoUnderApiV3_onGitHubEnterpriseServer() {
        github.stubFor(get(urlEqualTo("/api/v3/repos/octocat/Hello-World/tags?per_page=100")).willReturn(json(200, "[]")));

        assertThat(client(github.baseUrl() + "/api/v3/").tags(REPO)).isEmpty();
    }

    @Test
    void calls_shouldWaitRetryAfter_whenASecondaryRateLimitSaysHowLong() {
        // GIVEN a 403 secondary rate limit with retry-after, then the answer
        github.stubFor(post("/repos/octocat/Hello-World/issues/3/comments").inScenario("limit")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("waited")
                .willReturn(json(403, "{\"message\":\"You have exceeded a secondary rate limit.\"}").withHeader("retry-after", "3")));
        github.stubFor(post("/repos/octocat/Hello-World/issues/3/comments").inScenario("limit")
                .whenScenarioStateIs("waited").willReturn(json(201, example("issue-comment.json"))));

        // WHEN
        IssueComment comment = client(github.baseUrl()).createComment(REPO, 3, "hello");

        // THEN
        assertThat(comment.id()).isEqualTo(1);
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(3));
    }

    @Test
    void calls_shouldWaitForTheReset_whenThePrimaryRateLimitIsSpent() {
        long reset = NOW.plusSeconds(5).getEpochSecond();
        github.stubFor(get(urlEqualTo("/repos/octocat/Hello-World/tags?per_page=100")).inScenario("primary")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("reset")
                .willReturn(json(403, "{\"message\":\"API rate limit exceeded\"}")
                        .withHeader("x-ratelimit-remaining", "0").withHeader("x-ratelimit-reset", String.valueOf(reset))));
        github.stubFor(get(urlEqualTo("/repos/octocat/Hello-World/tags?per_page=100")).inScenario("primary")
                .whenScenarioStateIs("reset").willReturn(json(200, example("tags.json"))));

        assertThat(client(github.baseUrl()).tags(REPO)).containsExactly("v0.1");
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(5));
    }

    private RestGitHubClient client(String baseUrl) {
        return new RestGitHubClient(new GitHubRest(baseUrl, GitHubToken.of("t0ken"), GitHubRest.defaultHttpClient(),
                time, time, RetryPolicy.defaults(), () -> 0.5));
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json; charset=utf-8").withBody(body);
    }

    /** One of GitHub's documented example bodies, from test resources github/. */
    static String example(String name) {
        try (InputStream in = RestGitHubClientTest.class.getResourceAsStream("/github/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("no example github/" + name, e);
        }
    }
}
