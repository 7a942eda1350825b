package dev.serverlesscd.infra;

import static dev.serverlesscd.functions.common.EnvironmentVariables.APPROVAL_BASE_URL;
import static dev.serverlesscd.functions.common.EnvironmentVariables.CHAT_SECRET_PREFIX;
import static dev.serverlesscd.functions.common.EnvironmentVariables.CLUSTER_NAME;
import static dev.serverlesscd.functions.common.EnvironmentVariables.ECR_REPOSITORY;
import static dev.serverlesscd.functions.common.EnvironmentVariables.GITHUB_API_URL;
import static dev.serverlesscd.functions.common.EnvironmentVariables.GITHUB_APP_ID;
import static dev.serverlesscd.functions.common.EnvironmentVariables.GITHUB_APP_INSTALLATION_ID;
import static dev.serverlesscd.functions.common.EnvironmentVariables.GITHUB_APP_PRIVATE_KEY_SECRET_ARN;
import static dev.serverlesscd.functions.common.EnvironmentVariables.GITHUB_TOKEN_SECRET_ARN;
import static dev.serverlesscd.functions.common.EnvironmentVariables.LINK_SIGNING_KEY_SECRET_ARN;
import static dev.serverlesscd.functions.common.EnvironmentVariables.PIPELINE_CONFIG;
import static dev.serverlesscd.functions.common.EnvironmentVariables.REPORTS_BUCKET;
import static dev.serverlesscd.functions.common.EnvironmentVariables.RUN_LINK_BASE_URL;
import static dev.serverlesscd.functions.common.EnvironmentVariables.SENDER_EMAIL;
import static dev.serverlesscd.functions.common.EnvironmentVariables.TABLE_NAME;
import static dev.serverlesscd.infra.FunctionRoles.TABLE_READ;
import static dev.serverlesscd.infra.FunctionRoles.TABLE_READ_WRITE;
import static dev.serverlesscd.infra.FunctionRoles.TABLE_READ_WRITE_LOCKS;
import static dev.serverlesscd.infra.FunctionRoles.allowMail;
import static dev.serverlesscd.infra.FunctionRoles.allowSecret;
import static dev.serverlesscd.infra.FunctionRoles.allowTable;

