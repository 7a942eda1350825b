package dev.serverlesscd.functions.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesscd.functions.common.Env;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class DeployConfigTest {

    @Test
    void from_shouldNameTheMissingTable() {
        assertThatThrownBy(() -> DeployConfig.from(new Env(Map.of("CLUSTER_NAME", "pipeline"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Environment variable TABLE_NAME is not set");
    }

    @Test
    void from_shouldNameEveryWayToReachACluster_whenNoneIsSet() {
        assertThatThrownBy(() -> DeployConfig.from(new Env(Map.of("TABLE_NAME", "pipeline"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CLUSTER_NAME is not set (nor KUBE_CONTEXT or KUBE_MASTER_URL)");
    }

    @Test
    void from_shouldPreferAnExplicitApiServerUrl() {
        // GIVEN
        DeployConfig config = DeployConfig.from(new Env(Map.of("TABLE_NAME", "pipeline", "CLUSTER_NAME", "eks-prod",
                "KUBE_MASTER_URL", "http://127.0.0.1:6443")));

        // THEN
        assertThat(config.cluster().describe()).isEqualTo("API server http://127.0.0.1:6443");
        assertThat(config.healthEndpoints().baseUrl(new DeploymentRef("orders", "orders"))).isEmpty();
    }
}
