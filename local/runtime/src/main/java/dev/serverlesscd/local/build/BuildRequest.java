package dev.serverlesscd.local.build;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One local build: what {@code StartBuild} carries for a project.
 *
 * @param projectName          the CodeBuild project's name, the first part of the build id
 * @param source               the source: a directory inside a git repository (built at {@code commit}) or any directory
 * @param commit               the commit to build, or null to build the working copy (said so in the log)
 * @param buildspec            the buildspec's path, relative to the source
 * @param environment          {@code EnvironmentVariablesOverride}: RUN_ID, STAGE, TIER, COMMIT, FAIL_TESTS…; wins over the buildspec's
 * @param timeout              the whole build's time limit
 */
public record BuildRequest(String projectName, Path source, String commit, String buildspec,
        Map<String, String> environment, Duration timeout) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(60);

    public BuildRequest {
        if (projectName == null || !projectName.matches("[A-Za-z0-9][A-Za-z0-9_-]{1,254}")) {
            throw new IllegalArgumentException("project name '" + projectName + "' must be 2-255 of letters, digits, '-' and '_'");
        }
        Objects.requireNonNull(source, "source is not specified");
        if (buildspec == null || buildspec.isBlank()) {
            throw new IllegalArgumentException("buildspec is not specified");
        }
        environment = Map.copyOf(environment == null ? Map.of() : new LinkedHashMap<>(environment));
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
    }

    public String runId() {
        return environment.get("RUN_ID");
    }

    public String stage() {
        return environment.get("STAGE");
    }
}
