package dev.serverlesscd.functions.deploy;

/** The Deployment (or its container) the environment names does not exist in the cluster. */
public class DeploymentNotFoundException extends DeployException {
    public DeploymentNotFoundException(DeploymentRef ref) {
        super("Deploy.DeploymentNotFound", "deployment " + ref + " not found (namespace " + ref.namespace()
                + ", deployment " + ref.deployment() + ")");
    }

    public DeploymentNotFoundException(DeploymentRef ref, String container, java.util.List<String> containers) {
        super("Deploy.DeploymentNotFound", "deployment " + ref + " has no container '" + container
                + "' (its containers: " + String.join(", ", containers) + ")");
    }
}
