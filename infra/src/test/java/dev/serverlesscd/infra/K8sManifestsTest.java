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

/** k8s/ grants the group of the EKS access entry exactly what Deploy and RolloutStatus need, where they need it. */
@Tag("unit")
class K8sManifestsTest {
    private static final Path K8S = StackFixture.LAYOUT.root().resolve("k8s");

    @Test
    void deployerClusterRole_allowsOnlyReadingAndPatchingDeployments_andReadingReplicaSetsAndPods() throws IOException {
        JsonNode role = documents("deployer-rbac.yaml").stream()
                .filter(d -> d.path("kind").asText().equals("ClusterRole")).findFirst().orElseThrow();

        List<String> rules = new ArrayList<>();
        role.path("rules").forEach(rule -> rule.path("resources").forEach(resource ->
                rules.add(resource.asText() + ":" + String.join(",", texts(rule.path("verbs"))))));

        assertThat(rules).containsExactlyInAnyOrder(
                "deployments:get,list,watch,patch,update", "replicasets:get,list,watch", "pods:get,list,watch");
    }

    @Test
    void everyConfiguredNamespace_existsAndBindsTheDeployerGroup_andNoOtherNamespaceDoes() throws IOException {
        // GIVEN the namespaces of the shipped pipeline configuration
        Set<String> configured = StackFixture.exampleConfig().pipeline().config().namespaces();

        // WHEN
        Set<String> declared = new TreeSet<>();
        documents("namespaces.yaml").forEach(d -> declared.add(d.path("metadata").path("name").asText()));
        Set<String> bound = new TreeSet<>();
        documents("deployer-rbac.yaml").stream().filter(d -> d.path("kind").asText().equals("RoleBinding"))
                .forEach(binding -> {
                    assertThat(binding.path("roleRef").path("kind").asText()).isEqualTo("ClusterRole");
                    assertThat(texts(binding.path("subjects").findValues("name").get(0)))
                            .containsExactly(ServerlessCdStack.DEPLOYER_GROUP);
                    bound.add(binding.path("metadata").path("namespace").asText());
                });
        Set<String> isolated = new TreeSet<>();
        documents("network-policies.yaml").forEach(d -> isolated.add(d.path("metadata").path("namespace").asText()));

        // THEN
        assertThat(declared).isEqualTo(configured);
        assertThat(bound).isEqualTo(configured);
        assertThat(isolated).isEqualTo(configured);
        assertThat(documents("deployer-rbac.yaml")).noneMatch(d -> d.path("kind").asText().equals("ClusterRoleBinding"));
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
