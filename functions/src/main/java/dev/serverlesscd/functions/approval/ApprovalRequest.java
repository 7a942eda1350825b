package dev.serverlesscd.functions.approval;

import com.fasterxml.jackson.databind.JsonNode;
import dev.serverlesscd.functions.config.EnvironmentTarget;

/**
 * The {@code RequestApproval} task's request (docs/architecture.md): the task token to answer, and the evidence an
 * approver decides on. {@code gate} is the gate verdict as {@code Gates} answered it.
 */
public record ApprovalRequest(
        String taskToken,
        String runId,
        String repository,
        String commit,
        String author,
        String version,
        EnvironmentTarget environment,
        Image image,
        JsonNode gate) {

    /** The image to deploy, by digest. */
    public record Image(String imageUri, String digest) {
    }
}
