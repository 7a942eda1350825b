package dev.serverlesscd.local.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.serverlesscd.asl.AslError;
import dev.serverlesscd.asl.AslExecutor;
import dev.serverlesscd.asl.AutoAdvanceClock;
import dev.serverlesscd.asl.Execution;
import dev.serverlesscd.asl.ExecutionStatus;
import dev.serverlesscd.asl.StateMachine;
import dev.serverlesscd.asl.TaskBinding;
import dev.serverlesscd.asl.TaskBindings;
import dev.serverlesscd.asl.TaskInvocation;
import dev.serverlesscd.asl.TaskTokenException;
import dev.serverlesscd.functions.approval.Approval;
import dev.serverlesscd.functions.approval.Decision;
import dev.serverlesscd.functions.common.Json;
import dev.serverlesscd.functions.config.DeclaredStages;
import dev.serverlesscd.functions.config.JudgedAs;
import dev.serverlesscd.functions.config.PipelineConfig;
import dev.serverlesscd.functions.config.PipelineConfigLoader;
import dev.serverlesscd.functions.config.RepositoryConfig;
import dev.serverlesscd.functions.config.StageConfig;
import dev.serverlesscd.functions.plan.StagePlanner;
import dev.serverlesscd.functions.run.Run;
import dev.serverlesscd.functions.workflow.ExecutionInput;
import dev.serverlesscd.functions.workflow.ExecutionNames;
import dev.serverlesscd.local.bindings.LambdaBinding;
import dev.serverlesscd.local.demo.DemoSession;
import dev.serverlesscd.local.demo.SignedPush;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Orchestration overhead of one pipeline run, stage work excluded. Not part of the default test run:
 * {@code ./mvnw -q -B -pl local/runtime -am test -DskipNpm -Dtest=PipelineRunBenchmark -DexcludedTestGroups=none
 * -Dsurefire.failIfNoSpecifiedTests=false}. Figures and the command are in docs/benchmarks.md.
 *
 * <ol>
 * <li>Executor only: pipeline.asl.json with every task bound to an in-memory answer (the happy path through
 * staging, an approval and production), on a clock that skips Waits.</li>
 * <li>The whole local runtime with stages that do nothing: a signed push over HTTP to the webhook, the real
 * handlers in-process, DynamoDB Local, the embedded cluster, the approval decided as soon as it is requested;
 * only the CodeBuild stages are replaced by a binding that writes minimal valid reports at once.</li>
 * </ol>
 */
@Tag("benchmark")
class PipelineRunBenchmark {
    private static final Path ROOT = PipelineEndToEndTest.repositoryRoot();
    private static final String COMMIT = "6113728f27ae82c7b1a177c8d03f9e96e0adf246";

    @TempDir
    Path workspace;

    @Test
    void executorOnly_withInMemoryTaskBindings() throws Exception {
        // today's stages planned for the run
        JsonNode input = Json.MAPPER.valueToTree(LocalRuns.input(benchRun()));
        executorOnly("executor only, in-memory task bindings, today's stages", input);
    }

    /** Twelve stages that do nothing, in four waves of three (each needing the wave before), instead of today's four. */
    @Test
    void executorOnly_twelveStagesInFourWaves() throws Exception {
        Run run = benchRun();
        JsonNode input = Json.MAPPER.valueToTree(ExecutionInput.of(run, false,
                new StagePlanner().plan(twelveStagesInFourWaves(), run)));
        executorOnly("executor only, in-memory task bindings, 12 stages in 4 waves", input);
    }

    /** The benchmark's run: a push to main of the sample service deploying to staging and production. */
    private static Run benchRun() throws IOException {
        return Json.MAPPER.readValue(ROOT.resolve("local/runtime/src/test/resources/bench/run-input.json").toFile(),
                Run.class);
    }

    /** s1-a, s1-b, s1-c; s2-a… each of wave n needing the three of wave n-1; judged as nothing. */
    static DeclaredStages twelveStagesInFourWaves() {
        List<StageConfig> stages = new ArrayList<>();
        for (int wave = 1; wave <= 4; wave++) {
            for (String letter : List.of("a", "b", "c")) {
                List<String> needs = wave == 1 ? List.of()
                        : List.of("s" + (wave - 1) + "-a", "s" + (wave - 1) + "-b", "s" + (wave - 1) + "-c");
                stages.add(new StageConfig("s" + wave + "-" + letter, "buildspecs/noop.yml", needs, Map.of(), null,
                        JudgedAs.NONE, null, null, false, 0));
            }
        }
        return new DeclaredStages(stages, Map.of(), Map.of());
    }

