package dev.serverlesscd.local.pages;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.serverlesscd.functions.approval.DynamoDbApprovalStore;
import dev.serverlesscd.functions.common.FormEncoding;
import dev.serverlesscd.functions.config.EnvironmentTarget;
import dev.serverlesscd.functions.config.PipelineConfig;
import dev.serverlesscd.functions.config.PipelineConfigLoader;
import dev.serverlesscd.functions.deploy.DeploymentRecord;
import dev.serverlesscd.functions.deploy.DeploymentRef;
import dev.serverlesscd.functions.deploy.DeploymentStatus;
import dev.serverlesscd.functions.deploy.DynamoDbDeploymentHistory;
import dev.serverlesscd.functions.lambda.PagesHandler;
import dev.serverlesscd.functions.pages.BuildLogLinks;
import dev.serverlesscd.functions.pages.PagesRouter;
import dev.serverlesscd.functions.pages.SignInSettings;
import dev.serverlesscd.functions.pages.SignInShell;
import dev.serverlesscd.functions.run.DynamoDbRunStore;
import dev.serverlesscd.functions.run.Run;
import dev.serverlesscd.functions.run.RunStatus;
import dev.serverlesscd.functions.run.StageRecord;
import dev.serverlesscd.functions.wiring.GivenPorts;
import dev.serverlesscd.local.runtime.LocalDynamoDb;
import dev.serverlesscd.local.runtime.LocalHttpApi;
import dev.serverlesscd.local.runtime.RepositoryRoot;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The pages' sign-in shell in headless Chromium, as on AWS: the pages and their API answer only requests that carry
 * {@code Authorization: Bearer} with a token the issuer gave (401 otherwise, as API Gateway's JWT authorizer
 * answers), the shell's routes are public, and a tiny OIDC issuer on another origin (the JDK's HTTP server) signs
 * everyone in at once, checks the PKCE verifier against the challenge, and refreshes tokens while it is allowed to.
 * One browser session walks through it: sign in, refresh, live updates, a refused refresh, sign out, a revoked token.
 */
@Tag("e2e")
@ExtendWith(ChromiumAvailable.class)
class SignInBrowserTest {
    static final String REPOSITORY = "acme/orders-service";
    static final String CLIENT_ID = "pages-client";
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    static LocalDynamoDb db;
    static DynamoDbRunStore runs;
    static PipelineConfig config;
    static FakeIssuer issuer;
    static LocalHttpApi http;
    static WebDriver browser;
    /** Access tokens the "authorizer" accepts: those the issuer gave, until revoked. */
    static final Set<String> accepted = ConcurrentHashMap.newKeySet();
    /** Every request to a private route: its path and Authorization header. */
    static final List<String> privateRequests = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void serve() throws Exception {
        db = LocalDynamoDb.start(null);
        runs = new DynamoDbRunStore(db.client(), db.tableName());
        DynamoDbDeploymentHistory deployments = new DynamoDbDeploymentHistory(db.client(), db.tableName());
        config = PipelineConfigLoader.load(RepositoryRoot.find().resolve("samples/pipeline-config.yml"));
        record(deployments);

        issuer = new FakeIssuer();
        URI base = issuer.base();
        PagesHandler pages = new PagesHandler(GivenPorts.builder()
                .clock(Clock.systemUTC())
                .pipelineConfig(config)
                .runs(runs)
                .deployments(deployments)
                .approvals(new DynamoDbApprovalStore(db.client(), db.tableName()))
                .build(), BuildLogLinks.localFiles(Path.of("target")),
                SignInShell.of(new SignInSettings(base.resolve("/authorize"), base.resolve("/token"), CLIENT_ID,
                        "openid email", null)));
        Map<String, Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> routes = new HashMap<>();
        for (String path : PagesRouter.PAGE_PATHS) {
            routes.put("GET " + path, event -> authorized(event, pages));
        }
        for (String path : SignInShell.PATHS) {
            routes.put("GET " + path, event -> pages.handleRequest(event, null));
        }
        http = LocalHttpApi.start(0, routes);
        issuer.redirectUri = http.endpoint() + "/pages/callback";
        browser = HeadlessChromium.start(Files.createTempDirectory("chromium-profile"));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (http != null) {
            http.close();
        }
        if (issuer != null) {
            issuer.server.stop(0);
        }
        if (db != null) {
            db.close();
        }
    }

    /** What API Gateway's JWT authorizer does in front of the private routes, reduced to the tokens given. */
    static APIGatewayV2HTTPResponse authorized(APIGatewayV2HTTPEvent event, PagesHandler pages) {
        String authorization = event.getHeaders() == null ? null : event.getHeaders().get("authorization");
        privateRequests.add(event.getRawPath() + " " + authorization);
        if (authorization == null || !authorization.startsWith("Bearer ")
                || !accepted.contains(authorization.substring(7))) {
            return APIGatewayV2HTTPResponse.builder().withStatusCode(401)
                    .withHeaders(Map.of("Content-Type", "application/json")).withBody("{\"message\":\"Unauthorized\"}")
                    .build();
        }
        return pages.handleRequest(event, null);
    }

