package dev.serverlesscd.local.demo;

import dev.serverlesscd.functions.approval.Approval;
import dev.serverlesscd.functions.approval.Decision;
import dev.serverlesscd.functions.common.Json;
import dev.serverlesscd.functions.config.EnvironmentTarget;
import dev.serverlesscd.functions.config.PipelineConfig;
import dev.serverlesscd.functions.config.PipelineConfigLoader;
import dev.serverlesscd.functions.config.Route;
import dev.serverlesscd.functions.deploy.DeploymentRef;
import dev.serverlesscd.functions.deploy.KubernetesCluster;
import dev.serverlesscd.functions.run.Run;
import dev.serverlesscd.functions.run.StageRecord;
import dev.serverlesscd.functions.workflow.ExecutionNames;
import dev.serverlesscd.local.runtime.LocalPipeline;
import dev.serverlesscd.local.runtime.StageReporter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionRequest;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * The sample service going through the local pipeline, the way a developer's push would: the sample is
 * committed to a repository of its own, a signed push for that commit is posted to the webhook over HTTP, the
 * run is followed stage by stage, and an approval is answered as the approver would. Used by
 * {@code pipeline demo} and by the end-to-end tests.
 */
public final class DemoSession implements AutoCloseable {
    public static final String REPOSITORY = "acme/orders-service";
    public static final String CLONE_URL = "https://github.com/acme/orders-service.git";
    public static final String WEBHOOK_SECRET = "local-demo-secret";
    private static final Duration RUN_LIMIT = Duration.ofMinutes(20);

    /**
     * What the run meets on its way: a failing test, the approver's decision, a rollout that fails; the branch the
     * push goes to (main, or e.g. develop: tier standard, staging only); and what the commit changes in the sample
     * ({@link SampleSource.Change}: untested code, a planted secret, a slower code path), committed as a developer
     * would, so the stages measure it for real.
     */
    public record Scenario(boolean failTests, Decision decision, boolean failRollout, String branch,
                           List<SampleSource.Change> changes) {
        public Scenario {
            java.util.Objects.requireNonNull(decision, "decision");
            if (branch == null || branch.isBlank()) {
                throw new IllegalArgumentException("a scenario needs a branch to push to");
            }
            changes = List.copyOf(changes);
        }

        /** A push of the unchanged sample to main. */
        public Scenario(boolean failTests, Decision decision, boolean failRollout) {
            this(failTests, decision, failRollout, "main", List.of());
        }

        public static Scenario success() {
            return new Scenario(false, Decision.APPROVE, false);
        }

        /** The same scenario pushed to {@code branch} instead. */
        public Scenario onBranch(String branch) {
            return new Scenario(failTests, decision, failRollout, branch, changes);
        }

        /** The same scenario whose commit also makes {@code change}. */
        public Scenario withChange(SampleSource.Change change) {
            List<SampleSource.Change> more = new java.util.ArrayList<>(changes);
            more.add(change);
            return new Scenario(failTests, decision, failRollout, branch, more);
        }
    }

    /** How a run ended: the execution, the stored run record and stages, and what each environment runs now. */
    public record Outcome(
            String runId,
            ExecutionStatus executionStatus,
            String error,
            String cause,
            Run run,
            List<StageRecord> storedStages,
            List<StageReporter.Stage> stages,
            Map<String, String> liveImages,
            Duration duration) {
    }

    private final Path repositoryRoot;
    private final Path workspace;
    private final PipelineConfig config;
    private final LocalPipeline pipeline;
    private final Consumer<String> out;

    private DemoSession(Path repositoryRoot, Path workspace, PipelineConfig config, LocalPipeline pipeline,
                        Consumer<String> out) {
        this.repositoryRoot = repositoryRoot;
        this.workspace = workspace;
        this.config = config;
        this.pipeline = pipeline;
        this.out = out;
    }

    /**
     * A demo session of the sample service on {@code repositoryRoot}, working in {@code workspace}. Unless told
     * otherwise: the sample's configuration (samples/pipeline-config.yml), nothing said, and the local pipeline's own
     * defaults ({@link LocalPipeline#builder}) for everything else.
     */
    public static Builder builder(Path repositoryRoot, Path workspace) {
        return new Builder(repositoryRoot, workspace);
    }