import dev.serverlesscd.functions.config.EnvironmentTarget;
import dev.serverlesscd.functions.lambda.ApprovalRequestHandler;
import dev.serverlesscd.functions.lambda.BakeCheckHandler;
import dev.serverlesscd.functions.lambda.DeployHandler;
import dev.serverlesscd.functions.lambda.GateHandler;
import dev.serverlesscd.functions.lambda.NotifyHandler;
import dev.serverlesscd.functions.lambda.RolloutStatusHandler;
import dev.serverlesscd.functions.lambda.RunRecorderHandler;
import dev.serverlesscd.infra.config.InfraConfig;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.codebuild.ReportGroup;
import software.amazon.awscdk.services.eks.CfnAccessEntry;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.DestinationConfig;
import software.amazon.awscdk.services.lambda.DestinationOptions;
import software.amazon.awscdk.services.lambda.EventInvokeConfigOptions;
import software.amazon.awscdk.services.lambda.IDestination;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The functions the state machines run as tasks: RunRecorder, Gate, ApprovalRequest, Deploy, RolloutStatus,
 * BakeCheck and Notify, each with a role of its own (Deploy and RolloutStatus share the deployer role, which an EKS access entry
 * maps to {@link ServerlessCdStack#DEPLOYER_GROUP}).
 */
final class TaskFunctions extends Construct {

    /**
     * @param config          the validated configuration: cluster, GitHub API, sender, the pipeline configuration
     * @param storage         the table, bucket, repository, secrets, mail identities and failure queue they use
     * @param builds          the test project and report groups the gate reads
     * @param pipelineName    the pipeline state machine's fixed name (it names these functions, so they cannot
     *                        refer to it)
     * @param approvalBaseUrl the approval pages' base URL the mailed links point to
     * @param code            the functions jar
     * @param logRetention    retention of the functions' log groups
     */
    record Props(InfraConfig config, Storage storage, CheckBuilds builds, String pipelineName,
                 String approvalBaseUrl, Code code, RetentionDays logRetention) {
    }

    /** Where this construct builds its resources: see docs/architecture.md, "The CDK app". */
    private final Stack stack;
    private final Props props;
    private final Storage storage;
    private final IRole deployerRole;
    private final JavaFunction runRecorder;
    private final JavaFunction gate;
    private final JavaFunction approvalRequest;
    private final JavaFunction deploy;
    private final JavaFunction rolloutStatus;
    private final JavaFunction bakeCheck;
    private final JavaFunction notifier;

    TaskFunctions(Construct scope, String id, Props props) {
        super(scope, id);
        this.stack = Stack.of(this);
        this.props = props;
        this.storage = props.storage();
        deployerRole = createDeployerRole();
        runRecorder = runRecorderFunction();
        gate = gateFunction();
        approvalRequest = approvalRequestFunction();
        deploy = deployFunction("Deploy", DeployHandler.class, Duration.seconds(60));
        rolloutStatus = deployFunction("RolloutStatus", RolloutStatusHandler.class, Duration.seconds(30));
        bakeCheck = bakeCheckFunction();
        notifier = notifyFunction();
        NagSuppressions.addResourceSuppressions(gate.function().getRole(), List.of(
                Nag.reportsPrefix(storage.reportsBucket())), true);
        NagSuppressions.addResourceSuppressions(deployerRole, List.of(
                Nag.reportsPrefix(storage.reportsBucket())), true);
        NagSuppressions.addResourceSuppressions(runRecorder.function().getRole(), List.of(
                Nag.reportsPrefix(storage.reportsBucket()),
                Nag.suppression("AwsSolutions-IAM5", "Chat channels are configuration: each channel's webhook URL is "
                        + "a secret the owner creates under <stackName>/chat/, so the prefix is the narrowest scope.",
                        "Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:"
                                + chatSecretPrefix() + "*")), true);
    }

    JavaFunction runRecorder() {
        return runRecorder;
    }

    JavaFunction gate() {
        return gate;
    }

    JavaFunction approvalRequest() {
        return approvalRequest;
    }

    JavaFunction deploy() {
        return deploy;
    }

    JavaFunction rolloutStatus() {
        return rolloutStatus;
    }

    /** The CheckBake task's function: one check of an environment's bake period. */
    JavaFunction bakeCheck() {
        return bakeCheck;
    }

    /** The Notify function ({@code notify} is taken by Object). */
    JavaFunction notifier() {
        return notifier;
    }

    /** The role of Deploy and RolloutStatus, in the Kubernetes group {@link ServerlessCdStack#DEPLOYER_GROUP}. */
    IRole deployerRole() {
        return deployerRole;
    }

    /** All seven, in the order they were defined. */
    List<JavaFunction> all() {
        return List.of(runRecorder, gate, approvalRequest, deploy, rolloutStatus, bakeCheck, notifier);
    }

    // ---------------------------------------------------------------- factories

    /**
     * The role of Deploy and RolloutStatus: an EKS access entry maps it to {@link ServerlessCdStack#DEPLOYER_GROUP},
     * which k8s/deployer-rbac.yaml binds, in each environment's namespace only, to a Role allowing server-side apply
     * and pruning of the manifests' kinds (docs/deploy.md, "EKS access"). The entry attaches no AWS access policy.
     */
    private IRole createDeployerRole() {
        InfraConfig config = props.config();
        Role role = FunctionRoles.create(stack, "Deployer", "Deploy and RolloutStatus functions; Kubernetes group "
                + ServerlessCdStack.DEPLOYER_GROUP + " on " + config.clusterName());
        allowTable(role, storage.table(), TABLE_READ_WRITE_LOCKS);
        allowGitHub(role);
        // the service's manifests: the image build copies them to runs/<runId>/build/manifests/
        allowRunReports(role);
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("DescribeCluster")
                .actions(List.of("eks:DescribeCluster"))
                .resources(List.of(stack.formatArn(ArnComponents.builder()
                        .service("eks").resource("cluster").resourceName(config.clusterName()).build())))
                .build());
        CfnAccessEntry.Builder.create(stack, "DeployerAccessEntry")
                .clusterName(config.clusterName())
                .principalArn(role.getRoleArn())
                .kubernetesGroups(List.of(ServerlessCdStack.DEPLOYER_GROUP))
                .type("STANDARD")
                .build();
        return role;
    }

    /**
     * RunRecorder also publishes a run's end (docs/architecture.md, "Publishing"): it reads the pipeline configuration,
     * the run's SARIF reports and SBOM under {@code runs/}, and the chat channels' webhook URLs, each a secret under
     * {@code <stackName>/chat/}.
     */
    private JavaFunction runRecorderFunction() {
        IRole role = FunctionRoles.create(stack, "RunRecorder", "RunRecorder function");
        allowTable(role, storage.table(), TABLE_READ_WRITE_LOCKS);
        allowGitHub(role);
        allowRunReports(role);
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("ReadChatWebhooks")
                .actions(List.of("secretsmanager:GetSecretValue"))
                .resources(List.of(stack.formatArn(ArnComponents.builder().service("secretsmanager")
                        .resource("secret").resourceName(chatSecretPrefix() + "*")
                        .arnFormat(ArnFormat.COLON_RESOURCE_NAME).build())))
                .build());
        // 120 s: publishing makes a handful of GitHub and chat calls, each within its own budget (10 s per GitHub
        // call by default); a timeout here would fail RecordOutcome, which must not happen for publishing's sake
        return function("RunRecorder", RunRecorderHandler.class, 512, Duration.seconds(120), role, withGitHub(Map.of(
                TABLE_NAME, storage.table().getTableName(),
                PIPELINE_CONFIG, props.config().pipeline().yaml(),
                REPORTS_BUCKET, storage.reportsBucket().getBucketName(),
                CHAT_SECRET_PREFIX, chatSecretPrefix(),
                RUN_LINK_BASE_URL, runLink())));
    }

    /**
     * Lets {@code role} read what the functions call GitHub with: the GitHub App's private key when the deployment
     * names an app ({@code githubAppId}), else the token secret.
     */
    private void allowGitHub(IRole role) {
        allowSecret(role, storage.githubAppPrivateKey().orElse(storage.githubTokenSecret()));
    }

    /** {@code environment} and how to call GitHub: as the GitHub App when the deployment names one, else with the token. */
    private Map<String, String> withGitHub(Map<String, String> environment) {
        Map<String, String> all = new java.util.LinkedHashMap<>(environment);
        all.put(GITHUB_API_URL, props.config().githubApiUrl().toString());
        storage.githubAppPrivateKey().ifPresentOrElse(key -> {
            all.put(GITHUB_APP_ID, props.config().githubAppId());
            all.put(GITHUB_APP_INSTALLATION_ID, props.config().githubAppInstallationId());
            all.put(GITHUB_APP_PRIVATE_KEY_SECRET_ARN, key.getSecretArn());
        }, () -> all.put(GITHUB_TOKEN_SECRET_ARN, storage.githubTokenSecret().getSecretArn()));
        return all;
    }

    /** Where the chat channels' webhook URLs are: secret {@code <stackName>/chat/<secret>}. */
    private String chatSecretPrefix() {
        return props.config().stackName() + "/chat/";
    }

    /** Read (and list) a run's reports under {@code runs/}. */
    private void allowRunReports(IRole role) {
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("ReadRunReports")
                .actions(List.of("s3:GetObject"))
                .resources(List.of(storage.reportsBucket().arnForObjects("runs/*")))
                .build());
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("ListRunReports")
                .actions(List.of("s3:ListBucket"))
                .resources(List.of(storage.reportsBucket().getBucketArn()))
                .conditions(Map.of("StringLike", Map.of("s3:prefix", List.of("runs/*"))))
                .build());
    }

    /**
     * The gate reads the test build's report groups: BatchGetBuilds on the test project for the build's report
     * ARNs, then the reports of the two groups the project's environment names (TEST_REPORT_GROUP_ARN,
     * COVERAGE_REPORT_GROUP_ARN), which a service's buildspec publishes to.
     */
    private JavaFunction gateFunction() {
        IRole role = FunctionRoles.create(stack, "Gate", "Gate function");
        allowTable(role, storage.table(), TABLE_READ_WRITE);
        allowGitHub(role);
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("FindBuildReports")
                .actions(List.of("codebuild:BatchGetBuilds"))
                .resources(List.of(props.builds().test().getProjectArn()))
                .build());
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("ReadBuildReports")
                .actions(List.of("codebuild:BatchGetReports", "codebuild:DescribeTestCases",
                        "codebuild:DescribeCodeCoverages"))
                .resources(props.builds().testReportGroups().stream().map(ReportGroup::getReportGroupArn).toList())
                .build());
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("ReadImage")
                // DescribeImages: the built image's size, judged against the last image's
                .actions(List.of("ecr:DescribeImageScanFindings", "ecr:DescribeImages"))
                .resources(List.of(storage.imageRepository().getRepositoryArn()))
                .build());
        // The gate finds a stage's reports by listing runs/<runId>/<stage>/; listing is limited to that prefix.
        allowRunReports(role);
        return function("Gate", GateHandler.class, 1024, Duration.seconds(60), role, withGitHub(Map.of(
                TABLE_NAME, storage.table().getTableName(),
                PIPELINE_CONFIG, props.config().pipeline().yaml(),
                REPORTS_BUCKET, storage.reportsBucket().getBucketName(),
                ECR_REPOSITORY, storage.imageRepository().getRepositoryName(),
                RUN_LINK_BASE_URL, runLink())));
    }

    /**
     * Called with {@code lambda:invoke.waitForTaskToken}: it stores the token, mails the links and returns. Should
     * the state machine invoke it asynchronously, failures after two retries go to the failure queue.
     */
    private JavaFunction approvalRequestFunction() {
        IRole role = FunctionRoles.create(stack, "ApprovalRequest", "ApprovalRequest function");
        allowTable(role, storage.table(), TABLE_READ_WRITE);
        allowSecret(role, storage.linkSigningKey());
        allowMail(role, storage.mailIdentityArns());
        // An approval requested for a superseded run is ended at once (Approval.Superseded). The state machine's
        // ARN is built from its fixed name: a reference to the state machine itself would be a cycle, since the
        // state machine names this function.
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("EndSupersededApproval")
                .actions(List.of("states:SendTaskFailure"))
                .resources(List.of(stack.formatArn(ArnComponents.builder().service("states")
                        .resource("stateMachine").resourceName(props.pipelineName())
                        .arnFormat(ArnFormat.COLON_RESOURCE_NAME).build())))
                .build());
        JavaFunction function = function("ApprovalRequest", ApprovalRequestHandler.class, 512,
                Duration.seconds(30), role, Map.of(
                        TABLE_NAME, storage.table().getTableName(),
                        LINK_SIGNING_KEY_SECRET_ARN, storage.linkSigningKey().getSecretArn(),
                        APPROVAL_BASE_URL, props.approvalBaseUrl(),
                        SENDER_EMAIL, props.config().senderEmail()));
        // The destination is bound by hand so the role gets sqs:SendMessage only (SqsDestination also grants
        // GetQueueAttributes and GetQueueUrl, which Lambda does not call).
        String failureQueueArn = storage.asyncFailures().getQueueArn();
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("SendFailedInvocations")
                .actions(List.of("sqs:SendMessage"))
                .resources(List.of(failureQueueArn))
                .build());
        function.alias().configureAsyncInvoke(EventInvokeConfigOptions.builder()
                .onFailure(new IDestination() {
                    @Override
                    public DestinationConfig bind(Construct scope, IFunction fn, DestinationOptions options) {
                        return bind(scope, fn);
                    }

                    @Override
                    public DestinationConfig bind(Construct scope, IFunction fn) {
                        return DestinationConfig.builder().destination(failureQueueArn).build();
                    }
                })
                .retryAttempts(2)
                .maxEventAge(Duration.hours(1))
                .build());
        return function;
    }

    /** Deploy and RolloutStatus, with the deployer role; Deploy posts each environment's commit status. */
    private JavaFunction deployFunction(String id, Class<?> handler, Duration timeout) {
        return function(id, handler, 1024, timeout, deployerRole, withGitHub(Map.of(
                TABLE_NAME, storage.table().getTableName(),
                CLUSTER_NAME, props.config().clusterName(),
                REPORTS_BUCKET, storage.reportsBucket().getBucketName(),
                RUN_LINK_BASE_URL, runLink())));
    }

    /**
     * BakeCheck probes over HTTP and reads the alarms the bake periods name: cloudwatch:DescribeAlarms on exactly
     * those alarms' ARNs (DescribeAlarms takes alarm ARNs as resources), and nothing when no environment names one.
     * It needs no table and no cluster. 90 s: a check's requests stop after 60 s (Services.bake).
     */
    private JavaFunction bakeCheckFunction() {
        IRole role = FunctionRoles.create(stack, "BakeCheck", "BakeCheck function");
        List<String> alarms = bakeAlarms();
        if (!alarms.isEmpty()) {
            role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                    .sid("ReadBakeAlarms")
                    .actions(List.of("cloudwatch:DescribeAlarms"))
                    .resources(alarms.stream().map(name -> stack.formatArn(ArnComponents.builder()
                            .service("cloudwatch").resource("alarm").resourceName(name)
                            .arnFormat(ArnFormat.COLON_RESOURCE_NAME).build())).toList())
                    .build());
        }
        return function("BakeCheck", BakeCheckHandler.class, 512, Duration.seconds(90), role, Map.of());
    }

    /** Every alarm a bake period of the pipeline configuration names, each once, in the file's order. */
    private List<String> bakeAlarms() {
        return props.config().pipeline().config().repositories().values().stream()
                .flatMap(repository -> repository.environments().values().stream())
                .map(EnvironmentTarget::bake)
                .filter(java.util.Objects::nonNull)
                .flatMap(bake -> bake.alarms().stream())
                .distinct()
                .toList();
    }

    private JavaFunction notifyFunction() {
        IRole role = FunctionRoles.create(stack, "Notify", "Notify function");
        allowTable(role, storage.table(), TABLE_READ);
        allowGitHub(role);
        allowMail(role, storage.mailIdentityArns());
        return function("Notify", NotifyHandler.class, 512, Duration.seconds(30), role, withGitHub(Map.of(
                TABLE_NAME, storage.table().getTableName(),
                SENDER_EMAIL, props.config().senderEmail())));
    }

    /**
     * Where a commit status links: the run's execution in the Step Functions console ({runId} is the execution
     * name).
     */
    private String runLink() {
        return "https://" + Aws.REGION + ".console.aws.amazon.com/states/home?region=" + Aws.REGION
                + "#/v2/executions/details/arn:" + Aws.PARTITION + ":states:" + Aws.REGION + ":" + Aws.ACCOUNT_ID
                + ":execution:" + props.pipelineName() + ":{runId}";
    }

    private JavaFunction function(String id, Class<?> handler, int memoryMb, Duration timeout, IRole role,
                                  Map<String, String> environment) {
        return new JavaFunction(this, id, new JavaFunction.Props(handler, memoryMb, timeout, role, environment,
                props.code(), props.logRetention()));
    }
}
