package dev.serverlesscd.local.runtime;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.serverlesscd.asl.AslClock;
import dev.serverlesscd.asl.AslExecutor;
import dev.serverlesscd.asl.ExecutionListener;
import dev.serverlesscd.asl.SystemAslClock;
import dev.serverlesscd.asl.TaskBinding;
import dev.serverlesscd.asl.TaskBindings;
import dev.serverlesscd.asl.api.StepFunctionsServer;
import dev.serverlesscd.functions.approval.ApprovalService;
import dev.serverlesscd.functions.common.AwsClients;
import dev.serverlesscd.functions.common.StateMachinePlaceholders;
import dev.serverlesscd.functions.config.EnvironmentTarget;
import dev.serverlesscd.functions.config.PipelineConfig;
import dev.serverlesscd.functions.deploy.ClusterConnection;
import dev.serverlesscd.functions.deploy.DeploymentHistory;
import dev.serverlesscd.functions.deploy.KubernetesClients;
import dev.serverlesscd.functions.lambda.ApprovalHandler;
import dev.serverlesscd.functions.lambda.ApprovalRequestHandler;
import dev.serverlesscd.functions.lambda.BakeCheckHandler;
import dev.serverlesscd.functions.lambda.DeployHandler;
import dev.serverlesscd.functions.lambda.GateHandler;
import dev.serverlesscd.functions.lambda.NotifyHandler;
import dev.serverlesscd.functions.lambda.PagesHandler;
import dev.serverlesscd.functions.lambda.RolloutStatusHandler;
import dev.serverlesscd.functions.lambda.RunRecorderHandler;
import dev.serverlesscd.functions.lambda.RunRequestHandler;
import dev.serverlesscd.functions.lambda.WebhookHandler;
import dev.serverlesscd.functions.run.RunRecorder;
import dev.serverlesscd.functions.pages.BuildLogLinks;
import dev.serverlesscd.functions.pages.PagesRouter;
import dev.serverlesscd.functions.run.RunStore;
import dev.serverlesscd.functions.run.StageStatuses;
import dev.serverlesscd.functions.common.Env;
import dev.serverlesscd.local.build.BuildProcesses;
import dev.serverlesscd.functions.wiring.Ports;
import dev.serverlesscd.functions.wiring.Services;
import dev.serverlesscd.local.bindings.CodeBuildBinding;
import dev.serverlesscd.local.bindings.LambdaBinding;
import dev.serverlesscd.local.build.LocalBuildRunner;
import dev.serverlesscd.local.cluster.EmbeddedCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.CreateStateMachineRequest;

/**
 * The whole pipeline on one machine, no AWS account: {@code statemachines/pipeline.asl.json} executed by the local
 * Step Functions runtime (served on localhost so the Step Functions SDK adapters run unchanged), its Lambda tasks
 * bound to the real handler classes in-process, its CodeBuild tasks to the shell build runner, DynamoDB Local
 * behind every store, and an embedded, simulated Kubernetes API. The webhook and approval pages are served on
 * localhost through the same handlers as on AWS.
 */
public final class LocalPipeline implements AutoCloseable {
    public static final String STATE_MACHINE_NAME = "pipeline";
    /** The manual rollback's state machine, statemachines/rollback.asl.json. */
    public static final String ROLLBACK_STATE_MACHINE_NAME = "rollback";
    public static final String INITIAL_IMAGE_TAG = "live-before-the-demo";
    /** The local name of the benchmark's CodeBuild project, whose builds run alone here (see CodeBuildBinding). */
    static final String BENCHMARK_PROJECT = "pipeline-benchmark";

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final Options options;
    private final Map<String, Map<String, String>> commitEnvironment = new java.util.concurrent.ConcurrentHashMap<>();
    private LocalDynamoDb dynamo;
    private EmbeddedCluster cluster;
    private KubernetesClient kubernetesClient;
    private AslExecutor executor;
    private StepFunctionsServer stepFunctions;
    private SfnClient sfn;
    private LocalHttpApi http;
    private String stateMachineArn;
    private String rollbackStateMachineArn;
    private Ports ports;
    private ApprovalService approvals;
    private RunRecorder recorder;
    private BuildProcesses buildProcesses;
    private LocalScheduler scheduler;

