package dev.serverlesscd.functions.deploy;

import dev.serverlesscd.functions.common.Env;
import dev.serverlesscd.functions.common.EnvironmentVariables;

/**
 * The deploy functions' configuration, read once at cold start: {@code TABLE_NAME}, the cluster
 * ({@link ClusterConnection}), and the optional {@code HEALTH_BASE_URLS} ({@link HealthEndpoints}).
 */
public record DeployConfig(String tableName, ClusterConnection cluster, HealthEndpoints healthEndpoints) {

    public static DeployConfig from(Env env) {
        return new DeployConfig(env.require(EnvironmentVariables.TABLE_NAME), ClusterConnection.from(env),
                HealthEndpoints.parse(env.optional(HealthEndpoints.VARIABLE).orElse(null)));
    }
}
