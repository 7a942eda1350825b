package dev.serverlesscd.functions.github;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.serverlesscd.functions.github.RestGitHubClientTest.example;
import static dev.serverlesscd.functions.github.RestGitHubClientTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.serverlesscd.functions.common.Json;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@link GitHubAppToken}: the app's JWT, the installation token exchange (GitHub's example answer), its cache. */
@Tag("unit")
class GitHubAppTokenTest {
    /** The example's token expires at 2016-07-11T22:14:10Z. */
    private static final Instant NOW = Instant.parse("2016-07-11T21:14:10Z");
    private static KeyPair keys;

    private WireMockServer github;
    private FakeTime time;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();
    }

    @BeforeEach
    void start() {
        github = new WireMockServer(wireMockConfig().dynamicPort());
        github.start();
        github.stubFor(post("/app/installations/42/access_tokens").willReturn(json(201, example("installation-token.json"))));
        time = new FakeTime(NOW);
    }

    @AfterEach
    void stop() {
        github.stop();
    }

    @Test
    void current_shouldExchangeASignedJwtForTheInstallationToken_andKeepIt() throws Exception {
        // GIVEN
        GitHubAppToken token = token(pem("PRIVATE KEY", keys.getPrivate().getEncoded()));

        // WHEN
        String first = token.current();
        time.advance(Duration.ofMinutes(50));
        String second = token.current();

        // THEN one exchange, the JWT signed by the app's key with the app id as issuer
        assertThat(first).isEqualTo("ghs_16C7e42F292c6912E7710c838347Ae178B4a").isEqualTo(second);
        github.verify(1, postRequestedFor(urlEqualTo("/app/installations/42/access_tokens"))
                .withHeader("Authorization", matching("Bearer [\\w-]+\\.[\\w-]+\\.[\\w-]+"))
                .withHeader("Accept", equalTo("application/vnd.github+json")));
        String jwt = github.getAllServeEvents().get(0).getRequest().getHeader("Authorization").substring("Bearer ".length());
        String[] parts = jwt.split("\\.");
        JsonNode claims = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(parts[1]));
        assertThat(claims.get("iss").asText()).isEqualTo("1234");
        assertThat(claims.get("iat").asLong()).isEqualTo(NOW.getEpochSecond() - 60);
        assertThat(claims.get("exp").asLong()).isEqualTo(NOW.getEpochSecond() + 540);
        Signature verify = Signature.getInstance("SHA256withRSA");
        verify.initVerify(keys.getPublic());
        verify.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(verify.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();
    }

    @Test
    void current_shouldRenewTheToken_fiveMinutesBeforeItExpires_andAfterA401() {
        GitHubAppToken token = token(pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
        token.current();

        time.advance(Duration.ofMinutes(55));
        token.current();
        token.invalidate();
        token.current();

        github.verify(3, postRequestedFor(urlEqualTo("/app/installations/42/access_tokens")));
    }

    @Test
    void current_shouldReadThePkcs1KeyGitHubLetsYouDownload() {
        // GIVEN the PKCS#1 key inside the PKCS#8 encoding (after the 26 header bytes of a 2048-bit key)
        byte[] pkcs8 = keys.getPrivate().getEncoded();
        byte[] pkcs1 = Arrays.copyOfRange(pkcs8, 26, pkcs8.length);

        assertThat(token(pem("RSA PRIVATE KEY", pkcs1)).current()).startsWith("ghs_");
    }

    private GitHubAppToken token(String pem) {
        return new GitHubAppToken("1234", 42, () -> pem, github.baseUrl(), GitHubRest.defaultHttpClient(), time, time,
                RetryPolicy.defaults());
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
