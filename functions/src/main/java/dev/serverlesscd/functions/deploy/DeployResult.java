package dev.serverlesscd.functions.deploy;

/** The Deploy and Rollback answer (docs/architecture.md): what is set now, what it replaced, the generation to follow. */
public record DeployResult(String environment, String namespace, String deployment, String image, String previousImage,
                           long generation) {
}
