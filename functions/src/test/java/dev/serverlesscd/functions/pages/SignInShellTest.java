package dev.serverlesscd.functions.pages;

import static dev.serverlesscd.functions.common.EnvironmentVariables.PAGES_SIGN_IN_AUTHORIZATION_URL;
import static dev.serverlesscd.functions.common.EnvironmentVariables.PAGES_SIGN_IN_CLIENT_ID;
import static dev.serverlesscd.functions.common.EnvironmentVariables.PAGES_SIGN_IN_ISSUER;
import static dev.serverlesscd.functions.common.EnvironmentVariables.PAGES_SIGN_IN_LOGOUT_URL;
import static dev.serverlesscd.functions.common.EnvironmentVariables.PAGES_SIGN_IN_SCOPES;
import static dev.serverlesscd.functions.common.EnvironmentVariables.PAGES_SIGN_IN_TOKEN_URL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.serverlesscd.functions.common.Env;
import dev.serverlesscd.functions.common.SecurityHeaders;
import dev.serverlesscd.functions.pages.OidcDiscovery.SignInUnavailableException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The sign-in shell's answers (static, the same for everyone, no token), its settings and the issuer's discovery. */
@Tag("unit")
class SignInShellTest {
    static final SignInSettings COGNITO = new SignInSettings(
            URI.create("https://pages-123.auth.eu-west-1.amazoncognito.com/oauth2/authorize"),
            URI.create("https://pages-123.auth.eu-west-1.amazoncognito.com/oauth2/token"), "client\"<id>", "openid email",
            URI.create("https://pages-123.auth.eu-west-1.amazoncognito.com/logout?client_id=c&logout_uri=x"));
    static final String POLICY = "default-src 'none'; style-src 'unsafe-inline'; script-src 'self'; "
            + "connect-src 'self' https://pages-123.auth.eu-west-1.amazoncognito.com; img-src 'self'; "
            + "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    static final Pattern INLINE_SCRIPT = Pattern.compile("<script(?![^>]*\\bsrc=)", Pattern.CASE_INSENSITIVE);

    final SignInShell shell = SignInShell.of(COGNITO);

    @Test
    void everyShellPage_answersTheSameStaticPage_withThePagesHeaders_andTheTokenEndpointInConnectSrc() {
        for (String path : List.of("/pages", "/pages/runs", "/pages/run", "/pages/environments", "/pages/metrics",
                "/pages/callback", "/pages/signed-out")) {
            PageResponse page = shell.route(path);

            assertThat(page.status()).as(path).isEqualTo(200);
            assertThat(page.body()).as(path).isEqualTo(shell.route("/pages/runs").body());
            assertThat(page.headers()).as(path)
                    .containsEntry("Content-Type", "text/html; charset=utf-8")
                    .containsEntry("Cache-Control", "no-store")
                    .containsEntry("Referrer-Policy", "no-referrer")
                    .containsEntry("X-Frame-Options", "DENY")
                    .containsEntry("X-Content-Type-Options", "nosniff")
                    .containsEntry("Content-Security-Policy", POLICY);
        }
    }

    @Test
    void shellPage_namesTheClientAndEndpoints_escaped_andLoadsItsScriptsFromItsOwnOrigin_noInlineScript() {
        String body = shell.route("/pages/run").body();

        assertThat(body).contains(
                "data-authorize=\"https://pages-123.auth.eu-west-1.amazoncognito.com/oauth2/authorize\"",
                "data-token=\"https://pages-123.auth.eu-west-1.amazoncognito.com/oauth2/token\"",
                "data-client-id=\"client&quot;&lt;id&gt;\"",
                "data-scope=\"openid email\"",
                "data-logout=\"https://pages-123.auth.eu-west-1.amazoncognito.com/logout?client_id=c&amp;logout_uri=x\"",
                "data-pages=\"/runs /run /environments /metrics\"",
                "<script src=\"/pages/pages.js\" defer></script>\n<script src=\"/pages/shell.js\" defer></script>",
                "<a href=\"/pages/runs\">");
        assertThat(INLINE_SCRIPT.matcher(body).find()).isFalse();
        assertThat(body).doesNotContain("client\"<id>");
    }

    @Test
    void scripts_arePublicJavaScript_andTheShellKeepsTokensInSessionStorage_withPkceS256() {
        PageResponse script = shell.route("/pages/shell.js");
        PageResponse pages = shell.route("/pages/pages.js");

        assertThat(script.status()).isEqualTo(200);
        assertThat(script.headers()).containsEntry("Content-Type", "text/javascript; charset=utf-8")
                .containsEntry("X-Content-Type-Options", "nosniff");
        assertThat(script.body()).contains("window.sessionStorage", "code_challenge_method: 'S256'",
                "'Authorization': 'Bearer ' + access", "grant_type: 'refresh_token'")
                .doesNotContain("localStorage.", "document.cookie", "innerHTML");
        assertThat(pages.body()).isEqualTo(PagesRouter.SCRIPT_BODY).contains("window.pipelinePages = {watch: watch}");
    }

    @Test
    void unknownShellPath_is404() {
        PageResponse page = shell.route("/pages/admin");

        assertThat(page.status()).isEqualTo(404);
        assertThat(page.body()).contains("There is no page at /pages/admin.");
    }

