package dev.serverlesscd.local.runtime;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.serverlesscd.asl.AslClock;
import dev.serverlesscd.asl.AslExecutor;
import dev.serverlesscd.asl.ExecutionListener;
import dev.serverlesscd.asl.TaskBinding;
import dev.serverlesscd.asl.TaskBindings;
import dev.serverlesscd.asl.api.StepFunctionsServer;
import dev.serverlesscd.functions.approval.ApprovalHandler;
import dev.serverlesscd.functions.approval.ApprovalLinks;
import dev.serverlesscd.functions.approval.ApprovalRequestHandler;
import dev.serverlesscd.functions.approval.ApprovalRequester;
import dev.serverlesscd.functions.approval.ApprovalService;
import dev.serverlesscd.functions.approval.DynamoDbApprovalStore;
import dev.serverlesscd.functions.approval.LinkSigner;
import dev.serverlesscd.functions.callback.SfnTaskCallbacks;
import dev.serverlesscd.functions.callback.TaskCallbacks;
import dev.serverlesscd.functions.common.AwsClients;
import dev.serverlesscd.functions.config.PipelineConfig;
import dev.serverlesscd.functions.deploy.ClusterConnection;
import dev.serverlesscd.functions.deploy.DeployHandler;
import dev.serverlesscd.functions.deploy.KubernetesClients;
import dev.serverlesscd.functions.deploy.DeployService;
import dev.serverlesscd.functions.deploy.HealthEndpoints;
import dev.serverlesscd.functions.deploy.JdkHttpProbe;
import dev.serverlesscd.functions.deploy.DeploymentHistory;
import dev.serverlesscd.functions.deploy.DynamoDbDeploymentHistory;
import dev.serverlesscd.functions.deploy.DynamoDbEnvironmentLocks;
import dev.serverlesscd.functions.deploy.KubernetesCluster;
import dev.serverlesscd.functions.deploy.RolloutStatusHandler;
import dev.serverlesscd.functions.common.Env;
import dev.serverlesscd.functions.gate.Baselines;
import dev.serverlesscd.functions.gate.DynamoDbBaselines;
import dev.serverlesscd.functions.gate.GateHandler;
import dev.serverlesscd.functions.gate.GateService;
import dev.serverlesscd.functions.github.StageStatuses;
import dev.serverlesscd.functions.mail.Mailer;
import dev.serverlesscd.functions.mail.OutboxMailer;
import dev.serverlesscd.functions.notify.NotifyConfig;
import dev.serverlesscd.functions.notify.NotifyHandler;
import dev.serverlesscd.functions.notify.Notifier;
import dev.serverlesscd.functions.reports.LocalReportSource;
import dev.serverlesscd.functions.run.DynamoDbRunStore;
import dev.serverlesscd.functions.run.EnvironmentTarget;
import dev.serverlesscd.functions.run.RunRecorderHandler;
import dev.serverlesscd.functions.run.RunStore;
import dev.serverlesscd.functions.start.SfnExecutionStarter;
import dev.serverlesscd.functions.webhook.BranchSupersession;
import dev.serverlesscd.functions.webhook.StaticWebhookSecret;
import dev.serverlesscd.functions.webhook.WebhookService;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
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
    private RunStore runs;
    private DeploymentHistory deployments;
    private ApprovalService approvals;
    private WebhookService webhook;

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
     */
    public record Options(
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
            BiConsumer<String, String> buildLog) {
    }

    private LocalPipeline(Options options) {
        this.options = options;
    }

    public static LocalPipeline start(Options options) {
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
        Clock handlerClock = Clock.systemUTC();

        dynamo = keep(LocalDynamoDb.start(options.persistent() ? workspace.resolve("dynamodb") : null));
        String table = dynamo.tableName();
        runs = new DynamoDbRunStore(dynamo.client(), table);
        deployments = new DynamoDbDeploymentHistory(dynamo.client(), table);

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
        KubernetesCluster kubernetes = new KubernetesCluster(kubernetesClient);

        Mailer mailer = new OutboxMailer(workspace.resolve("outbox"), handlerClock, options.console());
        LinkSigner signer = new LinkSigner(options.linkSigningKey());

        // The HTTP API first: the approval links need its address.
        Map<String, java.util.function.Function<com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent,
                com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse>> routes = new HashMap<>();
        http = keep(LocalHttpApi.start(options.httpPort(), routes));
        String approvalsUrl = http.endpoint() + "/approvals";

        Map<String, RequestStreamHandler> functions = new LinkedHashMap<>();
        // Commit statuses post for real when GITHUB_TOKEN is set (GITHUB_API_URL, RUN_LINK_BASE_URL as on AWS); else they are logged as off.
        StageStatuses statuses = StageStatuses.fromEnv(Env.system());
        Baselines baselines = new DynamoDbBaselines(dynamo.client(), table);
        DynamoDbEnvironmentLocks locks = new DynamoDbEnvironmentLocks(dynamo.client(), table);
        functions.put("run-recorder", new RunRecorderHandler(runs, handlerClock, statuses, baselines, locks));
        functions.put("gate", new GateHandler(GateService.builder(new LocalReportSource(workspace), runs, handlerClock,
                options.config().tiers()).baselines(baselines).statuses(statuses).build()));
        // Callbacks through the local Step Functions API, which is bound below: only used once runs execute.
        TaskCallbacks callbacks = new TaskCallbacks() {
            @Override
            public void succeed(String token, com.fasterxml.jackson.databind.JsonNode output) {
                new SfnTaskCallbacks(sfn).succeed(token, output);
            }

            @Override
            public void fail(String token, String error, String cause) {
                new SfnTaskCallbacks(sfn).fail(token, error, cause);
            }

            @Override
            public void heartbeat(String token) {
                new SfnTaskCallbacks(sfn).heartbeat(token);
            }
        };
        BranchSupersession supersession = BranchSupersession.onTable(dynamo.client(), table, runs);
        functions.put("approval-request", new ApprovalRequestHandler(new ApprovalRequester(
                new DynamoDbApprovalStore(dynamo.client(), table), mailer, new ApprovalLinks(approvalsUrl, signer),
                "pipeline@localhost", Duration.ofHours(72), supersession, callbacks), handlerClock));
        functions.put("deploy", new DeployHandler(new DeployService(kubernetes, deployments, HealthEndpoints.none(),
                new JdkHttpProbe(Duration.ofSeconds(5)), supersession, locks, handlerClock), statuses));
        functions.put("rollout-status", new RolloutStatusHandler(kubernetes, deployments, handlerClock));
        functions.put("notify", new NotifyHandler(new Notifier(mailer, new NotifyConfig("pipeline@localhost", List.of()))));

        TaskBinding builds = options.buildBinding() != null ? options.buildBinding()
                : new CodeBuildBinding(new LocalBuildRunner(workspace, handlerClock, System.getenv()), options.sources(),
                        this::buildEnvironment, options.buildLog(), Set.of(BENCHMARK_PROJECT));

        TaskBindings bindings = TaskBindings.builder()
                .bind("arn:aws:states:::lambda:invoke", new LambdaBinding(functions))
                .bind("arn:aws:states:::lambda:invoke.waitForTaskToken", new LambdaBinding(functions))
                .bind("arn:aws:states:::codebuild:startBuild.sync", builds)
                .build();
        executor = keep(new AslExecutor(bindings, options.clock()));
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

        approvals = new ApprovalService(new DynamoDbApprovalStore(dynamo.client(), table), new SfnTaskCallbacks(sfn), signer);
        webhook = WebhookService.onTable(dynamo.client(), table, new SfnExecutionStarter(sfn, stateMachineArn),
                approvals, new StaticWebhookSecret(options.webhookSecret()), options.config(), handlerClock);
        ApprovalHandler approvalPages = new ApprovalHandler(approvals, handlerClock);
        routes.put("POST /webhook", webhook::handle);
        routes.put("GET /approvals", event -> approvalPages.handleRequest(event, null));
        routes.put("POST /approvals", event -> approvalPages.handleRequest(event, null));
    }

    /** What each placeholder of pipeline.asl.json is bound to locally. */
    static Map<String, String> substitutions() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("RunRecorderFunctionArn", LambdaBinding.functionArn("run-recorder"));
        values.put("GateFunctionArn", LambdaBinding.functionArn("gate"));
        values.put("ApprovalRequestFunctionArn", LambdaBinding.functionArn("approval-request"));
        values.put("DeployFunctionArn", LambdaBinding.functionArn("deploy"));
        values.put("RolloutStatusFunctionArn", LambdaBinding.functionArn("rollout-status"));
        values.put("NotifyFunctionArn", LambdaBinding.functionArn("notify"));
        values.put("TestProjectName", "pipeline-test");
        values.put("ScanProjectName", "pipeline-scan");
        values.put("LintProjectName", "pipeline-lint");
        values.put("BenchmarkProjectName", BENCHMARK_PROJECT);
        values.put("BuildProjectName", "pipeline-build");
        values.put("SmokeProjectName", "pipeline-smoke");
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

    public RunStore runs() {
        return runs;
    }

    public DeploymentHistory deployments() {
        return deployments;
    }

    public ApprovalService approvals() {
        return approvals;
    }

    public WebhookService webhook() {
        return webhook;
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

    public LocalDynamoDb dynamo() {
        return dynamo;
    }

    public java.net.URI httpEndpoint() {
        return http.endpoint();
    }

    public java.net.URI stepFunctionsEndpoint() {
        return stepFunctions.endpoint();
    }

    @Override
    public void close() {
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
