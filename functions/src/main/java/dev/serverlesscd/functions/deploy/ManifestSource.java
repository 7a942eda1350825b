package dev.serverlesscd.functions.deploy;

import java.util.List;

/**
 * Where a deploy finds the service's manifests at the run's commit: the files the image build stage copied from the
 * repository ({@link ArtifactManifestSource}; docs/deploy.md, "The service's manifests").
 */
public interface ManifestSource {

    /** None: every environment keeps the image-only deploy. */
    ManifestSource NONE = (runId, directory) -> List.of();

    /**
     * The {@code .yaml} and {@code .yml} files under {@code directory} (a path of the repository) at the run's
     * commit, sorted by path; empty when the commit has no such directory.
     */
    List<ManifestFile> files(String runId, String directory);
}