    /** A demo session's settings: its configuration and output, and any of the local pipeline's. */
    public static final class Builder {
        private final Path repositoryRoot;
        private final Path workspace;
        private PipelineConfig config;
        private Consumer<String> out = line -> { };
        private UnaryOperator<LocalPipeline.Builder> pipeline = UnaryOperator.identity();

        private Builder(Path repositoryRoot, Path workspace) {
            this.repositoryRoot = Objects.requireNonNull(repositoryRoot, "DemoSession: the repository root is not specified");
            this.workspace = Objects.requireNonNull(workspace, "DemoSession: the workspace is not specified");
        }

        /** Another pipeline configuration than the sample's. */
        public Builder config(PipelineConfig config) {
            this.config = config;
            return this;
        }

        /** Where the session (and the local pipeline) says what happens. */
        public Builder out(Consumer<String> out) {
            this.out = Objects.requireNonNull(out, "out");
            return this;
        }

        /**
         * The local pipeline's settings beyond the demo's own (the sample's source, the image built into a tar): its
         * clock, a kubeconfig context, a persistent database, the build log, …
         */
        public Builder pipeline(UnaryOperator<LocalPipeline.Builder> settings) {
            this.pipeline = Objects.requireNonNull(settings, "settings");
            return this;
        }

        public DemoSession start() {
            PipelineConfig pipelineConfig = config != null ? config
                    : PipelineConfigLoader.load(repositoryRoot.resolve("samples/pipeline-config.yml"));
            LocalPipeline started = pipeline.apply(LocalPipeline.builder(repositoryRoot, workspace, pipelineConfig,
                            WEBHOOK_SECRET)
                    .sources(Map.of(CLONE_URL, workspace.resolve("sources/orders-service")))
                    // No Docker engine and no registry here: Jib builds the image into a tar on an empty base.
                    .buildEnvironment(Map.of("IMAGE_PUSH", "tar", "BASE_IMAGE", "scratch"))
                    .console(out))
                    .start();
            return new DemoSession(repositoryRoot, workspace, pipelineConfig, started, out);
        }
    }

    public LocalPipeline pipeline() {
        return pipeline;
    }

    /** The environments a push to main deploys to, in order. */
    public List<EnvironmentTarget> environments() {
        return environments("main");
    }

    /** The environments a push to {@code branch} deploys to, in order (none for a branch that only runs checks). */
    public List<EnvironmentTarget> environments(String branch) {
        return config.routeBranch(REPOSITORY, branch).map(Route::environments).orElse(List.of());
    }

    /** One push of the sample (to main, or the scenario's branch), followed to its end. */
    public Outcome run(Scenario scenario) {
        long started = System.nanoTime();
        return follow(push(scenario), scenario.decision(), started);
    }

    /** Follows a pushed run to its end, deciding each of its approvals as {@code decision}. */
    public Outcome follow(Pushed pushed, Decision decision) {
        return follow(pushed, decision, System.nanoTime());
    }

    private Outcome follow(Pushed pushed, Decision decision, long started) {
        DescribeExecutionResponse execution = follow(pushed.executionArn(), pushed.runId(), decision);
        Run run = pipeline.runs().find(pushed.runId()).orElseThrow();
        return new Outcome(pushed.runId(), execution.status(), execution.error(), execution.cause(), run,
                pipeline.runs().stages(pushed.runId()), pushed.reporter().stages(), liveImages(),
                Duration.ofNanos(System.nanoTime() - started));
    }

    /** A push the webhook accepted: its run, its execution, and the stages seen so far. */
    public record Pushed(String runId, String executionArn, StageReporter reporter) {
    }

