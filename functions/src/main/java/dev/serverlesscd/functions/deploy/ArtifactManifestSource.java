package dev.serverlesscd.functions.deploy;

import dev.serverlesscd.functions.reports.ReportSource;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The manifests as the image build left them: its buildspec copies the repository's {@code deploy/} folder (or any
 * other manifest directory) to {@code reports/build/manifests/<path>}, which reaches {@code runs/<runId>/build/} like
 * every report (S3 on AWS, the workspace locally). So the manifests applied are the commit's, read where the run's
 * other artifacts are read, and the deploy needs no access to the repository.
 */
public final class ArtifactManifestSource implements ManifestSource {
    /** The build stage whose artifacts hold the manifests. */
    public static final String STAGE = "build";
    /** The folder of the build's artifacts that mirrors the repository's manifest directories. */
    public static final String FOLDER = "manifests/";

    private final Supplier<ReportSource> artifacts;

    /** On the run's artifacts, asked for when a deploy first reads manifests (a rollout check never does). */
    public ArtifactManifestSource(Supplier<ReportSource> artifacts) {
        this.artifacts = Objects.requireNonNull(artifacts, "artifacts");
    }

    @Override
    public List<ManifestFile> files(String runId, String directory) {
        String prefix = FOLDER + directory + "/";
        return artifacts.get().fetch(runId, STAGE).files().stream()
                .filter(file -> file.path().startsWith(prefix))
                .filter(file -> file.hasExtension("yaml") || file.hasExtension("yml"))
                .map(file -> new ManifestFile(file.path().substring(FOLDER.length()), file.text()))
                .toList();
    }

}
