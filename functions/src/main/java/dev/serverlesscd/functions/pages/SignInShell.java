package dev.serverlesscd.functions.pages;

import dev.serverlesscd.functions.common.SecurityHeaders;
import dev.serverlesscd.functions.pages.OidcDiscovery.SignInUnavailableException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pages' public sign-in shell on AWS, where the pages themselves are behind a JWT authorizer that a browser's
 * navigation cannot satisfy. {@code /pages/<page>} (runs, run, environments, metrics) answers one static page whose
 * script, {@code /pages/shell.js}, signs in with the OIDC authorization code flow and PKCE (the answer comes back to
 * {@code /pages/callback}), keeps the tokens in the tab's sessionStorage, fetches {@code /<page>} with
 * {@code Authorization: Bearer} and shows its {@code <main>}; a running run keeps updating through the same
 * fetches ({@code /pages/pages.js}). The shell's answers are the same for everyone and carry no token: the server
 * never sees one here. Locally the pages need no sign-in and the shell is not served.
 */
public final class SignInShell {
    /** Where the shell lives: {@code /pages} and {@code /pages/<page>} show {@code /runs} and {@code /<page>}. */
    public static final String PREFIX = "/pages";
    /** Where the issuer sends the browser back with the authorization code. */
    public static final String CALLBACK = PREFIX + "/callback";
    /** Where signing out ends. */
    public static final String SIGNED_OUT = PREFIX + "/signed-out";
    static final String SCRIPT_PATH = PREFIX + "/shell.js";
    /** The pages' own script, public under the shell's prefix (the shell's live updates use it). */
    static final String PAGES_SCRIPT_PATH = PREFIX + "/pages.js";
    /** The public routes of the shell: static answers only. */
    public static final List<String> PATHS = paths();

    private static final Logger LOG = LoggerFactory.getLogger(SignInShell.class);
    private static final String SCRIPT_BODY = PagesRouter.resource("/pages/shell.js");

    /** Where the settings come from: given, or read from the issuer's discovery document when first needed. */
    @FunctionalInterface
    public interface Source {
        SignInSettings settings();
    }

    private final Source source;
    private volatile SignInSettings settings;

    public SignInShell(Source source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    public static SignInShell of(SignInSettings settings) {
        Objects.requireNonNull(settings, "settings");
        return new SignInShell(() -> settings);
    }

    /** Whether {@code path} is the shell's to answer. */
    public static boolean owns(String path) {
        return path != null && (path.equals(PREFIX) || path.startsWith(PREFIX + "/"));
    }

    PageResponse route(String path) {
        if (path.equals(SCRIPT_PATH)) {
            return new PageResponse(200, PagesRouter.SCRIPT, SCRIPT_BODY);
        }
        if (path.equals(PAGES_SCRIPT_PATH)) {
            return new PageResponse(200, PagesRouter.SCRIPT, PagesRouter.SCRIPT_BODY);
        }
        if (!PATHS.contains(path)) {
            return PagesRouter.problem(false, 404, "Not found", "There is no page at " + path + ".");
        }
        SignInSettings current;
        try {
            current = settings();
        } catch (SignInUnavailableException e) {
            LOG.error("Sign-in unavailable: {}", e.getMessage(), e);
            return PagesRouter.problem(false, 502, "Sign-in unavailable", e.getMessage());
        }
        return new PageResponse(200, SecurityHeaders.signInShell(current.tokenOrigin()),
                PageViews.shell(attributes(current)));
    }

    private SignInSettings settings() {
        SignInSettings known = settings;
        if (known == null) {
            known = source.settings();
            settings = known;
        }
        return known;
    }

    /** What the script reads from the page's {@code <body>}: the client, the endpoints, the pages it may show. */
    private static Map<String, String> attributes(SignInSettings s) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("data-authorize", s.authorizationEndpoint().toString());
        attributes.put("data-token", s.tokenEndpoint().toString());
        attributes.put("data-client-id", s.clientId());
        attributes.put("data-scope", s.scopes());
        if (s.logoutUrl() != null) {
            attributes.put("data-logout", s.logoutUrl().toString());
        }
        attributes.put("data-pages", String.join(" ", PagesRouter.HTML_PAGES));
        return attributes;
    }

    private static List<String> paths() {
        List<String> paths = new ArrayList<>(List.of(PREFIX));
        PagesRouter.HTML_PAGES.forEach(page -> paths.add(PREFIX + page));
        paths.addAll(List.of(CALLBACK, SIGNED_OUT, SCRIPT_PATH, PAGES_SCRIPT_PATH));
        return List.copyOf(paths);
    }
}