    /**
     * What the local runtime runs with.
     *
     * @param repositoryRoot   where statemachines/ lives
     * @param workspace        where builds, reports, the outbox and (if persistent) the database go
     * @param config           the pipeline configuration (repositories, environments, tiers)
     * @param sources          the local directory for each clone URL a run may name
     * @param webhookSecret    the secret GitHub signs deliveries with
     * @param buildEnvironment variables every build gets, overriding the buildspec's own (as a start-build override)
     * @param kubeContext      a kubeconfig context to deploy to; null: the embedded, simulated cluster
     * @param failingImages    images whose rollouts the simulated cluster fails
     * @param clusterStep      how often the simulated cluster's controller moves rollouts on
     * @param buildBinding     what runs the CodeBuild stages; null: the shell build runner on the buildspecs
     * @param clock            the state machine's clock (Waits and retries)
     * @param persistent       keep DynamoDB Local's data in the workspace between runs
     * @param httpPort         the port of the webhook and approval pages (0: any free port)
     * @param stepFunctionsPort the port of the Step Functions API (0: any free port)
     * @param linkSigningKey   the key approval links are signed with
     * @param console          where the runtime says what it does (approval links, the simulated cluster)
     * @param buildLog         receives (stage, line) for every build log line
     * @param statuses         where commit statuses go; null: as GITHUB_TOKEN and the environment say
     * @param schedulerClock   the clock the configuration's schedules fire on ({@link LocalScheduler}); null: they
     *                         do not fire (the demo)
     */
    private record Options(
            Path repositoryRoot,
            Path workspace,
            PipelineConfig config,
            Map<String, Path> sources,
            String webhookSecret,
            Map<String, String> buildEnvironment,
            String kubeContext,
            Predicate<String> failingImages,
            Duration clusterStep,
            TaskBinding buildBinding,
            AslClock clock,
            boolean persistent,
            int httpPort,
            int stepFunctionsPort,
            byte[] linkSigningKey,
            Consumer<String> console,
            BiConsumer<String, String> buildLog,
            StageStatuses statuses,
            Clock schedulerClock) {
    }

    private LocalPipeline(Options options) {
        this.options = options;
    }

    /**
     * A local pipeline on {@code repositoryRoot}'s statemachines/, working in {@code workspace}, running
     * {@code config} and verifying deliveries with {@code webhookSecret} (all required). Unless told otherwise: no
     * source checkouts, no extra build variables, the embedded simulated cluster stepping every 100 ms and failing
     * no image, the shell build runner, the system clock, a database that lives as long as the pipeline, any free
     * ports, a new random link-signing key, and nothing said on the console or of the builds' logs.
     */
    public static Builder builder(Path repositoryRoot, Path workspace, PipelineConfig config, String webhookSecret) {
        return new Builder(repositoryRoot, workspace, config, webhookSecret);
    }

    /** The local pipeline's settings, each with its default. */
    public static final class Builder {
        private final Path repositoryRoot;
        private final Path workspace;
        private final PipelineConfig config;
        private final String webhookSecret;
        private Map<String, Path> sources = Map.of();
        private Map<String, String> buildEnvironment = Map.of();
        private String kubeContext;
        private Predicate<String> failingImages = image -> false;
        private Duration clusterStep = Duration.ofMillis(100);
        private TaskBinding buildBinding;
        private AslClock clock = new SystemAslClock();
        private Clock schedulerClock;
        private boolean persistent;
        private int httpPort;
        private int stepFunctionsPort;
        private byte[] linkSigningKey = randomKey();
        private Consumer<String> console = line -> { };
        private BiConsumer<String, String> buildLog = (stage, line) -> { };
        private StageStatuses statuses;

        private Builder(Path repositoryRoot, Path workspace, PipelineConfig config, String webhookSecret) {
            this.repositoryRoot = Objects.requireNonNull(repositoryRoot, "LocalPipeline: the repository root is not specified");
            this.workspace = Objects.requireNonNull(workspace, "LocalPipeline: the workspace is not specified");
            this.config = Objects.requireNonNull(config, "LocalPipeline: the pipeline configuration is not specified");
            this.webhookSecret = Objects.requireNonNull(webhookSecret, "LocalPipeline: the webhook secret is not specified");
        }

