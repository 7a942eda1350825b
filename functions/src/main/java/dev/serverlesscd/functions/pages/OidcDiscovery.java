package dev.serverlesscd.functions.pages;

import com.fasterxml.jackson.databind.JsonNode;
import dev.serverlesscd.functions.common.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;

/**
 * Reads an OIDC issuer's discovery document ({@code <issuer>/.well-known/openid-configuration}) for the endpoints
 * the sign-in shell needs. The document must name the same issuer (OpenID Connect Discovery 1.0, section 4.3) and
 * both endpoints; anything else is a {@link SignInUnavailableException} that says what was wrong.
 */
public final class OidcDiscovery {
    private final HttpClient http;
    private final Duration timeout;

    public OidcDiscovery(HttpClient http, Duration timeout) {
        this.http = Objects.requireNonNull(http, "http");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** A client that follows no redirects and gives up after three seconds. */
    public static OidcDiscovery jdk() {
        Duration timeout = Duration.ofSeconds(3);
        return new OidcDiscovery(HttpClient.newBuilder().connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build(), timeout);
    }

    public SignInSettings discover(URI issuer, String clientId, String scopes, URI logoutUrl) {
        String base = issuer.toString().replaceAll("/+$", "");
        URI document = URI.create(base + "/.well-known/openid-configuration");
        JsonNode body;
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(document).timeout(timeout)
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new SignInUnavailableException("The issuer's discovery document " + document + " answered HTTP "
                        + response.statusCode());
            }
            body = Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new SignInUnavailableException("The issuer's discovery document " + document + " could not be read: "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SignInUnavailableException("Interrupted while reading " + document, e);
        }
        String named = body.path("issuer").asText("").replaceAll("/+$", "");
        if (!named.equals(base)) {
            throw new SignInUnavailableException("The discovery document " + document + " names issuer '" + named
                    + "', not " + base);
        }
        String authorization = body.path("authorization_endpoint").asText("");
        String token = body.path("token_endpoint").asText("");
        if (authorization.isEmpty() || token.isEmpty()) {
            throw new SignInUnavailableException("The discovery document " + document
                    + " names no authorization_endpoint or token_endpoint");
        }
        try {
            return new SignInSettings(URI.create(authorization), URI.create(token), clientId, scopes, logoutUrl);
        } catch (IllegalArgumentException e) {
            throw new SignInUnavailableException("The discovery document " + document + ": " + e.getMessage(), e);
        }
    }

    /** The sign-in cannot be offered: the message says why, for the shell's page and the log. */
    public static final class SignInUnavailableException extends RuntimeException {
        public SignInUnavailableException(String message) {
            super(message);
        }

        public SignInUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
