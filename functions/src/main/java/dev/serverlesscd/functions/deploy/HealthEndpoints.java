package dev.serverlesscd.functions.deploy;

import dev.serverlesscd.functions.common.EnvironmentVariables;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where each Deployment answers HTTP from where the health check runs: a base URL per {@code namespace/deployment}.
 * Configured with {@code HEALTH_BASE_URLS=orders-staging/orders=https://orders.staging.example.com,...}; a
 * Deployment without one gets no HTTP probe, and its health detail says so.
 */
public final class HealthEndpoints {
    public static final String VARIABLE = EnvironmentVariables.HEALTH_BASE_URLS;
    private final Map<String, URI> baseUrls;

    public HealthEndpoints(Map<String, URI> baseUrls) {
        this.baseUrls = Map.copyOf(baseUrls);
    }

    public static HealthEndpoints none() {
        return new HealthEndpoints(Map.of());
    }

    /** Parses {@code ns/deployment=url} pairs separated by commas; fails naming the entry that is wrong. */
    public static HealthEndpoints parse(String spec) {
        Map<String, URI> urls = new LinkedHashMap<>();
        if (spec == null || spec.isBlank()) {
            return new HealthEndpoints(urls);
        }
        for (String entry : spec.split(",")) {
            String trimmed = entry.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            int eq = trimmed.indexOf('=');
            int slash = trimmed.indexOf('/');
            if (eq < 0 || slash < 0 || slash > eq) {
                throw new IllegalStateException(VARIABLE + " entry '" + trimmed
                        + "' is not <namespace>/<deployment>=<base URL>");
            }
            String key = trimmed.substring(0, eq).strip();
            DeploymentRef ref = new DeploymentRef(key.substring(0, key.indexOf('/')), key.substring(key.indexOf('/') + 1));
            URI url;
            try {
                url = URI.create(trimmed.substring(eq + 1).strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(VARIABLE + " entry '" + trimmed + "' has an invalid URL: " + e.getMessage());
            }
            if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
                throw new IllegalStateException(VARIABLE + " entry '" + trimmed + "' needs an http or https URL");
            }
            urls.put(ref.toString(), url);
        }
        return new HealthEndpoints(urls);
    }

    public Optional<URI> baseUrl(DeploymentRef ref) {
        return Optional.ofNullable(baseUrls.get(ref.toString()));
    }

    /** The base URL joined with the path: {@code https://host/base} and {@code /health} give {@code https://host/base/health}. */
    public static URI resolve(URI base, String path) {
        String b = base.toString().replaceAll("/+$", "");
        String p = path.startsWith("/") ? path : "/" + path;
        return URI.create(b + p);
    }
}
