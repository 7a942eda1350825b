package dev.serverlesscd.functions.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** What a deploy applies from the service's manifests: rewriting, hashing, ordering and refusals, without a cluster. */
@Tag("unit")
class ReleaseRendererTest {
    static final String IMAGE = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders@sha256:" + "a".repeat(64);
    static final Map<String, String> RUN = Map.of("serverlesscd.dev/run-id", "run-1");

    @Test
    void render_shouldSetTheImageByDigest_applyReplicasAndVariables_andLabelEveryObject() {
        // WHEN
        RenderedRelease release = ReleaseRenderer.render(Releases.staging(4, Map.of("LOG_LEVEL", "debug")),
                List.of(Releases.deployment(2), Releases.config("hello"), Releases.service("orders")), IMAGE, RUN);

        // THEN
        ObjectNode deployment = object(release, "Deployment");
        JsonNode containers = deployment.at("/spec/template/spec/containers");
        assertThat(containers.get(0).path("image").asText()).isEqualTo(IMAGE);
        assertThat(containers.get(1).path("image").asText()).as("not the service's image").isEqualTo("envoyproxy/envoy:v1.31.0");
        assertThat(containers.get(0).path("env").toString()).contains("{\"name\":\"LOG_LEVEL\",\"value\":\"debug\"}");
        assertThat(containers.get(1).has("env")).isFalse();
        assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(4);
        assertThat(deployment.at("/spec/template/metadata/annotations/serverlesscd.dev~1run-id").asText()).isEqualTo("run-1");
        assertThat(release.objects()).allSatisfy(o -> {
            assertThat(o.at("/metadata/namespace").asText()).isEqualTo("orders-staging");
            assertThat(o.at("/metadata/labels/app.kubernetes.io~1managed-by").asText()).isEqualTo("serverless-cd");
            assertThat(o.at("/metadata/labels/serverlesscd.dev~1environment").asText()).isEqualTo("staging");
        });
        assertThat(release.followed()).isEqualTo("Deployment/orders");
        assertThat(release.digest()).startsWith("sha256:");
        assertThat(release.summary().replicas()).containsEntry("Deployment/orders", 4);
        assertThat(release.summary().images()).containsEntry("Deployment/orders/orders", IMAGE);
    }

    @Test
    void render_shouldNameConfigMapsAndSecretsByContentHash_andRewriteEveryReference_butNotUndeclaredOnes() {
        // WHEN
        RenderedRelease first = ReleaseRenderer.render(Releases.STAGING,
                List.of(Releases.deployment(2), Releases.config("hello")), IMAGE, RUN);
        RenderedRelease same = ReleaseRenderer.render(Releases.STAGING,
                List.of(Releases.deployment(2), Releases.config("hello")), IMAGE, RUN);
        RenderedRelease changed = ReleaseRenderer.render(Releases.STAGING,
                List.of(Releases.deployment(2), Releases.config("bonjour")), IMAGE, RUN);

        // THEN
        String configName = object(first, "ConfigMap").at("/metadata/name").asText();
        String secretName = object(first, "Secret").at("/metadata/name").asText();
        assertThat(configName).matches("orders-config-[0-9a-f]{10}");
        assertThat(secretName).matches("orders-db-[0-9a-f]{10}");
        assertThat(object(first, "ConfigMap").path("immutable").asBoolean()).isTrue();
        assertThat(object(first, "ConfigMap").at("/metadata/labels/serverlesscd.dev~1config-of").asText()).isEqualTo("orders-config");
        assertThat(object(same, "ConfigMap").at("/metadata/name").asText()).isEqualTo(configName);
        assertThat(object(changed, "ConfigMap").at("/metadata/name").asText()).isNotEqualTo(configName);
        assertThat(object(changed, "Secret").at("/metadata/name").asText()).as("its content did not change").isEqualTo(secretName);
        ObjectNode deployment = object(first, "Deployment");
        assertThat(deployment.at("/spec/template/spec/containers/0/envFrom/0/configMapRef/name").asText()).isEqualTo(configName);
        assertThat(deployment.at("/spec/template/spec/containers/0/env/0/valueFrom/secretKeyRef/name").asText()).isEqualTo(secretName);
        assertThat(deployment.at("/spec/template/spec/volumes/0/configMap/name").asText()).isEqualTo(configName);
        assertThat(deployment.at("/spec/template/spec/volumes/1/configMap/name").asText()).isEqualTo("not-declared-here");
        // what changed is said by key, never by value
        assertThat(changed.summary().changesSince(first.summary())).singleElement().asString()
                .startsWith("ConfigMap/orders-config: keys changed: GREETING (").doesNotContain("bonjour", "hello");
        assertThat(first.summary().config().get("Secret/orders-db").keys()).containsOnlyKeys("password").containsValue(null);
    }

    @Test
    void render_shouldOrderConfigThenServicesThenWorkloads() {
        // WHEN files come in the "wrong" order
        RenderedRelease release = ReleaseRenderer.render(Releases.STAGING,
                List.of(Releases.deployment(2), Releases.service("orders"), Releases.config("x")), IMAGE, RUN);

        // THEN
        assertThat(release.objects()).extracting(o -> o.path("kind").asText())
                .containsExactly("ConfigMap", "Secret", "Service", "Deployment");
    }

