package dev.serverlesscd.functions.approval;

import com.fasterxml.jackson.databind.JsonNode;
import dev.serverlesscd.functions.config.EnvironmentTarget;
import dev.serverlesscd.functions.run.Contributor;
import java.util.List;

/**
 * The {@code RequestApproval} task's request (docs/architecture.md): the task token to answer, and the evidence an
 * approver decides on. {@code gate} is the gate verdict as {@code Gates} answered it. {@code contributors}: the
 * pusher and the authors of the run's commits (the execution input's), who cannot approve it; {@code author} too.
 */
public record ApprovalRequest(
        String taskToken,
        String runId,
        String repository,
        String commit,
        String author,
        List<Contributor> contributors,
        String version,
        EnvironmentTarget environment,
        Image image,
        JsonNode gate) {

    public ApprovalRequest {
        contributors = contributors == null ? List.of() : List.copyOf(contributors);
    }

    /** The image to deploy, by digest. */
    public record Image(String imageUri, String digest) {
    }
}
