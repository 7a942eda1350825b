package dev.serverlesscd.functions.deploy;

import dev.serverlesscd.functions.common.Env;
import dev.serverlesscd.functions.common.EnvironmentVariables;
import java.util.Optional;

/**
 * How the deploy functions reach Kubernetes, from the environment, first match wins:
 * {@code KUBE_MASTER_URL} (an API server URL, e.g. the local runtime's embedded one), {@code KUBE_CONTEXT}
 * (a kubeconfig context), {@code CLUSTER_NAME} (an EKS cluster: DescribeCluster for endpoint and CA, an IAM token).
 */
public record ClusterConnection(String masterUrl, String kubeContext, String eksClusterName) {
    public static final String MASTER_URL = EnvironmentVariables.KUBE_MASTER_URL;
    public static final String CONTEXT = EnvironmentVariables.KUBE_CONTEXT;
    public static final String CLUSTER_NAME = EnvironmentVariables.CLUSTER_NAME;

    public static ClusterConnection from(Env env) {
        Optional<String> master = env.optional(MASTER_URL);
        Optional<String> context = env.optional(CONTEXT);
        Optional<String> eks = env.optional(CLUSTER_NAME);
        if (master.isEmpty() && context.isEmpty() && eks.isEmpty()) {
            throw new IllegalStateException("Environment variable " + CLUSTER_NAME + " is not set (nor " + CONTEXT
                    + " or " + MASTER_URL + "): the deploy functions need a cluster");
        }
        return new ClusterConnection(master.orElse(null), context.orElse(null), eks.orElse(null));
    }

    public String describe() {
        if (masterUrl != null) {
            return "API server " + masterUrl;
        }
        if (kubeContext != null) {
            return "kubeconfig context " + kubeContext;
        }
        return "EKS cluster " + eksClusterName;
    }
}