    @Test
    void unreadableIssuer_answers502_withTheReason_andIsAskedAgainNextTime() {
        AtomicInteger asked = new AtomicInteger();
        SignInShell flaky = new SignInShell(() -> {
            if (asked.incrementAndGet() == 1) {
                throw new SignInUnavailableException("The issuer's discovery document https://login.example.com/"
                        + ".well-known/openid-configuration answered HTTP 503");
            }
            return COGNITO;
        });

        PageResponse first = flaky.route("/pages/runs");
        PageResponse second = flaky.route("/pages/runs");
        flaky.route("/pages/run");

        assertThat(first.status()).isEqualTo(502);
        assertThat(first.body()).contains("Sign-in unavailable", "answered HTTP 503");
        assertThat(second.status()).isEqualTo(200);
        assertThat(asked).hasValue(2);
    }

    @Test
    void settings_fromTheEnvironment_endpointsGiven_orNone_orOneWithoutTheOther() {
        Env given = new Env(Map.of(PAGES_SIGN_IN_CLIENT_ID, "abc",
                PAGES_SIGN_IN_AUTHORIZATION_URL, "https://login.example.com/authorize",
                PAGES_SIGN_IN_TOKEN_URL, "https://tokens.example.com:8443/token",
                PAGES_SIGN_IN_SCOPES, "openid profile",
                PAGES_SIGN_IN_LOGOUT_URL, "https://login.example.com/logout"));
        SignInSettings settings = SignInSettings.fromEnvironment(given, null).orElseThrow().settings();

        assertThat(settings.clientId()).isEqualTo("abc");
        assertThat(settings.scopes()).isEqualTo("openid profile");
        assertThat(settings.tokenOrigin()).isEqualTo("https://tokens.example.com:8443");
        assertThat(SignInSettings.fromEnvironment(new Env(Map.of()), null)).isEmpty();
        assertThatThrownBy(() -> SignInSettings.fromEnvironment(new Env(Map.of(PAGES_SIGN_IN_CLIENT_ID, "abc",
                PAGES_SIGN_IN_TOKEN_URL, "https://login.example.com/token")), null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Environment variables PAGES_SIGN_IN_AUTHORIZATION_URL and PAGES_SIGN_IN_TOKEN_URL go "
                        + "together (or neither, to read them from PAGES_SIGN_IN_ISSUER's discovery document)");
        assertThatThrownBy(() -> SignInSettings.fromEnvironment(new Env(Map.of(PAGES_SIGN_IN_CLIENT_ID, "abc",
                PAGES_SIGN_IN_AUTHORIZATION_URL, "http://login.example.com/authorize",
                PAGES_SIGN_IN_TOKEN_URL, "https://login.example.com/token")), null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("The pages' sign-in settings: the authorization endpoint "
                        + "'http://login.example.com/authorize' must be an https URL");
        assertThatThrownBy(() -> SignInSettings.fromEnvironment(new Env(Map.of(PAGES_SIGN_IN_CLIENT_ID, "abc")), null))
                .hasMessage("Environment variable PAGES_SIGN_IN_ISSUER is not set");
    }

    @Test
    void settings_withoutEndpoints_areReadFromTheIssuersDiscoveryDocument_whenFirstAskedFor() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        HttpServer issuer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String base = "http://127.0.0.1:" + issuer.getAddress().getPort() + "/realms/eng";
        issuer.createContext("/realms/eng/.well-known/openid-configuration", exchange -> {
            requests.incrementAndGet();
            byte[] body = ("{\"issuer\":\"" + base + "\",\"authorization_endpoint\":\"" + base + "/auth\","
                    + "\"token_endpoint\":\"" + base + "/token\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        issuer.createContext("/other/.well-known/openid-configuration", exchange -> {
            byte[] body = ("{\"issuer\":\"" + base + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        issuer.start();
        try {
            SignInShell.Source source = SignInSettings.fromEnvironment(new Env(Map.of(PAGES_SIGN_IN_CLIENT_ID, "abc",
                    PAGES_SIGN_IN_ISSUER, base + "/")), OidcDiscovery.jdk()).orElseThrow();
            assertThat(requests).hasValue(0);

            SignInSettings settings = source.settings();

            assertThat(settings.authorizationEndpoint()).isEqualTo(URI.create(base + "/auth"));
            assertThat(settings.tokenEndpoint()).isEqualTo(URI.create(base + "/token"));
            assertThat(settings.scopes()).isEqualTo("openid");
            assertThat(settings.logoutUrl()).isNull();
            String port = String.valueOf(issuer.getAddress().getPort());
            assertThatThrownBy(() -> OidcDiscovery.jdk().discover(URI.create("http://127.0.0.1:" + port + "/other"),
                    "abc", null, null))
                    .isInstanceOf(SignInUnavailableException.class)
                    .hasMessage("The discovery document http://127.0.0.1:" + port + "/other/.well-known/"
                            + "openid-configuration names issuer '" + base + "', not http://127.0.0.1:" + port + "/other");
            assertThatThrownBy(() -> OidcDiscovery.jdk().discover(URI.create("http://127.0.0.1:" + port + "/none"),
                    "abc", null, null))
                    .hasMessage("The issuer's discovery document http://127.0.0.1:" + port + "/none/.well-known/"
                            + "openid-configuration answered HTTP 404");
        } finally {
            issuer.stop(0);
        }
    }

    @Test
    void shellPolicy_takesAnOriginOnly() {
        assertThatThrownBy(() -> SecurityHeaders.signInShell("https://login.example.com; script-src *"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not an origin");
    }
}
