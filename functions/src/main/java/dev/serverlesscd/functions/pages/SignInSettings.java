package dev.serverlesscd.functions.pages;

import static dev.serverlesscd.functions.common.EnvironmentVariables.PAGES_SIGN_IN_AUTHORIZATION_URL;
import static dev.serverlesscd.functions.common.EnvironmentVariables.PAGES_SIGN_IN_CLIENT_ID;
import static dev.serverlesscd.functions.common.EnvironmentVariables.PAGES_SIGN_IN_ISSUER;
import static dev.serverlesscd.functions.common.EnvironmentVariables.PAGES_SIGN_IN_LOGOUT_URL;
import static dev.serverlesscd.functions.common.EnvironmentVariables.PAGES_SIGN_IN_SCOPES;
import static dev.serverlesscd.functions.common.EnvironmentVariables.PAGES_SIGN_IN_TOKEN_URL;

import dev.serverlesscd.functions.common.Env;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the sign-in shell needs to run the OIDC authorization code flow with PKCE in the browser: the public client's
 * id, the scopes it asks for, the issuer's authorization and token endpoints, and where signing out goes (null: the
 * shell only forgets its tokens). Endpoints are https, or http on the loopback address (a test's issuer).
 */
public record SignInSettings(URI authorizationEndpoint, URI tokenEndpoint, String clientId, String scopes,
                             URI logoutUrl) {
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]");

    public SignInSettings {
        Objects.requireNonNull(clientId, "clientId");
        requireEndpoint("the authorization endpoint", authorizationEndpoint);
        requireEndpoint("the token endpoint", tokenEndpoint);
        if (logoutUrl != null) {
            requireEndpoint("the sign-out URL", logoutUrl);
        }
        scopes = scopes == null || scopes.isBlank() ? "openid" : scopes.trim();
    }

    /** The origin of the token endpoint, which the shell's content security policy lets it call. */
    public String tokenOrigin() {
        return tokenEndpoint.getScheme() + "://" + tokenEndpoint.getRawAuthority();
    }

    /**
     * The settings the stack gives the pages function, if it gives any ({@code PAGES_SIGN_IN_CLIENT_ID} set): the
     * endpoints from {@code PAGES_SIGN_IN_AUTHORIZATION_URL} and {@code PAGES_SIGN_IN_TOKEN_URL}, or, without them,
     * from the discovery document of {@code PAGES_SIGN_IN_ISSUER}, read when the shell is first asked for.
     */
    public static Optional<SignInShell.Source> fromEnvironment(Env env, OidcDiscovery discovery) {
        Optional<String> clientId = env.optional(PAGES_SIGN_IN_CLIENT_ID);
        if (clientId.isEmpty()) {
            return Optional.empty();
        }
        String scopes = env.optional(PAGES_SIGN_IN_SCOPES).orElse(null);
        URI logout = env.optional(PAGES_SIGN_IN_LOGOUT_URL).map(v -> uri(PAGES_SIGN_IN_LOGOUT_URL, v)).orElse(null);
        Optional<String> authorization = env.optional(PAGES_SIGN_IN_AUTHORIZATION_URL);
        Optional<String> token = env.optional(PAGES_SIGN_IN_TOKEN_URL);
        if (authorization.isPresent() && token.isPresent()) {
            SignInSettings settings;
            try {
                settings = new SignInSettings(uri(PAGES_SIGN_IN_AUTHORIZATION_URL, authorization.get()),
                        uri(PAGES_SIGN_IN_TOKEN_URL, token.get()), clientId.get(), scopes, logout);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("The pages' sign-in settings: " + e.getMessage(), e);
            }
            return Optional.of(() -> settings);
        }
        if (authorization.isPresent() || token.isPresent()) {
            throw new IllegalStateException("Environment variables " + PAGES_SIGN_IN_AUTHORIZATION_URL + " and "
                    + PAGES_SIGN_IN_TOKEN_URL + " go together (or neither, to read them from "
                    + PAGES_SIGN_IN_ISSUER + "'s discovery document)");
        }
        URI issuer = uri(PAGES_SIGN_IN_ISSUER, env.require(PAGES_SIGN_IN_ISSUER));
        return Optional.of(() -> discovery.discover(issuer, clientId.get(), scopes, logout));
    }

    private static URI uri(String name, String value) {
        try {
            return URI.create(value.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Environment variable " + name + ": '" + value + "' is not a URL", e);
        }
    }

    private static void requireEndpoint(String what, URI uri) {
        Objects.requireNonNull(uri, what);
        boolean https = "https".equals(uri.getScheme()) && uri.getHost() != null;
        boolean loopback = "http".equals(uri.getScheme()) && uri.getHost() != null
                && LOOPBACK.contains(uri.getHost());
        if (!https && !loopback) {
            throw new IllegalArgumentException(what + " '" + uri + "' must be an https URL");
        }
    }
}
