package dev.serverlesscd.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesscd.local.cluster.EmbeddedCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With a kubeconfig context the local runtime deploys there instead of to its embedded, simulated cluster. */
@Tag("e2e")
class KubeContextTest {
    @TempDir
    Path dir;
    EmbeddedCluster server;
    String apiServer;
    String previousKubeconfig;

    @BeforeEach
    void start() throws Exception {
        // GIVEN an API server standing in for a team's cluster, and a kubeconfig with a context for it
        server = EmbeddedCluster.start(List.of(), "registry.local/none:0");
        apiServer = server.masterUrl();
        Path kubeconfig = dir.resolve("config");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: mock
                  cluster: {server: "%s"}
                users:
                - name: someone
                  user: {token: local}
                contexts:
                - name: team-dev
                  context: {cluster: mock, user: someone}
                current-context: team-dev
                """.formatted(apiServer));
        previousKubeconfig = System.getProperty("kubeconfig");
        System.setProperty("kubeconfig", kubeconfig.toString());
    }

    @AfterEach
    void stop() {
        if (previousKubeconfig == null) {
            System.clearProperty("kubeconfig");
        } else {
            System.setProperty("kubeconfig", previousKubeconfig);
        }
        server.close();
    }

    @Test
    void connect_usesTheContextsApiServer() {
        // WHEN
        try (KubernetesClient client = LocalPipeline.connect("team-dev")) {
            // THEN the client is configured for that context's cluster (what it does there is Fabric8's, tested
            // with the deploy functions)
            assertThat(client.getMasterUrl().toString()).isEqualTo(apiServer);
        }
    }

    @Test
    void connect_refusesAContextTheKubeconfigDoesNotHave_namingTheOnesItHas() {
        assertThatThrownBy(() -> LocalPipeline.connect("production-cluster"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("kubeconfig has no context 'production-cluster' (contexts: [team-dev])");
    }
}