        /** The local directory for each clone URL a run may name. */
        public Builder sources(Map<String, Path> sources) {
            this.sources = Map.copyOf(sources);
            return this;
        }

        /**
         * Adds variables every build gets, overriding the buildspec's own (as a start-build override); a later call's
         * value for the same name wins.
         */
        public Builder buildEnvironment(Map<String, String> buildEnvironment) {
            Map<String, String> merged = new LinkedHashMap<>(this.buildEnvironment);
            merged.putAll(buildEnvironment);
            this.buildEnvironment = Map.copyOf(merged);
            return this;
        }

        /** A kubeconfig context to deploy to; null: the embedded, simulated cluster. */
        public Builder kubeContext(String kubeContext) {
            this.kubeContext = kubeContext;
            return this;
        }

        /** Images whose rollouts the simulated cluster fails. */
        public Builder failingImages(Predicate<String> failingImages) {
            this.failingImages = Objects.requireNonNull(failingImages, "failingImages");
            return this;
        }

        /** How often the simulated cluster's controller moves rollouts on. */
        public Builder clusterStep(Duration clusterStep) {
            this.clusterStep = Objects.requireNonNull(clusterStep, "clusterStep");
            return this;
        }

        /** What runs the CodeBuild stages instead of the shell build runner on the buildspecs. */
        public Builder buildBinding(TaskBinding buildBinding) {
            this.buildBinding = buildBinding;
            return this;
        }

        /** The state machine's clock (Waits and retries). */
        public Builder clock(AslClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Keep DynamoDB Local's data in the workspace between runs. */
        public Builder persistent(boolean persistent) {
            this.persistent = persistent;
            return this;
        }

        /** The port of the webhook and approval pages (0: any free port). */
        public Builder httpPort(int httpPort) {
            this.httpPort = httpPort;
            return this;
        }

        /** The port of the Step Functions API (0: any free port). */
        public Builder stepFunctionsPort(int stepFunctionsPort) {
            this.stepFunctionsPort = stepFunctionsPort;
            return this;
        }

        /** The key approval links are signed with. */
        public Builder linkSigningKey(byte[] linkSigningKey) {
            this.linkSigningKey = Objects.requireNonNull(linkSigningKey, "linkSigningKey").clone();
            return this;
        }

        /** Where the runtime says what it does (approval links, the simulated cluster). */
        public Builder console(Consumer<String> console) {
            this.console = Objects.requireNonNull(console, "console");
            return this;
        }

        /** Receives (stage, line) for every build log line. */
        public Builder buildLog(BiConsumer<String, String> buildLog) {
            this.buildLog = Objects.requireNonNull(buildLog, "buildLog");
            return this;
        }

        /** Where commit statuses go, instead of what GITHUB_TOKEN and the environment say. */
        public Builder statuses(StageStatuses statuses) {
            this.statuses = Objects.requireNonNull(statuses, "statuses");
            return this;
        }

        /** Fires the configuration's schedules on {@code clock}, as {@code pipeline local serve} does. */
        public Builder schedules(Clock schedulerClock) {
            this.schedulerClock = Objects.requireNonNull(schedulerClock, "schedulerClock");
            return this;
        }

        /** Starts the pipeline; a part that fails to start closes what started before it. */
        public LocalPipeline start() {
            return LocalPipeline.start(new Options(repositoryRoot, workspace, config, sources, webhookSecret,
                    buildEnvironment, kubeContext, failingImages, clusterStep, buildBinding, clock, persistent, httpPort,
                    stepFunctionsPort, linkSigningKey, console, buildLog, statuses, schedulerClock));
        }
    }

    private static LocalPipeline start(Options options) {
        LocalPipeline pipeline = new LocalPipeline(options);
        try {
            pipeline.startAll();
            return pipeline;
        } catch (IOException e) {
            pipeline.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            pipeline.close();
            throw e;
        }
    }

