package dev.serverlesscd.functions.pages;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Where a check build's log can be read, from its build id ({@code <project>:<uuid>}): CodeBuild's console on AWS,
 * the local runtime's log file locally. Null when the id is not a build id.
 */
@FunctionalInterface
public interface BuildLogLinks {

    String of(String buildId);

    /** CodeBuild's console in {@code region}. */
    static BuildLogLinks codeBuildConsole(String region) {
        return buildId -> {
            int colon = buildId == null ? -1 : buildId.indexOf(':');
            if (colon < 1) {
                return null;
            }
            return "https://console.aws.amazon.com/codesuite/codebuild/projects/" + buildId.substring(0, colon)
                    + "/build/" + URLEncoder.encode(buildId, StandardCharsets.UTF_8) + "/log?region=" + region;
        };
    }

    /** The local runtime's log files: {@code <workspace>/logs/<project>/<uuid>.log}. */
    static BuildLogLinks localFiles(Path workspace) {
        return buildId -> {
            int colon = buildId == null ? -1 : buildId.indexOf(':');
            if (colon < 1 || buildId.indexOf('/') >= 0 || buildId.contains("..")) {
                return null;
            }
            return workspace.toAbsolutePath().resolve("logs").resolve(buildId.substring(0, colon))
                    .resolve(buildId.substring(colon + 1) + ".log").toUri().toString();
        };
    }
}