    private void executorOnly(String what, JsonNode input) throws Exception {
        String definition = PipelineDefinition.load(ROOT).substitute(LocalPipeline.substitutions());
        StateMachine machine = StateMachine.parse(definition);
        AslExecutor[] holder = new AslExecutor[1];
        TaskBindings bindings = TaskBindings.builder()
                .bind("arn:aws:states:::lambda:invoke", PipelineRunBenchmark::lambdaAnswer)
                .bind("arn:aws:states:::lambda:invoke.waitForTaskToken", invocation -> {
                    approveSoon(holder[0], invocation.taskToken());
                    return Json.MAPPER.createObjectNode();
                })
                .bind("arn:aws:states:::codebuild:startBuild.sync", invocation -> buildDocument())
                .build();
        try (AslExecutor executor = new AslExecutor(bindings, new AutoAdvanceClock())) {
            holder[0] = executor;
            int warmUp = 300;
            int measured = 2000;
            List<Long> nanos = new ArrayList<>();
            int events = 0;
            for (int i = 0; i < warmUp + measured; i++) {
                long start = System.nanoTime();
                Execution execution = executor.run(machine, "arn:aws:states:local:000000000000:stateMachine:pipeline",
                        "bench-" + i, input);
                long took = System.nanoTime() - start;
                if (execution.status() != ExecutionStatus.SUCCEEDED) {
                    throw new AssertionError("execution " + i + " " + execution.status() + ": " + execution.error() + " " + execution.cause());
                }
                if (i >= warmUp) {
                    nanos.add(took);
                    events = execution.history().size();
                }
            }
            report(what + " (" + measured + " runs after " + warmUp + " warm-up, " + events
                    + " history events each)", nanos);
        }
    }

    @Test
    void wholeLocalRuntime_withStagesThatDoNothing() throws Exception {
        wholeLocalRuntime("whole local runtime, stages that do nothing, today's stages",
                PipelineConfigLoader.load(ROOT.resolve("samples/pipeline-config.yml")));
    }

    @Test
    void wholeLocalRuntime_twelveStagesInFourWaves() throws Exception {
        PipelineConfig sample = PipelineConfigLoader.load(ROOT.resolve("samples/pipeline-config.yml"));
        RepositoryConfig orders = sample.repository(DemoSession.REPOSITORY).orElseThrow();
        RepositoryConfig twelve = new RepositoryConfig(orders.name(), orders.environments(), orders.branches(),
                orders.tags(), orders.pullRequestTier(), orders.publish(), twelveStagesInFourWaves());
        wholeLocalRuntime("whole local runtime, stages that do nothing, 12 stages in 4 waves",
                new PipelineConfig(sample.tiers(), Map.of(orders.name(), twelve)));
    }

    private void wholeLocalRuntime(String what, PipelineConfig config) throws Exception {
        try (LocalPipeline pipeline = LocalPipeline.builder(ROOT, workspace, config, DemoSession.WEBHOOK_SECRET)
                .clusterStep(Duration.ofMillis(2))
                .buildBinding(new ReportsOnlyBuild(workspace))
                .clock(new AutoAdvanceClock())
                .start()) {
            int warmUp = 5;
            int measured = 30;
            List<Long> nanos = new ArrayList<>();
            for (int i = 0; i < warmUp + measured; i++) {
                // each push a new commit on top of the last, so none is a stale push of main
                String commit = String.format("%040x", i + 1);
                SignedPush push = SignedPush.of(ROOT.resolve("samples/events/push-main.json"), commit,
                        DemoSession.WEBHOOK_SECRET, "main", i == 0 ? COMMIT : String.format("%040x", i));
                String runId = ExecutionNames.runId(push.deliveryId());
                long start = System.nanoTime();
                int status = push.post(URI.create(pipeline.httpEndpoint() + "/webhook")).statusCode();
                if (status != 202) {
                    throw new AssertionError("webhook answered " + status);
                }
                String arn = pipeline.stateMachineArn().replace(":stateMachine:", ":execution:") + ":" + runId;
                Execution execution = awaitExecution(pipeline, arn);
                while (!execution.isDone()) {
                    for (Approval approval : pipeline.approvals().pendingForRun(runId, Instant.now())) {
                        pipeline.approvals().decide(approval.approvalId(), approval.approvers().get(0), Decision.APPROVE,
                                "benchmark", Instant.now());
                    }
                    Thread.sleep(1);
                }
                long took = System.nanoTime() - start;
                if (execution.status() != ExecutionStatus.SUCCEEDED) {
                    throw new AssertionError(runId + " " + execution.status() + ": " + execution.error() + " " + execution.cause());
                }
                if (i >= warmUp) {
                    nanos.add(took);
                }
            }
            report(what + " (" + measured + " runs after " + warmUp + " warm-up)", nanos);
        }
    }

    private static Execution awaitExecution(LocalPipeline pipeline, String arn) throws InterruptedException {
        for (int i = 0; i < 5000; i++) {
            Execution execution = pipeline.executor().execution(arn);
            if (execution != null) {
                return execution;
            }
            Thread.sleep(1);
        }
        throw new AssertionError("no execution " + arn);
    }