    /**
     * One push of the sample to main (or the scenario's branch), accepted by the webhook and not followed: its
     * approvals wait until someone decides them (or a newer push supersedes the run).
     */
    public Pushed push(Scenario scenario) {
        String subject = scenario.changes().isEmpty() ? "Apply the order discount before rounding"
                : String.join("; ", scenario.changes().stream().map(SampleSource.Change::message).toList());
        // numbered by the repository's history, not this session: a later demo on the same workspace keeps its
        // sources, and the same message would leave it nothing to commit
        Path sources = workspace.resolve("sources/orders-service");
        String commit = SampleSource.commit(repositoryRoot.resolve("samples/orders-service"),
                sources, subject + " (demo commit " + (SampleSource.commits(sources) + 1) + ")",
                scenario.branch(), scenario.changes());
        if (scenario.failTests()) {
            pipeline.buildEnvironmentFor(commit, Map.of("FAIL_TESTS", "true"));
        }
        // A failing rollout is the new image's: whatever runs somewhere now still rolls out (the rollback target).
        java.util.Set<String> liveBefore = java.util.Set.copyOf(liveImages().values());
        if (pipeline.cluster().isEmpty() && scenario.failRollout()) {
            throw new IllegalArgumentException("a failing rollout is made by the simulated cluster; a real cluster's"
                    + " rollouts are not failed on purpose (run without --kube-context)");
        }
        pipeline.cluster().ifPresent(cluster ->
                cluster.failRolloutsOf(scenario.failRollout() ? image -> !liveBefore.contains(image) : image -> false));

        SignedPush push = SignedPush.of(repositoryRoot.resolve("samples/events/push-main.json"), commit, WEBHOOK_SECRET,
                scenario.branch(), SampleSource.parent(workspace.resolve("sources/orders-service"), commit));
        String runId = ExecutionNames.runId(push.deliveryId());
        StageReporter reporter = new StageReporter(runId,
                environments(scenario.branch()).stream().map(EnvironmentTarget::name).toList(), out);
        pipeline.addListener(reporter);

        out.accept("push " + commit.substring(0, 7) + " to " + REPOSITORY + "@" + scenario.branch() + ", delivery "
                + push.deliveryId());
        HttpResponse<String> answer = push.post(URI.create(pipeline.httpEndpoint() + "/webhook"));
        out.accept("webhook answered " + answer.statusCode() + " " + answer.body());
        if (answer.statusCode() != 202) {
            throw new IllegalStateException("the webhook did not accept the push: " + answer.statusCode() + " " + answer.body());
        }
        String executionArn = pipeline.stateMachineArn().replace(":stateMachine:", ":execution:") + ":" + runId;
        return new Pushed(runId, executionArn, reporter);
    }

    private DescribeExecutionResponse follow(String executionArn, String runId, Decision decision) {
        Instant limit = Instant.now().plus(RUN_LIMIT);
        while (Instant.now().isBefore(limit)) {
            DescribeExecutionResponse execution = pipeline.stepFunctions()
                    .describeExecution(DescribeExecutionRequest.builder().executionArn(executionArn).build());
            if (execution.status() != ExecutionStatus.RUNNING) {
                return execution;
            }
            for (Approval approval : pipeline.approvals().pendingForRun(runId, Instant.now())) {
                decide(approval, decision);
            }
            sleep(200);
        }
        throw new IllegalStateException("the run " + runId + " did not end within " + RUN_LIMIT);
    }

    private void decide(Approval approval, Decision decision) {
        String approver = approval.approvers().get(0);
        String reason = decision == Decision.APPROVE ? "looks good (demo)" : "rejected in the demo (--reject)";
        out.accept("  " + approver + " decides " + decision + " for " + approval.environment().name()
                + " (pipeline approve " + approval.runId() + " --as " + approver + ")");
        pipeline.approvals().decide(approval.approvalId(), approver, decision, reason, Instant.now());
    }

    /** What each environment's Deployment runs now, read from the cluster. */
    public Map<String, String> liveImages() {
        KubernetesCluster cluster = new KubernetesCluster(pipeline.kubernetes());
        Map<String, String> images = new LinkedHashMap<>();
        for (EnvironmentTarget target : environments()) {
            images.put(target.name(), cluster.currentImage(new DeploymentRef(target.namespace(), target.deployment()),
                    target.container()));
        }
        return images;
    }

    /** The run's summary as the state machine recorded it, as JSON text (for the CLI's `runs show`). */
    public static String summaryText(Run run) {
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(run.summary());
        } catch (IOException e) {
            return String.valueOf(run.summary());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while following the run", e);
        }
    }

    @Override
    public void close() {
        pipeline.close();
    }
}
