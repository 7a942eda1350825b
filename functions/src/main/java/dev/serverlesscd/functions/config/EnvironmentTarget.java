package dev.serverlesscd.functions.config;

import java.util.List;

/**
 * One environment a run deploys to, in the order the policy lists them: where the service lives in the cluster,
 * how its health is checked, and who must approve before it changes.
 */
public record EnvironmentTarget(
        String name,
        String namespace,
        String deployment,
        String container,
        String healthPath,
        int requiredApprovals,
        List<String> approvers) {

    public EnvironmentTarget {
        approvers = approvers == null ? List.of() : List.copyOf(approvers);
    }
}
