package dev.serverlesscd.functions.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One environment a run deploys to, in the order the policy lists them: where the service lives in the cluster,
 * how its health is checked, who must approve before it changes, and what its deploy applies ({@link ManifestSettings}).
 */
public record EnvironmentTarget(
        String name,
        String namespace,
        String deployment,
        String container,
        String healthPath,
        int requiredApprovals,
        List<String> approvers,
        @JsonInclude(JsonInclude.Include.NON_NULL) ManifestSettings manifests) {

    public EnvironmentTarget {
        approvers = approvers == null ? List.of() : List.copyOf(approvers);
    }

    /** An environment without manifest settings: {@code deploy/<name>} if the commit has it, defaults over it. */
    public EnvironmentTarget(String name, String namespace, String deployment, String container, String healthPath,
                             int requiredApprovals, List<String> approvers) {
        this(name, namespace, deployment, container, healthPath, requiredApprovals, approvers, null);
    }

    /** The manifest settings, defaults when none were configured. */
    public ManifestSettings manifestSettings() {
        return manifests == null ? new ManifestSettings(null, null, null) : manifests;
    }
}
