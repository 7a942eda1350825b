package dev.serverlesscd.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * k8s/ grants the group of the EKS access entry exactly what Deploy and RolloutStatus need (server-side apply and
 * pruning of a release's manifests, following its rollout), in the environments' namespaces only.
 */
@Tag("unit")
class K8sManifestsTest {
    private static final Path K8S = StackFixture.LAYOUT.root().resolve("k8s");

    /** The verbs server-side apply (get, create, patch), pruning (list, delete) and a rollout's watch need. */
    private static final String MANAGED = "get,list,watch,create,patch,update,delete";

    @Test
    void deployerRole_allowsApplyAndPruneOnTheManifestKinds_andOnlyReadingReplicaSetsAndPods() throws IOException {
        List<JsonNode> roles = documents("deployer-rbac.yaml").stream()
                .filter(d -> d.path("kind").asText().equals("Role")).toList();

        assertThat(roles).isNotEmpty();
        for (JsonNode role : roles) {
            List<String> rules = new ArrayList<>();
            role.path("rules").forEach(rule -> rule.path("apiGroups").forEach(group -> rule.path("resources")
                    .forEach(resource -> rules.add(group.asText() + "/" + resource.asText() + ":"
                            + String.join(",", texts(rule.path("verbs")))))));
            assertThat(rules).as(role.path("metadata").path("namespace").asText()).containsExactlyInAnyOrder(
                    "apps/deployments:" + MANAGED, "apps/statefulsets:" + MANAGED, "/services:" + MANAGED,
                    "/configmaps:" + MANAGED, "/secrets:" + MANAGED, "/serviceaccounts:" + MANAGED,
                    "autoscaling/horizontalpodautoscalers:" + MANAGED, "policy/poddisruptionbudgets:" + MANAGED,
                    "networking.k8s.io/ingresses:" + MANAGED,
                    "apps/replicasets:get,list,watch", "/pods:get,list,watch");
        }
    }

    @Test
    void everyConfiguredNamespace_existsAndBindsTheDeployerGroupToItsOwnRole_andNoOtherNamespaceDoes() throws IOException {
        // GIVEN the namespaces of the shipped pipeline configuration
        Set<String> configured = StackFixture.exampleConfig().pipeline().config().namespaces();

        // WHEN
        Set<String> declared = new TreeSet<>();
        documents("namespaces.yaml").forEach(d -> declared.add(d.path("metadata").path("name").asText()));
        Set<String> roles = new TreeSet<>();
        documents("deployer-rbac.yaml").stream().filter(d -> d.path("kind").asText().equals("Role"))
                .forEach(role -> roles.add(role.path("metadata").path("namespace").asText()));
        Set<String> bound = new TreeSet<>();
        documents("deployer-rbac.yaml").stream().filter(d -> d.path("kind").asText().equals("RoleBinding"))
                .forEach(binding -> {
                    assertThat(binding.path("roleRef").path("kind").asText()).isEqualTo("Role");
                    assertThat(binding.path("roleRef").path("name").asText()).isEqualTo("serverless-cd-deployer");
                    assertThat(texts(binding.path("subjects").findValues("name").get(0)))
                            .containsExactly(ServerlessCdStack.DEPLOYER_GROUP);
                    bound.add(binding.path("metadata").path("namespace").asText());
                });
        Set<String> isolated = new TreeSet<>();
        documents("network-policies.yaml").forEach(d -> isolated.add(d.path("metadata").path("namespace").asText()));

        // THEN
        assertThat(declared).isEqualTo(configured);
        assertThat(roles).isEqualTo(configured);
        assertThat(bound).isEqualTo(configured);
        assertThat(isolated).isEqualTo(configured);
        assertThat(documents("deployer-rbac.yaml")).noneMatch(d -> d.path("kind").asText().startsWith("Cluster"));
    }

    private static List<JsonNode> documents(String file) throws IOException {
        try (MappingIterator<JsonNode> it = new YAMLMapper().readerFor(JsonNode.class).readValues(K8S.resolve(file).toFile())) {
            return it.readAll();
        }
    }

    private static List<String> texts(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> values.add(n.asText()));
        } else {
            values.add(node.asText());
        }
        return values;
    }
}