    private void startAll() throws IOException {
        Path workspace = options.workspace().toAbsolutePath();
        Files.createDirectories(workspace);

        dynamo = keep(LocalDynamoDb.start(options.persistent() ? workspace.resolve("dynamodb") : null));
        if (options.kubeContext() == null) {
            cluster = keep(EmbeddedCluster.start(environments(options.config()), initialImage(options.config()),
                    options.failingImages(), options.clusterStep()));
            kubernetesClient = cluster.client();
            options.console().accept(cluster.description());
        } else {
            kubernetesClient = keep(connect(options.kubeContext()));
            options.console().accept("Kubernetes: kubeconfig context " + options.kubeContext() + " at "
                    + kubernetesClient.getMasterUrl() + " (a real cluster: the environments' namespaces and Deployments"
                    + " must exist there)");
        }

        // The HTTP API first: the approval links need its address. Its routes are bound once the handlers exist.
        Map<String, Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> routes = new ConcurrentHashMap<>();
        WaitingCallers callers = new WaitingCallers();
        http = keep(LocalHttpApi.start(options.httpPort(), routes, LocalHttpApi.READ_TIMEOUT, callers));

        // The Step Functions runtime next: the execution starter and the task callbacks need its API. Its Lambda
        // tasks are bound to the handlers below, before anything can start an execution.
        Map<String, RequestStreamHandler> functions = new ConcurrentHashMap<>();
        LocalBuildRunner buildRunner = new LocalBuildRunner(workspace, Clock.systemUTC(), System.getenv());
        buildProcesses = buildRunner.processes();
        int orphans = buildProcesses.reapOrphans();
        if (orphans > 0) {
            options.console().accept("killed " + orphans + " build process(es) a previous runtime left running");
        }
        TaskBinding builds = options.buildBinding() != null ? options.buildBinding()
                : new CodeBuildBinding(buildRunner,
                        options.sources(), this::buildEnvironment, options.buildLog(), Set.of(BENCHMARK_PROJECT));
        TaskBindings bindings = TaskBindings.builder()
                .bind("arn:aws:states:::lambda:invoke", new LambdaBinding(functions))
                .bind("arn:aws:states:::lambda:invoke.waitForTaskToken", new LambdaBinding(functions))
                .bind("arn:aws:states:::codebuild:startBuild.sync", builds)
                .build();
        executor = keep(new AslExecutor(bindings, options.clock()));
        executor.pace(callers); // the HTTP API's waiting callers go first (WaitingCallers says why)
        stepFunctions = keep(StepFunctionsServer.builder().executor(executor).port(options.stepFunctionsPort()).start());
        sfn = keep(SfnClient.builder()
                .httpClient(AwsClients.http())
                .endpointOverride(stepFunctions.endpoint())
                .region(LocalDynamoDb.region())
                .credentialsProvider(LocalDynamoDb.credentials())
                .build());
        stateMachineArn = sfn.createStateMachine(CreateStateMachineRequest.builder()
                .name(STATE_MACHINE_NAME)
                .roleArn("arn:aws:iam::000000000000:role/pipeline-local")
                .definition(PipelineDefinition.load(options.repositoryRoot()).substitute(substitutions()))
                .build()).stateMachineArn();
        PipelineDefinition rollback = PipelineDefinition.load(options.repositoryRoot(), "rollback.asl.json");
        rollbackStateMachineArn = sfn.createStateMachine(CreateStateMachineRequest.builder()
                .name(ROLLBACK_STATE_MACHINE_NAME)
                .roleArn("arn:aws:iam::000000000000:role/rollback-local")
                .definition(rollback.substitute(substitutionsFor(rollback.placeholders())))
                .build()).stateMachineArn();

        ports = LocalPorts.create(new LocalPorts.Parts(dynamo.client(), dynamo.tableName(), sfn, stateMachineArn,
                kubernetesClient, workspace, options.config(), options.webhookSecret(), options.linkSigningKey(),
                http.endpoint() + "/approvals", options.console(),
                options.statuses() != null ? options.statuses() : StageStatuses.fromEnv(Env.system())), options.sources());
        recorder = Services.runRecorder(ports);
        // Before anything can start a run: the runs a previous runtime left RUNNING have no execution any more.
        InterruptedRuns.abortLost(ports.runs(), ports.deliveries(), recorder, arn -> executor.execution(arn) != null,
                ports.clock().instant(), options.console());
        functions.put("run-recorder", new RunRecorderHandler(ports));
        functions.put("gate", new GateHandler(ports));
        functions.put("approval-request", new ApprovalRequestHandler(ports));
        functions.put("deploy", new DeployHandler(ports));
        functions.put("rollout-status", new RolloutStatusHandler(ports));
        functions.put("bake-check", new BakeCheckHandler(ports));
        functions.put("notify", new NotifyHandler(ports));

        approvals = Services.approvals(ports);
        WebhookHandler webhook = new WebhookHandler(ports);
        ApprovalHandler approvalPages = new ApprovalHandler(ports);
        routes.put("POST /webhook", event -> webhook.handleRequest(event, null));
        routes.put("GET /approvals", event -> approvalPages.handleRequest(event, null));
        routes.put("POST /approvals", event -> approvalPages.handleRequest(event, null));
        RunRequestHandler runRequests = new RunRequestHandler(ports);
        routes.put("POST /runs", event -> runRequests.handleRequest(event, null));
        if (options.schedulerClock() != null) {
            scheduler = new LocalScheduler(options.config(), Services.requestedRuns(ports)::scheduled, options.schedulerClock(),
                    options.console()).start();
            if (scheduler.schedules() > 0) {
                options.console().accept("scheduler: " + scheduler.schedules() + " schedule(s) of the configuration "
                        + "fire here (UTC)");
            }
        }
        PagesHandler pages = new PagesHandler(ports, BuildLogLinks.localFiles(workspace));
        for (String path : pagePaths()) {
            routes.put("GET " + path, event -> pages.handleRequest(event, null));
        }
    }

