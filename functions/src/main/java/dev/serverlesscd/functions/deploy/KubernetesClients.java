package dev.serverlesscd.functions.deploy;

import dev.serverlesscd.functions.common.AwsClients;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Clock;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.Cluster;

/** Builds the one Fabric8 client a container uses, as {@link ClusterConnection} says. */
public final class KubernetesClients {
    private KubernetesClients() {
    }

    public static KubernetesClient connect(ClusterConnection connection) {
        Config config;
        if (connection.masterUrl() != null) {
            config = new ConfigBuilder(Config.empty()).withMasterUrl(connection.masterUrl()).build();
        } else if (connection.kubeContext() != null) {
            config = Config.autoConfigure(connection.kubeContext());
        } else {
            config = eks(connection.eksClusterName());
        }
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** Endpoint and CA from DescribeCluster; the token from {@link EksTokenProvider}, refreshed as it ages. */
    private static Config eks(String clusterName) {
        var region = new DefaultAwsRegionProviderChain().getRegion();
        Cluster cluster;
        try (EksClient eks = EksClient.builder().httpClient(AwsClients.http()).region(region).build()) {
            cluster = eks.describeCluster(r -> r.name(clusterName)).cluster();
        }
        if (cluster.endpoint() == null || cluster.certificateAuthority() == null) {
            throw new IllegalStateException("EKS cluster " + clusterName + " has no endpoint or CA yet (status "
                    + cluster.statusAsString() + ")");
        }
        return new ConfigBuilder(Config.empty())
                .withMasterUrl(cluster.endpoint())
                .withCaCertData(cluster.certificateAuthority().data())
                .withOauthTokenProvider(new EksTokenProvider(clusterName, region,
                        DefaultCredentialsProvider.builder().build(), Clock.systemUTC()))
                .build();
    }
}