    @Test
    void withoutSecretValues_shouldKeepASecretsKeysOnly() {
        RenderedRelease release = ReleaseRenderer.render(Releases.STAGING,
                List.of(Releases.deployment(2), Releases.config("x")), IMAGE, RUN);

        List<ObjectNode> stored = RenderedRelease.withoutSecretValues(release.objects());

        assertThat(stored.toString()).doesNotContain("s3cr3t-value");
        assertThat(stored).filteredOn(o -> o.path("kind").asText().equals("Secret")).singleElement()
                .satisfies(secret -> assertThat(secret.path("keys").toString()).isEqualTo("[\"password\"]"));
        assertThat(release.objects().toString()).as("what is applied keeps them").contains("s3cr3t-value");
    }

    @Test
    void render_shouldRefuseAnObjectInANamespaceTheEnvironmentDoesNotOwn_namingFileAndObject() {
        ManifestFile foreign = new ManifestFile("deploy/staging/extra.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: stolen\n  namespace: payments\ndata: {a: b}\n");

        assertThatThrownBy(() -> ReleaseRenderer.render(Releases.STAGING, List.of(Releases.deployment(2), foreign), IMAGE, RUN))
                .isInstanceOf(ManifestRefusedException.class)
                .hasMessage("Deploy.ManifestsRefused: deploy/staging/extra.yaml: ConfigMap/stolen: namespace payments is not"
                        + " environment staging's (it owns orders-staging)");
    }

    @Test
    void render_shouldRefuseANamespaceObject_itsOwnToo_namespacesBeingThePlatforms() {
        for (String name : List.of("kube-system", "orders-staging")) {
            ManifestFile namespace = new ManifestFile("deploy/staging/ns.yaml",
                    "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + name + "\n");

            assertThatThrownBy(() -> ReleaseRenderer.render(Releases.STAGING, List.of(Releases.deployment(2), namespace),
                    IMAGE, RUN))
                    .isInstanceOf(ManifestRefusedException.class)
                    .hasMessageContaining("deploy/staging/ns.yaml: Namespace/" + name + ": namespaces are the platform's"
                            + " (k8s/namespaces.yaml");
        }
    }

    @Test
    void render_shouldRefuseAKindOutsideTheAllowList_namingFileAndObject() {
        ManifestFile role = new ManifestFile("deploy/staging/rbac.yaml", """
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRoleBinding
                metadata:
                  name: make-me-admin
                """);

        assertThatThrownBy(() -> ReleaseRenderer.render(Releases.STAGING, List.of(Releases.deployment(2), role), IMAGE, RUN))
                .isInstanceOf(ManifestRefusedException.class)
                .hasMessageStartingWith("Deploy.ManifestsRefused: deploy/staging/rbac.yaml: ClusterRoleBinding/make-me-admin:"
                        + " kind ClusterRoleBinding is not one a deploy applies; allowed: ConfigMap, Deployment,");
    }

    @Test
    void render_shouldRefuseManifestsThatDoNotRunTheServicesImage_orLackTheFollowedWorkload() {
        ManifestFile other = new ManifestFile("deploy/staging/other.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: orders}
                spec:
                  template:
                    spec:
                      containers: [{name: orders, image: nginx:1.27}]
                """);
        assertThatThrownBy(() -> ReleaseRenderer.render(Releases.STAGING, List.of(other), IMAGE, RUN))
                .isInstanceOf(ManifestRefusedException.class)
                .hasMessageContaining("no container in deploy/staging runs the service's image: none names "
                        + "123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders (or orders)");
        assertThatThrownBy(() -> ReleaseRenderer.render(Releases.STAGING, List.of(Releases.service("orders")), IMAGE, RUN))
                .isInstanceOf(ManifestRefusedException.class);
        {
            var environment = new dev.serverlesscd.functions.config.EnvironmentTarget("staging", "orders-staging",
                    "payments", "payments", "/health", 0, List.of());
            assertThatThrownBy(() -> ReleaseRenderer.render(environment, List.of(Releases.deployment(2)), IMAGE, RUN))
                    .hasMessage("Deploy.ManifestsRefused: deploy/staging declares no Deployment or StatefulSet named"
                            + " 'payments', the workload environment staging follows");
        }
    }

    @Test
    void render_shouldRefuseYamlThatDoesNotParse_andDuplicates_namingTheFile() {
        ManifestFile broken = new ManifestFile("deploy/staging/broken.yaml", "kind: [unclosed\n");
        assertThatThrownBy(() -> ReleaseRenderer.render(Releases.STAGING, List.of(Releases.deployment(2), broken), IMAGE, RUN))
                .isInstanceOf(ManifestRefusedException.class)
                .hasMessageStartingWith("Deploy.ManifestsRefused: deploy/staging/broken.yaml: not valid YAML");
        ManifestFile again = new ManifestFile("deploy/staging/again.yaml", Releases.service("orders").text());
        assertThatThrownBy(() -> ReleaseRenderer.render(Releases.STAGING,
                List.of(Releases.deployment(2), Releases.service("orders"), again), IMAGE, RUN))
                .hasMessage("Deploy.ManifestsRefused: deploy/staging/again.yaml: Service/orders is declared twice"
                        + " (also in deploy/staging/orders.yaml)");
    }

    private static ObjectNode object(RenderedRelease release, String kind) {
        return release.objects().stream().filter(o -> o.path("kind").asText().equals(kind)).findFirst().orElseThrow();
    }
}
