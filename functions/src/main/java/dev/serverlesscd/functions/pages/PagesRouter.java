package dev.serverlesscd.functions.pages;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.serverlesscd.functions.common.Json;
import dev.serverlesscd.functions.common.SecurityHeaders;
import dev.serverlesscd.functions.deploy.DeploymentRecord;
import dev.serverlesscd.functions.metrics.MetricsReport;
import dev.serverlesscd.functions.run.Run;
import dev.serverlesscd.functions.run.RunNotFoundException;
import dev.serverlesscd.functions.run.RunQuery;
import dev.serverlesscd.functions.run.RunStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The pages' routes, all GET: {@code /runs}, {@code /run?id=}, {@code /environments}, {@code /metrics}, their JSON
 * under {@code /api/...}, the badges under {@code /badges/...} (public on AWS) and the script {@code /pages.js};
 * on AWS also the public sign-in shell under {@code /pages} ({@link SignInShell}).
 * Bad input (a status that is not one, a garbled cursor, a window it cannot read) answers 400 with the reason; an
 * unknown run 404; the same in HTML for a page and in JSON for the API.
 */
public final class PagesRouter {
    /** The paths this router serves: API Gateway's routes and the local server's are made from this list. */
    public static final List<String> PAGE_PATHS = List.of("/runs", "/run", "/environments", "/metrics", "/pages.js",
            "/api/runs", "/api/run", "/api/environments", "/api/metrics");
    /** The HTML pages among them (the sign-in shell shows each under {@link SignInShell#PREFIX}). */
    public static final List<String> HTML_PAGES = List.of("/runs", "/run", "/environments", "/metrics");
    /** The badges: public, cacheable. */
    public static final List<String> BADGE_PATHS = List.of("/badges/branch.svg", "/badges/environment.svg");
    static final int PAGE_SIZE = 25;
    private static final Map<String, String> JSON = SecurityHeaders.withContentType(SecurityHeaders.PAGES,
            "application/json; charset=utf-8");
    static final Map<String, String> SCRIPT = Map.of(
            "Content-Type", "text/javascript; charset=utf-8",
            "Cache-Control", "public, max-age=300",
            "X-Content-Type-Options", "nosniff");
    private static final Map<String, String> BADGE = Map.of(
            "Content-Type", "image/svg+xml",
            "Cache-Control", "public, max-age=60",
            "X-Content-Type-Options", "nosniff",
            "Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
    static final String SCRIPT_BODY = resource("/pages/pages.js");

    private final PagesService service;
    private final SignInShell shell;

    /** The pages without sign-in (locally). */
    public PagesRouter(PagesService service) {
        this(service, null);
    }

    /** The pages with the sign-in shell under {@code /pages} (on AWS), or without it when {@code shell} is null. */
    public PagesRouter(PagesService service, SignInShell shell) {
        this.service = Objects.requireNonNull(service, "service");
        this.shell = shell;
    }

    public PageResponse route(String method, String path, Map<String, String> query) {
        Map<String, String> q = query == null ? Map.of() : query;
        boolean api = path != null && path.startsWith("/api/");
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            return problem(api, 405, "Method not allowed", "The pages are read only: GET " + path);
        }
        if (SignInShell.owns(path)) {
            String page = path.substring(SignInShell.PREFIX.length());
            return shell != null ? shell.route(path) : problem(false, 404, "Not found", "There is no sign-in here: "
                    + "these pages need none. Open " + (page.isEmpty() ? "/runs" : page) + " instead.");
        }
        try {
            return switch (path == null ? "" : path) {
                case "/", "/runs" -> html(PageViews.runs(service.runs(query(q), q.get("cursor"), PAGE_SIZE),
                        service.config()));
                case "/api/runs" -> json(service.runs(query(q), q.get("cursor"), limit(q)));
                case "/run" -> html(PageViews.run(service.run(q.get("id"))));
                case "/api/run" -> json(service.run(q.get("id")));
                case "/environments" -> html(PageViews.environments(service.environments(q.get("repository"))));
                case "/api/environments" -> json(service.environments(q.get("repository")));
                case "/metrics" -> html(PageViews.metrics(metrics(q), service.config(), q.get("repository"),
                        q.get("environment"), q.get("since")));
                case "/api/metrics" -> json(metrics(q));
                case "/badges/branch.svg" -> branchBadge(q);
                case "/badges/environment.svg" -> environmentBadge(q);
                case "/pages.js" -> new PageResponse(200, SCRIPT, SCRIPT_BODY);
                default -> problem(api, 404, "Not found", "There is no page at " + path + ".");
            };
        } catch (RunNotFoundException e) {
            return problem(api, 404, "Unknown run", e.getMessage());
        } catch (IllegalArgumentException e) {
            return problem(api, 400, "Bad request", e.getMessage());
        }
    }

    private List<MetricsReport> metrics(Map<String, String> q) {
        return service.metrics(q.get("repository"), q.get("environment"), q.get("since"));
    }

    private PageResponse branchBadge(Map<String, String> q) {
        String repository = q.get("repository");
        String branch = q.get("branch");
        if (repository == null || branch == null || !service.configured(repository, null)) {
            return new PageResponse(404, BADGE, Badges.branch(null));
        }
        return new PageResponse(200, BADGE, Badges.branch(service.latestRun(repository, branch).map(Run::status)
                .orElse(null)));
    }

    private PageResponse environmentBadge(Map<String, String> q) {
        String repository = q.get("repository");
        String environment = q.get("environment");
        if (repository == null || environment == null || !service.configured(repository, environment)) {
            return new PageResponse(404, BADGE, Badges.environment("environment", null));
        }
        Optional<DeploymentRecord> live = service.live(repository, environment);
        return new PageResponse(200, BADGE, Badges.environment(environment,
                live.map(r -> r.version() == null ? "deployed" : r.version()).orElse(null)));
    }

    static RunQuery query(Map<String, String> q) {
        String status = q.get("status");
        RunStatus parsed = null;
        if (status != null && !status.isBlank()) {
            try {
                parsed = RunStatus.valueOf(status.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("status must be one of " + Arrays.toString(RunStatus.values())
                        + " (was '" + status + "')");
            }
        }
        return new RunQuery(q.get("repository"), q.get("ref"), parsed);
    }

    private static int limit(Map<String, String> q) {
        String limit = q.get("limit");
        if (limit == null || limit.isBlank()) {
            return PAGE_SIZE;
        }
        try {
            return Integer.parseInt(limit.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("limit must be a number from 1 to 100 (was '" + limit + "')");
        }
    }

    private static PageResponse html(String body) {
        return new PageResponse(200, SecurityHeaders.PAGES, body);
    }

    private static PageResponse json(Object value) {
        try {
            return new PageResponse(200, JSON, Json.MAPPER.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the answer as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** A refusal: JSON {@code {"message": …}} for the API, a short page for a page. */
    public static PageResponse problem(boolean api, int status, String title, String message) {
        if (api) {
            return new PageResponse(status, JSON,
                    Json.MAPPER.createObjectNode().put("message", message).toString());
        }
        return new PageResponse(status, SecurityHeaders.PAGES, PageViews.problem(title, message));
    }

    static String resource(String name) {
        try (InputStream in = PagesRouter.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Resource " + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
