package dev.serverlesscd.functions.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.serverlesscd.functions.common.Json;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A GitHub App's installation token, for organisations that forbid personal tokens: a JWT signed RS256 with the
 * app's private key ({@code iss} = the app id, {@code iat} a minute back for clock drift, {@code exp} 9 minutes on)
 * is exchanged at {@code POST {base}/app/installations/{id}/access_tokens} for a token that GitHub says expires at
 * {@code expires_at} (an hour). The token is cached until 5 minutes before that; a 401 elsewhere drops it.
 *
 * <p>The private key is the PEM GitHub lets you download (PKCS#1, {@code BEGIN RSA PRIVATE KEY}) or its PKCS#8 form
 * ({@code BEGIN PRIVATE KEY}); it is read when first needed, from {@code privateKeyPem} (Secrets Manager on AWS).
 */
public final class GitHubAppToken implements GitHubToken {
    static final Duration RENEW_BEFORE_EXPIRY = Duration.ofMinutes(5);

    private final String appId;
    private final long installationId;
    private final Supplier<String> privateKeyPem;
    private final String baseUrl;
    private final HttpClient http;
    private final Clock clock;
    private final Sleeper sleeper;
    private final RetryPolicy policy;
    private String cached;
    private Instant expiresAt;

    public GitHubAppToken(String appId, long installationId, Supplier<String> privateKeyPem, String baseUrl,
                          HttpClient http, Clock clock, Sleeper sleeper, RetryPolicy policy) {
        if (appId == null || appId.isBlank()) {
            throw new IllegalArgumentException("GitHub App id is not specified");
        }
        if (installationId <= 0) {
            throw new IllegalArgumentException("GitHub App installation id must be a positive number, was "
                    + installationId);
        }
        this.appId = appId.strip();
        this.installationId = installationId;
        this.privateKeyPem = Objects.requireNonNull(privateKeyPem, "GitHub App private key");
        this.baseUrl = GitHubRest.normalizedBaseUrl(baseUrl);
        this.http = Objects.requireNonNull(http, "HTTP client");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.policy = Objects.requireNonNull(policy, "retry policy");
    }

    @Override
    public synchronized String current() {
        Instant now = clock.instant();
        if (cached == null || !now.isBefore(expiresAt.minus(RENEW_BEFORE_EXPIRY))) {
            String jwt = jwt(now);
            GitHubRest app = new GitHubRest(baseUrl, () -> jwt, http, clock, sleeper, policy, () -> 0.5);
            JsonNode answer = app.send(GitHubRest.Call.json("an installation token of GitHub App " + appId, "POST",
                    app.uri("/app/installations/" + installationId + "/access_tokens"), "{}")).json();
            String token = answer.path("token").asText("");
            if (token.isBlank()) {
                throw new GitHubApiException("GitHub answered no token for installation " + installationId
                        + " of GitHub App " + appId, 0);
            }
            cached = token;
            expiresAt = answer.hasNonNull("expires_at") ? Instant.parse(answer.get("expires_at").asText())
                    : now.plus(Duration.ofHours(1));
        }
        return cached;
    }

    @Override
    public synchronized void invalidate() {
        cached = null;
    }

    /** The app's JWT at {@code now}: RS256, {@code iat} now - 60 s, {@code exp} now + 9 min, {@code iss} the app id. */
    String jwt(Instant now) {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String header = url.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = url.encodeToString(Json.MAPPER.createObjectNode()
                .put("iat", now.getEpochSecond() - 60)
                .put("exp", now.getEpochSecond() + 540)
                .put("iss", appId)
                .toString().getBytes(StandardCharsets.UTF_8));
        String signed = header + "." + payload;
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(privateKey(privateKeyPem.get()));
            signature.update(signed.getBytes(StandardCharsets.US_ASCII));
            return signed + "." + url.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new GitHubApiException("GitHub App " + appId + ": the JWT could not be signed: " + e.getMessage(), 0, e);
        }
    }

    /** An RSA private key from PEM, PKCS#8 or PKCS#1 (wrapped into PKCS#8 here). */
    static PrivateKey privateKey(String pem) throws GeneralSecurityException {
        if (pem == null || !pem.contains("-----BEGIN")) {
            throw new GeneralSecurityException("the private key is not PEM (it must start with -----BEGIN … PRIVATE KEY-----)");
        }
        boolean pkcs1 = pem.contains("BEGIN RSA PRIVATE KEY");
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        byte[] der = Base64.getDecoder().decode(base64);
        byte[] pkcs8 = pkcs1 ? wrapPkcs1(der) : der;
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    }

    /** PKCS#8 PrivateKeyInfo around a PKCS#1 RSAPrivateKey: version 0, rsaEncryption with NULL, the key as OCTET STRING. */
    private static byte[] wrapPkcs1(byte[] pkcs1) {
        byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01,
                0x01, 0x01, 0x05, 0x00};
        byte[] version = {0x02, 0x01, 0x00};
        byte[] octets = der(0x04, pkcs1);
        byte[] inner = new byte[version.length + algorithm.length + octets.length];
        System.arraycopy(version, 0, inner, 0, version.length);
        System.arraycopy(algorithm, 0, inner, version.length, algorithm.length);
        System.arraycopy(octets, 0, inner, version.length + algorithm.length, octets.length);
        return der(0x30, inner);
    }

    private static byte[] der(int tag, byte[] content) {
        int length = content.length;
        byte[] lengthBytes;
        if (length < 0x80) {
            lengthBytes = new byte[] {(byte) length};
        } else if (length < 0x100) {
            lengthBytes = new byte[] {(byte) 0x81, (byte) length};
        } else if (length < 0x10000) {
            lengthBytes = new byte[] {(byte) 0x82, (byte) (length >> 8), (byte) length};
        } else {
            lengthBytes = new byte[] {(byte) 0x83, (byte) (length >> 16), (byte) (length >> 8), (byte) length};
        }
        byte[] out = new byte[1 + lengthBytes.length + length];
        out[0] = (byte) tag;
        System.arraycopy(lengthBytes, 0, out, 1, lengthBytes.length);
        System.arraycopy(content, 0, out, 1 + lengthBytes.length, length);
        return out;
    }
}
