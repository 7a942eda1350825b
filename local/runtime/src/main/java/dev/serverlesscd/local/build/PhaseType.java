package dev.serverlesscd.local.build;

import java.util.Optional;

/** CodeBuild's build phases, in order; the four of them a buildspec declares have a key. */
public enum PhaseType {
    SUBMITTED(null),
    QUEUED(null),
    PROVISIONING(null),
    DOWNLOAD_SOURCE(null),
    INSTALL("install"),
    PRE_BUILD("pre_build"),
    BUILD("build"),
    POST_BUILD("post_build"),
    UPLOAD_ARTIFACTS(null),
    FINALIZING(null),
    COMPLETED(null);

    private final String buildspecKey;

    PhaseType(String buildspecKey) {
        this.buildspecKey = buildspecKey;
    }

    public static Optional<PhaseType> ofBuildspecKey(String key) {
        for (PhaseType type : values()) {
            if (key.equals(type.buildspecKey)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
