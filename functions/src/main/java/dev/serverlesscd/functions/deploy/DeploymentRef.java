package dev.serverlesscd.functions.deploy;

import java.util.regex.Pattern;

/** A Deployment in a namespace: the names are checked as Kubernetes would (DNS-1123 labels and subdomains). */
public record DeploymentRef(String namespace, String deployment) {
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern SUBDOMAIN =
            Pattern.compile("(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    public DeploymentRef {
        if (namespace == null || namespace.isBlank()) {
            throw new InvalidDeployRequestException("namespace is missing");
        }
        if (!LABEL.matcher(namespace).matches()) {
            throw new InvalidDeployRequestException("namespace '" + namespace
                    + "' is not a valid Kubernetes namespace name (lower case letters, digits and '-', at most 63)");
        }
        if (deployment == null || deployment.isBlank()) {
            throw new InvalidDeployRequestException("deployment is missing (namespace " + namespace + ")");
        }
        if (!SUBDOMAIN.matcher(deployment).matches()) {
            throw new InvalidDeployRequestException("deployment '" + deployment
                    + "' is not a valid Kubernetes object name (lower case letters, digits, '-' and '.')");
        }
    }

    @Override
    public String toString() {
        return namespace + "/" + deployment;
    }
}
