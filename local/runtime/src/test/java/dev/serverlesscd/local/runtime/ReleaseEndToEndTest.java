package dev.serverlesscd.local.runtime;

import static dev.serverlesscd.local.testing.Git.git;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.serverlesscd.asl.TaskBinding;
import dev.serverlesscd.asl.TaskInvocation;
import dev.serverlesscd.functions.common.Json;
import dev.serverlesscd.functions.config.EnvironmentTarget;
import dev.serverlesscd.functions.config.PipelineConfig;
import dev.serverlesscd.functions.config.PipelineConfigLoader;
import dev.serverlesscd.functions.deploy.DeploymentRef;
import dev.serverlesscd.functions.deploy.DynamoDbReleaseRevisions;
import dev.serverlesscd.functions.deploy.ReleaseRevision;
import dev.serverlesscd.functions.run.Run;
import dev.serverlesscd.functions.run.RunStatus;
import dev.serverlesscd.functions.workflow.ExecutionInput;
import dev.serverlesscd.local.demo.DemoSession;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Releases of the sample service's manifests ({@code samples/orders-service/deploy/}) through the whole local runtime:
 * pipeline.asl.json, the real Deploy and RolloutStatus handlers, DynamoDB Local, the embedded cluster (Fabric8's mock
 * API server in CRUD mode with the simulated controller). Only the CodeBuild stages are replaced by a binding that
 * writes their reports at once and, for the image build, leaves the release's manifests where build.yml copies them.
 * One test, three pipeline runs and a manual rollback: release 1; release 2 changes the image and a ConfigMap value
 * and drops a Service (pruned); release 3's rollout fails and is rolled back to exactly release 2 (pod template,
 * replicas, the ConfigMap it reads); a manual rollback to v1 restores release 1's configuration and its Service.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReleaseEndToEndTest {
    private static final Path ROOT = PipelineEndToEndTest.repositoryRoot();
    private static final String CONFIG = """
            repositories:
              acme/orders-service:
                environments:
                  staging: {namespace: orders-staging, deployment: orders}
                  production: {namespace: orders-production, deployment: orders}
                branches:
                  - {pattern: main, tier: standard, environments: [staging, production]}
            """;
    private static final DeploymentRef STAGING = new DeploymentRef("orders-staging", "orders");

    @TempDir
    static Path workspace;
    @TempDir
    static Path clone;
    @TempDir
    static Path releases;
    private LocalPipeline pipeline;
    private PipelineConfig config;
    /** The manifests (a copy of the sample's deploy/ folder, changed) each run's image build leaves, by run id. */
    private final Map<String, Path> manifests = new ConcurrentHashMap<>();

    @BeforeAll
    void start() throws Exception {
        git(clone, "init", "-q", "-b", "main");
        config = PipelineConfigLoader.parse(CONFIG, "test");
        pipeline = LocalRuns.start(workspace, config, clone, new ManifestsBuild());
    }

    @AfterAll
    void stop() {
        pipeline.close();
    }

    @Test
    void releasesApplyTheManifests_andEveryRollbackRestoresTheImageWithItsConfiguration() throws Exception {
        // GIVEN release 1: the sample's manifests, plus a debugging Service in staging
        Path one = release("v1", Map.of());
        Files.writeString(one.resolve("deploy/staging/debug.yaml"), """
                apiVersion: v1
                kind: Service
                metadata:
                  name: orders-debug
                spec:
                  selector: {app: orders}
                  ports: [{port: 5005}]
                """);
        Run first = run("run-1", "v1", one);
        assertThat(first.status()).as("%s: %s", first.error(), first.cause()).isEqualTo(RunStatus.SUCCEEDED);
        PodTemplateSpec templateOne = deployment("orders-staging").getSpec().getTemplate();
        assertThat(deployment("orders-staging").getSpec().getReplicas()).isEqualTo(2);
        assertThat(deployment("orders-production").getSpec().getReplicas()).isEqualTo(3);
        assertThat(config("orders-staging", templateOne).getData()).containsEntry("LOG_LEVEL", "debug");
        assertThat(service("orders-debug")).isTrue();

        // WHEN release 2 changes the image and LOG_LEVEL and drops the debugging Service
        Run second = run("run-2", "v2", release("v2", Map.of("LOG_LEVEL: debug", "LOG_LEVEL: trace")));

        // THEN its pods read the new ConfigMap, the old one is kept, and the Service is pruned
        assertThat(second.status()).as("%s: %s", second.error(), second.cause()).isEqualTo(RunStatus.SUCCEEDED);
        Deployment two = deployment("orders-staging");
        PodTemplateSpec templateTwo = two.getSpec().getTemplate();
        assertThat(templateTwo.getSpec().getContainers().get(0).getImage()).endsWith("@" + digest("run-2"));
        assertThat(config("orders-staging", templateTwo).getData()).containsEntry("LOG_LEVEL", "trace");
        assertThat(config("orders-staging", templateOne).getData()).containsEntry("LOG_LEVEL", "debug");
        assertThat(service("orders-debug")).isFalse();
        ReleaseRevision revisionTwo = revisions().byRun(STAGING, "run-2").orElseThrow();
        assertThat(revisionTwo.changes()).anySatisfy(c -> assertThat(c).startsWith("ConfigMap/orders-config: keys changed: LOG_LEVEL"))
                .contains("pruned Service/orders-debug")
                .noneSatisfy(c -> assertThat(c).contains("trace"));

        // WHEN release 3 (a new image and LOG_LEVEL) fails to roll out in staging
        pipeline.cluster().orElseThrow().failRolloutsOf(image -> image.endsWith(digest("run-3")));
        Run third = run("run-3", "v3", release("v3", Map.of("LOG_LEVEL: debug", "LOG_LEVEL: warn")));

        // THEN it is rolled back: the Deployment, its replicas and the ConfigMap it reads are exactly release 2's
        assertThat(third.status()).isEqualTo(RunStatus.ROLLED_BACK);
        Deployment afterRollback = deployment("orders-staging");
        assertThat(afterRollback.getSpec().getTemplate()).isEqualTo(templateTwo);
        assertThat(afterRollback.getSpec().getReplicas()).isEqualTo(two.getSpec().getReplicas());
        assertThat(config("orders-staging", afterRollback.getSpec().getTemplate()).getData()).containsEntry("LOG_LEVEL", "trace");
        assertThat(revisions().latest(STAGING)).hasValueSatisfying(r -> assertThat(r.rollbackOf()).isEqualTo(revisionTwo.number()));

        // WHEN the on-call engineer rolls staging back to v1
        pipeline.cluster().orElseThrow().failRollouts(false);
        ManualRollback.Outcome manual = new ManualRollback(pipeline.stepFunctions(), pipeline.rollbackStateMachineArn())
                .run(ManualRollback.input(config, null, "staging", "v1", "v2 logs too much", "oncall@example.com"),
                        Duration.ofMinutes(2));

        // THEN release 1 runs again, with its configuration and its Service
        assertThat(manual.succeeded()).as("%s: %s", manual.error(), manual.cause()).isTrue();
        Deployment restored = deployment("orders-staging");
        assertThat(restored.getSpec().getTemplate()).isEqualTo(templateOne);
        assertThat(config("orders-staging", restored.getSpec().getTemplate()).getData()).containsEntry("LOG_LEVEL", "debug");
        assertThat(service("orders-debug")).isTrue();
    }

    /** A copy of the sample's deploy/ folder, each text replacement applied to every file. */
    private Path release(String name, Map<String, String> replacements) throws IOException {
        Path target = releases.resolve(name);
        Path source = ROOT.resolve("samples/orders-service");
        try (Stream<Path> files = Files.walk(source.resolve("deploy"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(file);
                for (Map.Entry<String, String> replacement : replacements.entrySet()) {
                    text = text.replace(replacement.getKey(), replacement.getValue());
                }
                Path copy = target.resolve(source.relativize(file));
                Files.createDirectories(copy.getParent());
                Files.writeString(copy, text);
            }
        }
        return target;
    }

    private Run run(String runId, String version, Path deploy) throws Exception {
        manifests.put(runId, deploy);
        Files.writeString(clone.resolve("log.txt"), runId + "\n", java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        git(clone, "add", "log.txt");
        git(clone, "-c", "user.name=Test", "-c", "user.email=test@example.com", "commit", "-q", "-m", runId);
        String commit = git(clone, "rev-parse", "HEAD");
        List<EnvironmentTarget> environments = config.routeBranch("acme/orders-service", "main").orElseThrow().environments();
        Run run = new Run(runId, runId, "acme/orders-service", DemoSession.CLONE_URL, "push", "refs/heads/main", "main",
                "main", null, commit, "octocat", version, "standard", true, environments, RunStatus.RECEIVED, null, null,
                null, null, null, null);
        return LocalRuns.run(pipeline, LocalRuns.input(run), Duration.ofSeconds(120));
    }

    private DynamoDbReleaseRevisions revisions() {
        return new DynamoDbReleaseRevisions(pipeline.dynamo().client(), pipeline.dynamo().tableName());
    }

    private Deployment deployment(String namespace) {
        return pipeline.kubernetes().apps().deployments().inNamespace(namespace).withName("orders").get();
    }

    /** The ConfigMap the pod template reads its environment from. */
    private ConfigMap config(String namespace, PodTemplateSpec template) {
        String name = template.getSpec().getContainers().get(0).getEnvFrom().get(0).getConfigMapRef().getName();
        ConfigMap configMap = pipeline.kubernetes().configMaps().inNamespace(namespace).withName(name).get();
        assertThat(configMap).as("ConfigMap " + name).isNotNull();
        return configMap;
    }

    private boolean service(String name) {
        return pipeline.kubernetes().services().inNamespace("orders-staging").withName(name).get() != null;
    }

    private static String digest(String runId) {
        try {
            return "sha256:" + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(runId.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A CodeBuild stand-in: passing reports at once; the image build exports a digest per run and leaves its manifests. */
    private final class ManifestsBuild implements TaskBinding {
        @Override
        public JsonNode invoke(TaskInvocation invocation) {
            Map<String, String> variables = new java.util.HashMap<>();
            invocation.arguments().path("EnvironmentVariablesOverride")
                    .forEach(v -> variables.put(v.path("Name").asText(), v.path("Value").asText()));
            String runId = variables.get("RUN_ID");
            String stage = variables.get("STAGE");
            Path reports = workspace.resolve("runs").resolve(runId).resolve(stage);
            try {
                Files.createDirectories(reports);
                switch (stage) {
                    case "test" -> {
                        Files.writeString(reports.resolve("TEST-orders.xml"), "<testsuite name=\"orders\" tests=\"1\""
                                + " failures=\"0\" errors=\"0\" skipped=\"0\"><testcase classname=\"OrderTest\" name=\"totals\"/></testsuite>");
                        Files.writeString(reports.resolve("jacoco.xml"),
                                "<report name=\"orders\"><counter type=\"LINE\" missed=\"0\" covered=\"10\"/></report>");
                    }
                    case "scan", "lint" -> Files.writeString(reports.resolve("noop.sarif"),
                            "{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"noop\"}},\"results\":[]}]}");
                    case "build" -> copy(manifests.get(runId).resolve("deploy"), reports.resolve("manifests/deploy"));
                    default -> {
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            ObjectNode document = Json.MAPPER.createObjectNode();
            ObjectNode build = document.putObject("Build");
            build.put("Id", "orders-" + stage + ":" + UUID.randomUUID()).put("BuildStatus", "SUCCEEDED");
            var exported = build.putArray("ExportedEnvironmentVariables");
            exported.addObject().put("Name", "IMAGE_URI").put("Value", "orders-service:" + runId);
            exported.addObject().put("Name", "IMAGE_DIGEST").put("Value", digest(runId));
            exported.addObject().put("Name", "IMAGE_SIZE_BYTES").put("Value", "1048576");
            return document;
        }

        private void copy(Path from, Path to) throws IOException {
            try (Stream<Path> files = Files.walk(from)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Path target = to.resolve(from.relativize(file));
                    Files.createDirectories(target.getParent());
                    Files.copy(file, target);
                }
            }
        }
    }
}