    /** The run pages' paths, served as on AWS (there behind the authorizer, the badges public): GET only. */
    public static List<String> pagePaths() {
        List<String> paths = new ArrayList<>(List.of("/"));
        paths.addAll(PagesRouter.PAGE_PATHS);
        paths.addAll(PagesRouter.BADGE_PATHS);
        return paths;
    }

    /** What each placeholder of pipeline.asl.json is bound to locally. */
    static Map<String, String> substitutions() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(StateMachinePlaceholders.RUN_RECORDER_FUNCTION_ARN, LambdaBinding.functionArn("run-recorder"));
        values.put(StateMachinePlaceholders.GATE_FUNCTION_ARN, LambdaBinding.functionArn("gate"));
        values.put(StateMachinePlaceholders.APPROVAL_REQUEST_FUNCTION_ARN, LambdaBinding.functionArn("approval-request"));
        values.put(StateMachinePlaceholders.DEPLOY_FUNCTION_ARN, LambdaBinding.functionArn("deploy"));
        values.put(StateMachinePlaceholders.ROLLOUT_STATUS_FUNCTION_ARN, LambdaBinding.functionArn("rollout-status"));
        values.put(StateMachinePlaceholders.BAKE_CHECK_FUNCTION_ARN, LambdaBinding.functionArn("bake-check"));
        values.put(StateMachinePlaceholders.NOTIFY_FUNCTION_ARN, LambdaBinding.functionArn("notify"));
        values.put(StateMachinePlaceholders.TEST_PROJECT_NAME, "pipeline-test");
        values.put(StateMachinePlaceholders.SCAN_PROJECT_NAME, "pipeline-scan");
        values.put(StateMachinePlaceholders.LINT_PROJECT_NAME, "pipeline-lint");
        values.put(StateMachinePlaceholders.BENCHMARK_PROJECT_NAME, BENCHMARK_PROJECT);
        values.put(StateMachinePlaceholders.BUILD_PROJECT_NAME, "pipeline-build");
        values.put(StateMachinePlaceholders.UNJUDGED_PROJECT_NAME, "pipeline-smoke");
        return values;
    }

    /**
     * The local bindings of the placeholders another state machine (rollback.asl.json) uses: the same functions as
     * the pipeline's; a placeholder the pipeline does not bind stays unbound and is refused by the substitution.
     */
    static Map<String, String> substitutionsFor(Set<String> placeholders) {
        Map<String, String> values = new LinkedHashMap<>(substitutions());
        values.keySet().retainAll(placeholders);
        return values;
    }

