package dev.serverlesscd.functions.common;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The response headers of the system's HTML: no caching, no referrer, no framing, no sniffing, and a content
 * security policy that allows only what the page needs. The approval page has no script; the run pages load one
 * script of their own ({@code /pages.js}) and call their own JSON API; their sign-in shell on AWS may also call the
 * OIDC issuer's token endpoint.
 */
public final class SecurityHeaders {
    /** The approval page: a form and inline style, nothing else. */
    public static final Map<String, String> APPROVAL_PAGE = html(
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'");
    /** The run pages: the same, plus their own script, fetches to their own API, and filter forms. */
    public static final Map<String, String> PAGES = html(pagesPolicy("'self'"));

    private SecurityHeaders() {
    }

    /**
     * The pages' sign-in shell on AWS: the run pages' policy, and its script may also call the OIDC issuer's token
     * endpoint ({@code tokenOrigin}, such as {@code https://pages.auth.eu-west-1.amazoncognito.com}). The issuer's
     * sign-in page is reached by navigation, which the policy does not restrict.
     */
    public static Map<String, String> signInShell(String tokenOrigin) {
        if (!tokenOrigin.matches("https?://[A-Za-z0-9.\\[\\]:-]+")) {
            throw new IllegalArgumentException("'" + tokenOrigin + "' is not an origin (scheme://host[:port])");
        }
        return html(pagesPolicy("'self' " + tokenOrigin));
    }

    private static String pagesPolicy(String connect) {
        return "default-src 'none'; style-src 'unsafe-inline'; script-src 'self'; connect-src " + connect
                + "; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    }

    private static Map<String, String> html(String policy) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "text/html; charset=utf-8");
        headers.put("Cache-Control", "no-store");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("X-Frame-Options", "DENY");
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Content-Security-Policy", policy);
        return Map.copyOf(headers);
    }

    /** The same headers with another content type (the pages' JSON and script). */
    public static Map<String, String> withContentType(Map<String, String> headers, String contentType) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put("Content-Type", contentType);
        return Map.copyOf(copy);
    }
}