    static void record(DynamoDbDeploymentHistory deployments) {
        List<EnvironmentTarget> environments = List.copyOf(config.repository(REPOSITORY).orElseThrow()
                .environments().values());
        Instant at = NOW.minus(1, ChronoUnit.DAYS);
        Run done = run("run-1", at, environments);
        runs.create(done);
        runs.markStarted("run-1", null, at);
        runs.recordStage(new StageRecord("run-1", "test", "SUCCEEDED", "14 tests passed, line coverage 86.0% (min 80.0%)",
                at.plusSeconds(5), at.plusSeconds(65)));
        runs.finish("run-1", RunStatus.SUCCEEDED, null, null, null, at.plusSeconds(600));
        EnvironmentTarget staging = config.repository(REPOSITORY).orElseThrow().environments().get("staging");
        deployments.record(new DeploymentRecord(new DeploymentRef(staging.namespace(), staging.deployment()), "staging",
                "run-1", DeploymentStatus.SUCCEEDED, "registry/orders@sha256:" + "a".repeat(64), null, null, "v1.0.0",
                null, null, at.plusSeconds(300)));
        Run going = run("run-2", NOW.minusSeconds(30), environments);
        runs.create(going);
        runs.markStarted("run-2", null, going.createdAt());
    }

    static Run run(String runId, Instant at, List<EnvironmentTarget> environments) {
        return new Run(runId, "d-" + runId, REPOSITORY, null, "push", "refs/heads/main", "main", "main", null,
                "3f2c1a9" + "0".repeat(33), null, "octocat", List.of(), "main-" + runId, "full", true, environments,
                RunStatus.RECEIVED, null, at, at, null, null, null, at.minusSeconds(3600));
    }

    static Object script(String js) {
        return ((JavascriptExecutor) browser).executeScript(js);
    }

    static void expireTheAccessToken() {
        script("var t = JSON.parse(sessionStorage.getItem('pipeline.pages.tokens'));"
                + "t.expiresAt = 0; sessionStorage.setItem('pipeline.pages.tokens', JSON.stringify(t));");
    }

    static void waitFor(String css) {
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(b -> !b.findElements(By.cssSelector(css)).isEmpty());
    }

    static void waitForNotice(String text) {
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(b ->
                b.findElement(By.id("notice")).getText().contains(text));
    }

    static List<String> bearersOf(String path) {
        return privateRequests.stream().filter(r -> r.startsWith(path + " ")).map(r -> r.substring(path.length() + 1))
                .toList();
    }

    @Test
    void aReader_signsInWithPkce_readsThePagesWithTheBearerToken_andIsToldWhenTheSignInEnds() throws Exception {
        // WHEN a reader opens a run's page on the shell, signed out
        browser.get(http.endpoint() + "/pages/run?id=run-1");
        waitFor("tr.stage[data-stage='test'] .numbers");

        // THEN the issuer was asked for a code with an S256 challenge, the verifier matched it, and the page shows
        // the run, fetched with the token; the code is gone from the address; the token is in sessionStorage only
        assertThat(issuer.authorizations).singleElement().satisfies(query -> assertThat(query)
                .containsEntry("response_type", "code").containsEntry("client_id", CLIENT_ID)
                .containsEntry("redirect_uri", http.endpoint() + "/pages/callback")
                .containsEntry("scope", "openid email").containsEntry("code_challenge_method", "S256")
                .containsKeys("state", "code_challenge"));
        assertThat(issuer.verifiedCodes).hasValue(1);
        assertThat(browser.findElement(By.cssSelector("tr.stage[data-stage='test'] .numbers")).getText())
                .isEqualTo("14 tests passed, line coverage 86.0% (min 80.0%)");
        assertThat(browser.getCurrentUrl()).isEqualTo(http.endpoint() + "/pages/run?id=run-1");
        assertThat(bearersOf("/run")).containsExactly("Bearer at-1");
        assertThat((String) script("return sessionStorage.getItem('pipeline.pages.tokens');")).contains("\"at-1\"");
        assertThat(script("return localStorage.length + '|' + document.cookie;")).isEqualTo("0|");
        assertThat(browser.findElement(By.cssSelector("table.deployments a")).getAttribute("href"))
                .isEqualTo(http.endpoint() + "/pages/run?id=run-1");

        // WHEN the access token has expired and the reader follows a link: it is refreshed first
        expireTheAccessToken();
        browser.findElement(By.cssSelector("header a[href='/pages/runs']")).click();
        waitFor("#runs tr.run");
        assertThat(issuer.refreshes).hasValue(1);
        assertThat(bearersOf("/runs")).containsExactly("Bearer at-2");

        // WHEN a running run's page is open and the run goes on: it updates itself, polling with the token
        browser.get(http.endpoint() + "/pages/run?id=run-2");
        waitFor("main[data-poll]");
        script("window.__sameDocument = 'yes';");
        runs.recordStage(new StageRecord("run-2", "test", "SUCCEEDED", "14 tests passed", NOW.minusSeconds(20),
                NOW.minusSeconds(5)));
        runs.finish("run-2", RunStatus.SUCCEEDED, null, null, null, Instant.now());
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(b ->
                b.findElement(By.cssSelector("h1")).getText().contains("SUCCEEDED"));
        assertThat(script("return window.__sameDocument;")).isEqualTo("yes");
        assertThat(bearersOf("/api/run")).isNotEmpty().allMatch("Bearer at-2"::equals);

        // WHEN the token expires and the issuer refuses to refresh it: the reader is told, and signs in again
        issuer.refuseRefresh.set(true);
        expireTheAccessToken();
        browser.get(http.endpoint() + "/pages/environments");
        waitForNotice("Your sign-in has expired and could not be renewed: sign in again to go on.");
        HeadlessChromium.screenshot(browser, "sign-in-expired");
        assertThat(script("return sessionStorage.getItem('pipeline.pages.tokens');")).isNull();
        browser.findElement(By.id("sign-in")).click();
        waitFor("section.environment");
        assertThat(issuer.authorizations).hasSize(2);
        assertThat(bearersOf("/environments")).containsExactly("Bearer at-3");

        // WHEN the reader signs out: the tokens are gone
        browser.findElement(By.id("sign-out")).click();
        waitForNotice("Signed out.");
        assertThat(browser.getCurrentUrl()).isEqualTo(http.endpoint() + "/pages/signed-out");
        assertThat(script("return sessionStorage.getItem('pipeline.pages.tokens');")).isNull();

        // WHEN a token the API no longer accepts is sent (401): the reader is told to sign in again
        browser.findElement(By.id("sign-in")).click();
        waitFor("#runs tr.run");
        accepted.clear();
        browser.get(http.endpoint() + "/pages/metrics");
        waitForNotice("Your sign-in has expired or was not accepted: sign in again to go on.");
        assertThat(bearersOf("/metrics")).containsExactly("Bearer at-4");

        // AND no private route ever answered a request without an accepted token
        assertThat(privateRequests).noneMatch(r -> r.endsWith(" null"));
    }

