package dev.serverlesscd.functions.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One environment a run deploys to, in the order the policy lists them: where the service lives in the cluster,
 * how its health is checked, who must approve before it changes, how long it bakes ({@link BakeConfig}; null: no
 * bake period), and what its deploy applies ({@link ManifestSettings}).
 */
public record EnvironmentTarget(
        String name,
        String namespace,
        String deployment,
        String container,
        String healthPath,
        int requiredApprovals,
        List<String> approvers,
        @JsonInclude(JsonInclude.Include.NON_NULL) BakeConfig bake,
        @JsonInclude(JsonInclude.Include.NON_NULL) ManifestSettings manifests) {

    public EnvironmentTarget {
        approvers = approvers == null ? List.of() : List.copyOf(approvers);
    }

    /** An environment without a bake period or manifest settings ({@code deploy/<name>} if the commit has it). */
    public EnvironmentTarget(String name, String namespace, String deployment, String container, String healthPath,
                             int requiredApprovals, List<String> approvers) {
        this(name, namespace, deployment, container, healthPath, requiredApprovals, approvers, null, null);
    }

    /** An environment with a bake period, without manifest settings. */
    public EnvironmentTarget(String name, String namespace, String deployment, String container, String healthPath,
                             int requiredApprovals, List<String> approvers, BakeConfig bake) {
        this(name, namespace, deployment, container, healthPath, requiredApprovals, approvers, bake, null);
    }

    /** An environment with manifest settings, without a bake period. */
    public EnvironmentTarget(String name, String namespace, String deployment, String container, String healthPath,
                             int requiredApprovals, List<String> approvers, ManifestSettings manifests) {
        this(name, namespace, deployment, container, healthPath, requiredApprovals, approvers, null, manifests);
    }

    /** The manifest settings, defaults when none were configured. */
    public ManifestSettings manifestSettings() {
        return manifests == null ? new ManifestSettings(null, null, null) : manifests;
    }
}
