package dev.serverlesscd.functions.deploy;

import dev.serverlesscd.functions.common.AwsClients;
import dev.serverlesscd.functions.common.Env;
import dev.serverlesscd.functions.run.DynamoDbRunStore;
import dev.serverlesscd.functions.webhook.BranchSupersession;
import java.time.Clock;
import java.time.Duration;

/**
 * The deploy functions' configuration, read once at cold start: {@code TABLE_NAME}, the cluster
 * ({@link ClusterConnection}), and the optional {@code HEALTH_BASE_URLS} ({@link HealthEndpoints}).
 */
public record DeployConfig(String tableName, ClusterConnection cluster, HealthEndpoints healthEndpoints) {

    public static DeployConfig from(Env env) {
        return new DeployConfig(env.require("TABLE_NAME"), ClusterConnection.from(env),
                HealthEndpoints.parse(env.optional(HealthEndpoints.VARIABLE).orElse(null)));
    }

    /**
     * The service on real clients: DynamoDB through the SDK's default chain, Kubernetes as configured, supersession
     * from the run records and the branch items on the same table,
     * the environment locks on it too.
     */
    public DeployService service() {
        return new DeployService(
                new KubernetesCluster(KubernetesClients.connect(cluster)),
                new DynamoDbDeploymentHistory(AwsClients.dynamoDb(), tableName),
                healthEndpoints,
                new JdkHttpProbe(Duration.ofSeconds(5)),
                BranchSupersession.onTable(AwsClients.dynamoDb(), tableName,
                        new DynamoDbRunStore(AwsClients.dynamoDb(), tableName)),
                new DynamoDbEnvironmentLocks(AwsClients.dynamoDb(), tableName),
                Clock.systemUTC());
    }
}
