package dev.serverlesscd.functions.deploy;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The Deploy and Rollback answer (docs/architecture.md): what is set now, what it replaced, the generation to follow;
 * for a release applied from manifests also its revision number and what changed since the revision before (images,
 * replicas, configuration keys; never values). Both are left out for an image-only deploy.
 */
public record DeployResult(String environment, String namespace, String deployment, String image, String previousImage,
                           long generation, @JsonInclude(JsonInclude.Include.NON_NULL) Integer revision,
                           @JsonInclude(JsonInclude.Include.NON_NULL) List<String> changes) {

    /** An image-only deploy or rollback. */
    public DeployResult(String environment, String namespace, String deployment, String image, String previousImage,
                        long generation) {
        this(environment, namespace, deployment, image, previousImage, generation, null, null);
    }
}