    private static List<EnvironmentTarget> environments(PipelineConfig config) {
        Map<String, EnvironmentTarget> byNamespace = new LinkedHashMap<>();
        config.repositories().values().forEach(repository -> repository.environments().values()
                .forEach(target -> byNamespace.putIfAbsent(target.namespace() + "/" + target.deployment(), target)));
        return List.copyOf(byNamespace.values());
    }

    /** What the simulated cluster runs before the first deploy: the previous release, by tag. */
    private static String initialImage(PipelineConfig config) {
        String repository = config.repositories().keySet().stream().findFirst().orElse("service");
        return "registry.local/" + repository.substring(repository.indexOf('/') + 1) + ":" + INITIAL_IMAGE_TAG;
    }

    /** A key for one session's approval links. */
    public static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    private <T extends AutoCloseable> T keep(T resource) {
        resources.add(0, resource);
        return resource;
    }

    /** Extra variables for every build of this commit (the local stand-in for a CodeBuild project's variables). */
    public void buildEnvironmentFor(String commit, Map<String, String> variables) {
        commitEnvironment.put(commit, Map.copyOf(variables));
    }

    /** The local build settings, then the commit's own: both override a buildspec's defaults, as a start-build override does. */
    private Map<String, String> buildEnvironment(String commit) {
        Map<String, String> variables = new LinkedHashMap<>(options.buildEnvironment());
        variables.putAll(commitEnvironment.getOrDefault(commit, Map.of()));
        return variables;
    }

    public void addListener(ExecutionListener listener) {
        executor.addListener(listener);
    }

    public AslExecutor executor() {
        return executor;
    }

    public SfnClient stepFunctions() {
        return sfn;
    }

    public String stateMachineArn() {
        return stateMachineArn;
    }

    /** The manual rollback's state machine (statemachines/rollback.asl.json). */
    public String rollbackStateMachineArn() {
        return rollbackStateMachineArn;
    }

    /** The ports the handlers run on. */
    public Ports ports() {
        return ports;
    }

    public RunStore runs() {
        return ports.runs();
    }

    public DeploymentHistory deployments() {
        return ports.deployments();
    }

    public ApprovalService approvals() {
        return approvals;
    }

    public KubernetesClient kubernetes() {
        return kubernetesClient;
    }

    /** The embedded, simulated cluster; empty when the runtime deploys to a kubeconfig context. */
    public java.util.Optional<EmbeddedCluster> cluster() {
        return java.util.Optional.ofNullable(cluster);
    }

    /** A client on a kubeconfig context, refusing a context the kubeconfig does not have. */
    static KubernetesClient connect(String context) {
        io.fabric8.kubernetes.client.Config config = io.fabric8.kubernetes.client.Config.autoConfigure(context);
        if (config.getCurrentContext() == null || !context.equals(config.getCurrentContext().getName())) {
            throw new IllegalArgumentException("kubeconfig has no context '" + context + "' (contexts: "
                    + config.getContexts().stream().map(c -> c.getName()).toList() + ")");
        }
        return KubernetesClients.connect(new ClusterConnection(null, context, null));
    }

    /** The scheduler of the configuration's schedules; empty unless the builder asked for {@code schedules}. */
    public java.util.Optional<LocalScheduler> scheduler() {
        return java.util.Optional.ofNullable(scheduler);
    }

    public LocalDynamoDb dynamo() {
        return dynamo;
    }

    public java.net.URI httpEndpoint() {
        return http.endpoint();
    }

    public java.net.URI stepFunctionsEndpoint() {
        return stepFunctions.endpoint();
    }

    /**
     * Stops the runtime: the webhook and approval pages first (nothing new starts), then every running execution is
     * stopped and its run ends ABORTED with the reason (its locks released, its statuses posted), every build shell is
     * killed with its children, and the servers close.
     */
    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.close();
        }
        if (http != null) {
            http.close();
        }
        if (executor != null && recorder != null) {
            InterruptedRuns.stopAll(executor, stateMachineArn, recorder, ports.locks(), ports.clock().instant(),
                    options.console());
        }
        if (buildProcesses != null) {
            buildProcesses.killAll();
        }
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                // closing local servers: keep closing the rest
            }
        }
        resources.clear();
    }
}