    /**
     * An OIDC issuer reduced to what the shell uses: {@code /authorize} signs the reader in at once and sends the
     * browser back with a code; {@code /token} (CORS for the pages' origin) gives {@code at-N} for a code whose PKCE
     * verifier matches its challenge, and for the refresh token while refreshing is allowed.
     */
    static final class FakeIssuer {
        final HttpServer server;
        final List<Map<String, String>> authorizations = new CopyOnWriteArrayList<>();
        final Map<String, String> challenges = new ConcurrentHashMap<>();
        final AtomicInteger verifiedCodes = new AtomicInteger();
        final AtomicInteger refreshes = new AtomicInteger();
        final AtomicInteger tokens = new AtomicInteger();
        final AtomicBoolean refuseRefresh = new AtomicBoolean();
        volatile String redirectUri;

        FakeIssuer() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/authorize", this::authorize);
            server.createContext("/token", this::token);
            server.start();
        }

        URI base() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        }

        void authorize(HttpExchange exchange) throws IOException {
            Map<String, String> query = FormEncoding.decode(exchange.getRequestURI().getRawQuery());
            authorizations.add(query);
            String code = UUID.randomUUID().toString();
            challenges.put(code, query.get("code_challenge"));
            exchange.getResponseHeaders().add("Location", query.get("redirect_uri") + "?code=" + code + "&state="
                    + query.get("state"));
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        }

        void token(HttpExchange exchange) throws IOException {
            exchange.getResponseHeaders().add("Access-Control-Allow-Origin",
                    exchange.getRequestHeaders().getFirst("Origin"));
            Map<String, String> form = FormEncoding.decode(new String(exchange.getRequestBody().readAllBytes(),
                    StandardCharsets.UTF_8));
            String answer;
            if (!CLIENT_ID.equals(form.get("client_id"))) {
                answer = null;
            } else if ("authorization_code".equals(form.get("grant_type"))) {
                String challenge = challenges.remove(String.valueOf(form.get("code")));
                boolean verified = challenge != null && redirectUri.equals(form.get("redirect_uri"))
                        && challenge.equals(s256(form.get("code_verifier")));
                if (verified) {
                    verifiedCodes.incrementAndGet();
                }
                answer = verified ? issue() : null;
            } else if ("refresh_token".equals(form.get("grant_type")) && "rt".equals(form.get("refresh_token"))
                    && !refuseRefresh.get()) {
                refreshes.incrementAndGet();
                answer = issue();
            } else {
                answer = null;
            }
            byte[] body = (answer == null ? "{\"error\":\"invalid_grant\"}" : answer).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer == null ? 400 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        }

        String issue() {
            String access = "at-" + tokens.incrementAndGet();
            accepted.add(access);
            return "{\"access_token\":\"" + access + "\",\"id_token\":\"id-" + access + "\",\"refresh_token\":\"rt\","
                    + "\"token_type\":\"Bearer\",\"expires_in\":3600}";
        }

        static String s256(String verifier) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(String.valueOf(verifier)
                        .getBytes(StandardCharsets.US_ASCII));
                return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
