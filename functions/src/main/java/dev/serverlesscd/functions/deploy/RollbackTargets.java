package dev.serverlesscd.functions.deploy;

import java.util.List;
import java.util.Objects;

/**
 * What a manual rollback may go back to: only a deployment that SUCCEEDED in that environment before (rolled out and
 * healthy there), found in the deployment history. A target it cannot find is refused with
 * {@link NoRollbackTargetException}, naming what was looked for and the versions that are known good.
 */
final class RollbackTargets {
    /** How many known good versions a refusal names. */
    static final int KNOWN_LIMIT = 10;

    private final DeploymentHistory history;

    RollbackTargets(DeploymentHistory history) {
        this.history = Objects.requireNonNull(history, "history");
    }

    /**
     * With a version: the newest SUCCEEDED deployment of that version. Without one (null or blank): the newest
     * SUCCEEDED deployment whose image is not {@code liveImage}, the last good one other than what runs now.
     */
    DeploymentRecord find(String environment, DeploymentRef ref, String version, String liveImage) {
        if (version != null && !version.isBlank()) {
            return history.lastSucceededVersion(ref, version).orElseThrow(() -> new NoRollbackTargetException(
                    "no successful deployment of version " + version + " in " + environment + " (" + ref + "); "
                            + known(ref)));
        }
        return history.lastSucceeded(ref, liveImage).orElseThrow(() -> new NoRollbackTargetException(
                "no successful deployment in " + environment + " (" + ref + ") other than the live image " + liveImage
                        + "; " + known(ref)));
    }

    /** {@code known: v1.3.0, v1.2.1} (distinct versions, newest first), or {@code known: none}. */
    private String known(DeploymentRef ref) {
        List<String> versions = history.succeeded(ref, 50).stream()
                .map(r -> r.version() == null ? r.image() : r.version())
                .distinct()
                .limit(KNOWN_LIMIT)
                .toList();
        return "known: " + (versions.isEmpty() ? "none (no deployment there ever succeeded)" : String.join(", ", versions));
    }
}