    private static void report(String what, List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        double mean = sorted.stream().mapToLong(Long::longValue).average().orElse(0) / 1e6;
        System.out.printf("BENCHMARK %s: mean %.2f ms, p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", what, mean,
                sorted.get(sorted.size() / 2) / 1e6, sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(sorted.size() * 0.99) - 1)) / 1e6,
                sorted.get(sorted.size() - 1) / 1e6);
    }

    private static void approveSoon(AslExecutor executor, String token) {
        CompletableFuture.runAsync(() -> {
            for (int attempt = 0; attempt < 1000; attempt++) {
                try {
                    executor.sendTaskSuccess(token, Json.MAPPER.createObjectNode().put("decision", "APPROVED"));
                    return;
                } catch (TaskTokenException notYetWaiting) {
                    Thread.onSpinWait();
                }
            }
        });
    }

    static JsonNode lambdaAnswer(TaskInvocation invocation) {
        String function = invocation.arguments().path("FunctionName").asText();
        JsonNode payload = invocation.arguments().path("Payload");
        ObjectNode answer = Json.MAPPER.createObjectNode();
        if (function.equals(LambdaBinding.functionArn("gate"))) {
            answer.put("verdict", "PASS").putArray("stages");
            answer.putArray("reasons");
            answer.putArray("warnings");
        } else if (function.equals(LambdaBinding.functionArn("deploy"))) {
            JsonNode environment = payload.path("environment");
            answer.put("environment", environment.path("name").asText())
                    .put("namespace", environment.path("namespace").asText())
                    .put("deployment", environment.path("deployment").asText())
                    .put("image", "orders-service@sha256:" + "a".repeat(64))
                    .put("previousImage", "orders-service@sha256:" + "b".repeat(64))
                    .put("generation", 2);
        } else if (function.equals(LambdaBinding.functionArn("rollout-status"))) {
            if (payload.path("action").asText().equals("health")) {
                answer.put("healthy", true).put("detail", "in memory");
            } else {
                answer.put("status", "COMPLETE").put("readyReplicas", 2).put("replicas", 2);
            }
        } else if (function.startsWith(LambdaBinding.functionArn(""))) {
            answer.put("ok", true);
        } else {
            throw new AslError("Lambda.ResourceNotFoundException", "Function not found: " + function);
        }
        ObjectNode result = Json.MAPPER.createObjectNode();
        result.set("Payload", answer);
        result.put("StatusCode", 200);
        return result;
    }

    static ObjectNode buildDocument() {
        ObjectNode document = Json.MAPPER.createObjectNode();
        ObjectNode build = document.putObject("Build");
        build.put("Id", "pipeline-noop:" + UUID.randomUUID()).put("BuildStatus", "SUCCEEDED");
        var exported = build.putArray("ExportedEnvironmentVariables");
        exported.addObject().put("Name", "IMAGE_URI").put("Value", "orders-service:bench");
        exported.addObject().put("Name", "IMAGE_DIGEST").put("Value", "sha256:" + "a".repeat(64));
        exported.addObject().put("Name", "IMAGE_SIZE_BYTES").put("Value", "1048576");
        return document;
    }

    /**
     * A CodeBuild stand-in that does no work: it writes a minimal valid report for its stage and succeeds, the image
     * being {@code orders-service@sha256:aaa…} (also the build of BakeEndToEndTest).
     */
    static final class ReportsOnlyBuild implements TaskBinding {
        private final Path workspace;

        ReportsOnlyBuild(Path workspace) {
            this.workspace = workspace;
        }

        @Override
        public JsonNode invoke(TaskInvocation invocation) {
            Map<String, String> variables = new java.util.HashMap<>();
            invocation.arguments().path("EnvironmentVariablesOverride")
                    .forEach(v -> variables.put(v.path("Name").asText(), v.path("Value").asText()));
            Path reports = workspace.resolve("runs").resolve(variables.get("RUN_ID")).resolve(variables.get("STAGE"));
            try {
                Files.createDirectories(reports);
                switch (variables.get("STAGE")) {
                    case "test" -> {
                        Files.writeString(reports.resolve("TEST-noop.xml"), "<testsuite name=\"noop\" tests=\"1\" failures=\"0\""
                                + " errors=\"0\" skipped=\"0\"><testcase classname=\"Noop\" name=\"nothing\"/></testsuite>");
                        Files.writeString(reports.resolve("jacoco.xml"),
                                "<report name=\"noop\"><counter type=\"LINE\" missed=\"0\" covered=\"10\"/></report>");
                    }
                    case "benchmark" -> Files.writeString(reports.resolve("jmh.json"), "[{\"benchmark\": \"noop.Bench.run\","
                            + " \"mode\": \"thrpt\", \"primaryMetric\": {\"score\": 1000.0, \"scoreUnit\": \"ops/ms\"}}]");
                    case "scan", "lint" -> Files.writeString(reports.resolve("noop.sarif"),
                            "{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"noop\"}},\"results\":[]}]}");
                    default -> {
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return buildDocument();
        }
    }
}
