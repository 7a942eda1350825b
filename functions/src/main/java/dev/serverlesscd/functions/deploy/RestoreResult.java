package dev.serverlesscd.functions.deploy;

/**
 * The Restore answer (docs/architecture.md, "Manual rollback"): the image set now and the version and commit it was
 * deployed as, what it replaced, and the generation to follow.
 */
public record RestoreResult(String environment, String namespace, String deployment, String image, String previousImage,
                            long generation, String commit, String version) {
}
