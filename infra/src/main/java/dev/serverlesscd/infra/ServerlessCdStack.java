package dev.serverlesscd.infra;

import dev.serverlesscd.functions.config.PipelineConfigLoader;
import dev.serverlesscd.functions.github.GitHubStatusConfig;
import dev.serverlesscd.infra.config.InfraConfig;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.apigatewayv2.HttpStageOptions;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogDestination;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogSettings;
import software.amazon.awscdk.services.apigatewayv2.LogGroupLogDestination;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.AlarmStatusWidget;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IAlarm;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.codebuild.BuildEnvironment;
import software.amazon.awscdk.services.codebuild.BuildEnvironmentVariable;
import software.amazon.awscdk.services.codebuild.BuildSpec;
import software.amazon.awscdk.services.codebuild.Cache;
import software.amazon.awscdk.services.codebuild.CfnProject;
import software.amazon.awscdk.services.codebuild.CloudWatchLoggingOptions;
import software.amazon.awscdk.services.codebuild.ComputeType;
import software.amazon.awscdk.services.codebuild.GitHubSourceProps;
import software.amazon.awscdk.services.codebuild.LinuxBuildImage;
import software.amazon.awscdk.services.codebuild.LocalCacheMode;
import software.amazon.awscdk.services.codebuild.LoggingOptions;
import software.amazon.awscdk.services.codebuild.Project;
import software.amazon.awscdk.services.codebuild.ReportGroup;
import software.amazon.awscdk.services.codebuild.ReportGroupType;
import software.amazon.awscdk.services.codebuild.Source;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.ecr.ImageTagMutabilityExclusionFilter;
import software.amazon.awscdk.services.ecr.LifecycleRule;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.ecr.RepositoryEncryption;
import software.amazon.awscdk.services.ecr.TagMutability;
import software.amazon.awscdk.services.ecr.TagStatus;
import software.amazon.awscdk.services.eks.CfnAccessEntry;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.ApplicationLogLevel;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.DestinationConfig;
import software.amazon.awscdk.services.logs.FilterPattern;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.MetricFilter;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.amazon.awscdk.services.ses.EmailIdentity;
import software.amazon.awscdk.services.ses.Identity;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;
import software.constructs.Construct;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every AWS resource of the pipeline, in one stack: read top to bottom, each resource has its factory method.
 * Permissions are written out statement by statement (no grant helper that adds more than a function calls).
 */
public final class ServerlessCdStack extends Stack {

    /**
     * @param config                 the validated configuration
     * @param functionsJar           the shaded jar of every handler
     * @param stateMachineDefinition statemachines/pipeline.asl.json (the manual rollback's rollback.asl.json is read
     *                               from beside it)
     * @param stackProps             name, description and (optionally) the pinned environment
     */
    public record Props(InfraConfig config, Path functionsJar, Path stateMachineDefinition, StackProps stackProps) {

        /** statemachines/rollback.asl.json, the manual rollback: beside the pipeline's definition. */
        public Path rollbackDefinition() {
            return stateMachineDefinition.resolveSibling("rollback.asl.json");
        }
    }

    /** The Kubernetes group that k8s/deployer-rbac.yaml binds; the EKS access entry puts the deployer role in it. */
    public static final String DEPLOYER_GROUP = "serverless-cd-deployers";
    public static final String ALIAS_NAME = "live";
    /**
     * The Trivy release the scan project installs (TRIVY_VERSION: buildspecs/scripts/install-trivy.sh of the
     * sample downloads it from Trivy's GitHub releases and checks it against the release's checksums file), since
     * CodeBuild's standard image has no Trivy. Raise it deliberately: a release is pinned, never "latest".
     */
    public static final String TRIVY_VERSION = "0.58.1";

    private static final String HANDLER_PACKAGE = "dev.serverlesscd.functions.";
    private static final List<String> TABLE_READ = List.of("dynamodb:GetItem", "dynamodb:Query");
    private static final List<String> TABLE_READ_WRITE =
            // ConditionCheckItem: the stores' transactions check an item they do not write (a stage needs its run).
            List.of("dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem",
                    "dynamodb:ConditionCheckItem");
    /** The deploy functions and the run recorder also release environment locks (a conditional DeleteItem). */
    private static final List<String> TABLE_READ_WRITE_LOCKS =
            List.of("dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem",
                    "dynamodb:ConditionCheckItem", "dynamodb:DeleteItem");

    private final InfraConfig config;
    private final RetentionDays retention;
    private final Code code;
    private final Map<String, Function> functions = new LinkedHashMap<>();
    private final List<IAlarm> alarms = new ArrayList<>();

    private final Table table;
    private final Bucket reportsBucket;
    private final Repository imageRepository;
    private final Secret webhookSecret;
    private final Secret githubTokenSecret;
    private final Secret linkSigningKey;
    private final Secret sourceCredential;
    private final List<String> mailIdentityArns;
    private final Topic alarmTopic;
    private final Queue asyncFailures;

    public ServerlessCdStack(Construct scope, String id, Props props) {
        super(scope, id, props.stackProps());
        this.config = props.config();
        this.retention = RetentionDays.valueOf(retentionName(config.logRetentionDays()));
        this.code = Code.fromAsset(props.functionsJar().toString());

        // State and storage
        table = table();
        reportsBucket = reportsBucket();
        imageRepository = imageRepository();
        webhookSecret = secret("WebhookSecret", "webhook-secret",
                "HMAC secret GitHub signs webhook deliveries with (X-Hub-Signature-256). Paste it into the webhook.",
                null);
        githubTokenSecret = secret("GitHubTokenSecret", "github-token",
                "GitHub token the functions post commit statuses with. Replace the generated value with a token "
                        + "that has Commit statuses: read and write.", null);
        linkSigningKey = secret("LinkSigningKey", "link-signing-key",
                "Key that signs the approval links mailed to approvers.", null);
        sourceCredential = secret("SourceCredentialSecret", "codebuild-source-credential",
                "GitHub token CodeBuild clones with, in CodeBuild's format. Replace Token with a token that has "
                        + "Contents: read-only.", "{\"ServerType\":\"GITHUB\",\"AuthType\":\"PERSONAL_ACCESS_TOKEN\"}");
        mailIdentityArns = mailIdentities();
        alarmTopic = alarmTopic();
        asyncFailures = asyncFailureQueue();

        // Builds
        ReportGroup testReports = reportGroup("TestReports", ReportGroupType.TEST);
        ReportGroup coverageReports = reportGroup("CoverageReports", ReportGroupType.CODE_COVERAGE);
        Project test = checkProject("test", ComputeType.MEDIUM, Duration.minutes(30), Map.of(
                "TEST_REPORT_GROUP_ARN", plain(testReports.getReportGroupArn()),
                "COVERAGE_REPORT_GROUP_ARN", plain(coverageReports.getReportGroupArn())));
        testReports.grantWrite(test);
        coverageReports.grantWrite(test);
        Project scan = checkProject("scan", ComputeType.SMALL, Duration.minutes(20), Map.of(
                "TRIVY_VERSION", plain(TRIVY_VERSION)));
        Project lint = checkProject("lint", ComputeType.SMALL, Duration.minutes(15), Map.of());
        Project benchmark = checkProject("benchmark", ComputeType.MEDIUM, Duration.minutes(30), Map.of());
        Project build = imageBuildProject();
        Project smoke = smokeProject();

        // Functions run by the state machine
        IRole deployerRole = deployerRole();
        Alias runRecorder = runRecorderFunction();
        Alias gate = gateFunction(test, List.of(testReports, coverageReports));
        HttpApi api = httpApi();
        String approvalBaseUrl = api.getApiEndpoint() + "/approvals";
        Alias approvalRequest = approvalRequestFunction(approvalBaseUrl);
        Alias deploy = deployFunction("Deploy", "deploy.DeployHandler", deployerRole, Duration.seconds(60));
        Alias rolloutStatus = deployFunction("RolloutStatus", "deploy.RolloutStatusHandler", deployerRole,
                Duration.seconds(30));
        Alias notify = notifyFunction();

        LogGroup executionLogs = logGroup("PipelineExecutionLogs",
                "/aws/vendedlogs/states/" + config.stackName() + "-pipeline");
        StateMachine pipeline = stateMachine("Pipeline", stateMachineName(), "The pipeline state machine",
                props.stateMachineDefinition(), executionLogs, new LinkedHashMap<>(Map.ofEntries(
                Map.entry("RunRecorderFunctionArn", runRecorder.getFunctionArn()),
                Map.entry("GateFunctionArn", gate.getFunctionArn()),
                Map.entry("ApprovalRequestFunctionArn", approvalRequest.getFunctionArn()),
                Map.entry("DeployFunctionArn", deploy.getFunctionArn()),
                Map.entry("RolloutStatusFunctionArn", rolloutStatus.getFunctionArn()),
                Map.entry("NotifyFunctionArn", notify.getFunctionArn()),
                Map.entry("TestProjectName", test.getProjectName()),
                Map.entry("ScanProjectName", scan.getProjectName()),
                Map.entry("LintProjectName", lint.getProjectName()),
                Map.entry("BenchmarkProjectName", benchmark.getProjectName()),
                Map.entry("BuildProjectName", build.getProjectName()),
                Map.entry("SmokeProjectName", smoke.getProjectName()))),
                List.of(runRecorder, gate, approvalRequest, deploy, rolloutStatus, notify),
                List.of(test, scan, lint, benchmark, build, smoke));
        // The manual rollback (docs/architecture.md, "Manual rollback"): the deploy functions and Notify, no builds.
        LogGroup rollbackLogs = logGroup("RollbackExecutionLogs",
                "/aws/vendedlogs/states/" + config.stackName() + "-rollback");
        StateMachine rollback = stateMachine("Rollback", config.stackName() + "-rollback",
                "The manual rollback state machine", props.rollbackDefinition(), rollbackLogs,
                new LinkedHashMap<>(Map.ofEntries(
                        Map.entry("DeployFunctionArn", deploy.getFunctionArn()),
                        Map.entry("RolloutStatusFunctionArn", rolloutStatus.getFunctionArn()),
                        Map.entry("NotifyFunctionArn", notify.getFunctionArn()))),
                List.of(deploy, rolloutStatus, notify), List.of());

        // Functions behind the API
        Alias webhook = webhookFunction(pipeline);
        Alias approval = approvalFunction(pipeline, approvalBaseUrl);
        routes(api, webhook, approval);

        // Operations
        alarms(pipeline, executionLogs, api);
        alarm("RollbacksFailed", "A manual rollback was refused or failed: the execution's error names why (the "
                + "environment may still run what it was to be rolled back from)",
                rollback.metricFailed(MetricOptions.builder().period(Duration.minutes(5)).statistic("Sum").build()));
        dashboard(pipeline, api);
        outputs(api, pipeline, rollback);
        suppressNagFindings(List.of(test, scan, lint, benchmark, build, smoke), build,
                List.of(roleOf(pipeline), roleOf(rollback)), api);
    }

    // ---------------------------------------------------------------- state and storage

    private Table table() {
        Table runs = Table.Builder.create(this, "Table")
                .partitionKey(Attribute.builder().name("pk").type(AttributeType.STRING).build())
                .sortKey(Attribute.builder().name("sk").type(AttributeType.STRING).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true).build())
                .timeToLiveAttribute("expiresAt")
                .encryption(TableEncryption.AWS_MANAGED)
                .deletionProtection(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        runs.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder()
                .indexName("gsi1")
                .partitionKey(Attribute.builder().name("gsi1pk").type(AttributeType.STRING).build())
                .sortKey(Attribute.builder().name("gsi1sk").type(AttributeType.STRING).build())
                .build());
        return runs;
    }

    /** Reports of the check builds, under runs/&lt;runId&gt;/&lt;stage&gt;/, kept 90 days. */
    private Bucket reportsBucket() {
        return Bucket.Builder.create(this, "ReportsBucket")
                .encryption(BucketEncryption.S3_MANAGED)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .versioned(false)
                .lifecycleRules(List.of(software.amazon.awscdk.services.s3.LifecycleRule.builder()
                        .id("expire-run-reports").prefix("runs/").expiration(Duration.days(90)).build()))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }

    /**
     * Images by commit sha: immutable, scanned on push. Branch tags ({@code branch-*}) are the one mutable
     * exception, because they move by design.
     */
    private Repository imageRepository() {
        return Repository.Builder.create(this, "ImageRepository")
                .imageScanOnPush(true)
                .imageTagMutability(TagMutability.IMMUTABLE_WITH_EXCLUSION)
                .imageTagMutabilityExclusionFilters(List.of(ImageTagMutabilityExclusionFilter.wildcard("branch-*")))
                .encryption(RepositoryEncryption.AES_256)
                .lifecycleRules(List.of(
                        LifecycleRule.builder().rulePriority(1).description("untagged layers of failed pushes")
                                .tagStatus(TagStatus.UNTAGGED).maxImageAge(Duration.days(7)).build(),
                        LifecycleRule.builder().rulePriority(2)
                                .description("keep the newest 300 images: rollback targets stay, the rest expire")
                                .tagStatus(TagStatus.ANY).maxImageCount(300).build()))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }

    private Secret secret(String id, String name, String description, String jsonTemplate) {
        SecretStringGenerator.Builder generator = SecretStringGenerator.builder()
                .passwordLength(64).excludePunctuation(true);
        if (jsonTemplate != null) {
            generator.secretStringTemplate(jsonTemplate).generateStringKey("Token");
        }
        Secret secret = Secret.Builder.create(this, id)
                .secretName(config.stackName() + "/" + name)
                .description(description)
                .generateSecretString(generator.build())
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        if (jsonTemplate != null) {
            // CodeBuild uses a Secrets Manager secret as source credential only with these tags.
            Tags.of(secret).add("codebuild:source", "");
            Tags.of(secret).add("codebuild:source:type", "personal_access_token");
            Tags.of(secret).add("codebuild:source:provider", "github");
        }
        return secret;
    }

    /**
     * The sender identity; while SES is in the sandbox, every approver's address too (SES then only delivers to
     * verified addresses, and authorizes SendEmail against the recipient identities as well).
     */
    private List<String> mailIdentities() {
        List<String> arns = new ArrayList<>();
        arns.add(EmailIdentity.Builder.create(this, "SenderIdentity")
                .identity(Identity.email(config.senderEmail())).build().getEmailIdentityArn());
        if (config.sesSandbox()) {
            int i = 0;
            for (String approver : config.pipeline().config().approvers()) {
                if (!approver.equalsIgnoreCase(config.senderEmail())) {
                    arns.add(EmailIdentity.Builder.create(this, "ApproverIdentity" + (++i))
                            .identity(Identity.email(approver)).build().getEmailIdentityArn());
                }
            }
        }
        return List.copyOf(arns);
    }

    private Topic alarmTopic() {
        Topic topic = Topic.Builder.create(this, "AlarmTopic")
                .displayName(config.stackName() + " alarms")
                .enforceSsl(true)
                .build();
        topic.addSubscription(new EmailSubscription(config.alarmEmail()));
        return topic;
    }

    /** Where asynchronous invocations that fail every retry end up (alarmed). */
    private Queue asyncFailureQueue() {
        return Queue.Builder.create(this, "AsyncFailures")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .build();
    }

    // ---------------------------------------------------------------- builds

    private ReportGroup reportGroup(String id, ReportGroupType type) {
        return ReportGroup.Builder.create(this, id)
                .type(type)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }

    /**
     * A check (test, scan, lint): runs buildspecs/&lt;stage&gt;.yml of the service's repository at the commit the
     * state machine passes, and uploads its reports/ to the reports bucket (the buildspec names the artifact
     * $RUN_ID/$STAGE).
     */
    private Project checkProject(String stage, ComputeType compute, Duration timeout,
                                 Map<String, BuildEnvironmentVariable> environment) {
        Project project = project(stage, compute, timeout, false,
                Cache.local(LocalCacheMode.SOURCE, LocalCacheMode.CUSTOM), environment);
        uploadReports(project, stage);
        return project;
    }

    /**
     * The project's artifacts go to the reports bucket under runs/, named by the buildspec
     * ({@code artifacts.name: $RUN_ID/$STAGE}, so runs/&lt;runId&gt;/&lt;stage&gt;/, where the gate reads them); the
     * project's own name for them is only the fallback of a buildspec that names none.
     */
    private void uploadReports(Project project, String stage) {
        CfnProject cfn = (CfnProject) project.getNode().getDefaultChild();
        cfn.addPropertyOverride("Artifacts", Map.of(
                "Type", "S3",
                "Location", reportsBucket.getBucketName(),
                "Path", "runs",
                "Name", stage,
                "NamespaceType", "NONE",
                "Packaging", "NONE",
                "OverrideArtifactName", true,
                "EncryptionDisabled", false));
        project.addToRolePolicy(PolicyStatement.Builder.create()
                .sid("UploadReports")
                .actions(List.of("s3:PutObject"))
                .resources(List.of(reportsBucket.arnForObjects("runs/*")))
                .build());
        project.addToRolePolicy(PolicyStatement.Builder.create()
                .sid("LocateReportsBucket")
                .actions(List.of("s3:GetBucketAcl", "s3:GetBucketLocation"))
                .resources(List.of(reportsBucket.getBucketArn()))
                .build());
    }

    /** Builds the image and pushes it to ECR: the only privileged project (Docker needs it). */
    private Project imageBuildProject() {
        Project project = project("build", ComputeType.MEDIUM, Duration.minutes(30), true,
                Cache.local(LocalCacheMode.DOCKER_LAYER, LocalCacheMode.SOURCE, LocalCacheMode.CUSTOM),
                Map.of("IMAGE_REPO", plain(imageRepository.getRepositoryUri())));
        // image.txt and the SBOM (sbom.cdx.json) are kept beside the checks' reports
        uploadReports(project, "build");
        project.addToRolePolicy(PolicyStatement.Builder.create()
                .sid("PushImage")
                .actions(List.of("ecr:BatchCheckLayerAvailability", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart",
                        "ecr:CompleteLayerUpload", "ecr:PutImage", "ecr:BatchGetImage",
                        "ecr:GetDownloadUrlForLayer"))
                .resources(List.of(imageRepository.getRepositoryArn()))
                .build());
        // ecr:GetAuthorizationToken has no resource-level permission: the service only accepts "*".
        project.addToRolePolicy(PolicyStatement.Builder.create()
                .sid("LogInToEcr")
                .actions(List.of("ecr:GetAuthorizationToken"))
                .resources(List.of("*"))
                .build());
        return project;
    }

    /** Smoke tests an environment after a deploy; the state machine passes its name and namespace. */
    private Project smokeProject() {
        return project("smoke", ComputeType.SMALL, Duration.minutes(15), false,
                Cache.local(LocalCacheMode.SOURCE, LocalCacheMode.CUSTOM), Map.of());
    }

    private Project project(String stage, ComputeType compute, Duration timeout, boolean privileged, Cache cache,
                            Map<String, BuildEnvironmentVariable> extraEnvironment) {
        Map<String, BuildEnvironmentVariable> environment = new LinkedHashMap<>(extraEnvironment);
        environment.put("STAGE", plain(stage));
        environment.put("REPORTS_BUCKET", plain(reportsBucket.getBucketName()));
        String id = capitalize(stage) + "Project";
        String defaultSource = config.pipeline().defaultRepository();
        Project project = Project.Builder.create(this, id)
                .description("serverless-cd " + stage + " stage: runs buildspecs/" + stage + ".yml of the service at "
                        + "the run's commit")
                .source(Source.gitHub(GitHubSourceProps.builder()
                        .owner(defaultSource.substring(0, defaultSource.indexOf('/')))
                        .repo(defaultSource.substring(defaultSource.indexOf('/') + 1))
                        .webhook(false).reportBuildStatus(false).build()))
                .buildSpec(BuildSpec.fromSourceFilename("buildspecs/" + stage + ".yml"))
                .environment(BuildEnvironment.builder()
                        .buildImage(LinuxBuildImage.STANDARD_7_0)
                        .computeType(compute)
                        .privileged(privileged)
                        .build())
                .environmentVariables(environment)
                .timeout(timeout)
                .queuedTimeout(Duration.minutes(30))
                .cache(cache)
                .logging(LoggingOptions.builder().cloudWatch(CloudWatchLoggingOptions.builder()
                        .logGroup(logGroup(id + "Logs", null)).build()).build())
                .build();
        // Clone with the CodeBuild source credential secret, per project, instead of an account-wide credential.
        ((CfnProject) project.getNode().getDefaultChild()).addPropertyOverride("Source.Auth", Map.of(
                "Type", "SECRETS_MANAGER", "Resource", sourceCredential.getSecretArn()));
        project.addToRolePolicy(PolicyStatement.Builder.create()
                .sid("ReadSourceCredential")
                .actions(List.of("secretsmanager:GetSecretValue"))
                .resources(List.of(sourceCredential.getSecretArn()))
                .build());
        return project;
    }

    // ---------------------------------------------------------------- functions

    private Alias runRecorderFunction() {
        IRole role = functionRole("RunRecorder");
        allowTable(role, TABLE_READ_WRITE_LOCKS);
        allowSecret(role, githubTokenSecret);
        return javaFunction("RunRecorder", "run.RunRecorderHandler", 512, Duration.seconds(30), role, Map.of(
                "TABLE_NAME", table.getTableName(),
                "GITHUB_TOKEN_SECRET_ARN", githubTokenSecret.getSecretArn(),
                "GITHUB_API_URL", config.githubApiUrl().toString(),
                GitHubStatusConfig.RUN_LINK_BASE_URL, runLink()));
    }

    /** The state machine's name, fixed so the functions can link to an execution without depending on it. */
    private String stateMachineName() {
        return config.stackName() + "-pipeline";
    }

    /** Where a commit status links: the run's execution in the Step Functions console ({runId} is the execution name). */
    private String runLink() {
        return "https://" + Aws.REGION + ".console.aws.amazon.com/states/home?region=" + Aws.REGION
                + "#/v2/executions/details/arn:" + Aws.PARTITION + ":states:" + Aws.REGION + ":" + Aws.ACCOUNT_ID
                + ":execution:" + stateMachineName() + ":{runId}";
    }

    /**
     * The gate reads the test build's report groups: BatchGetBuilds on the test project for the build's report ARNs,
     * then the reports of the two groups the project's environment names (TEST_REPORT_GROUP_ARN,
     * COVERAGE_REPORT_GROUP_ARN), which a service's buildspec publishes to.
     */
    private Alias gateFunction(Project testProject, List<ReportGroup> reportGroups) {
        IRole role = functionRole("Gate");
        allowTable(role, TABLE_READ_WRITE);
        allowSecret(role, githubTokenSecret);
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("FindBuildReports")
                .actions(List.of("codebuild:BatchGetBuilds"))
                .resources(List.of(testProject.getProjectArn()))
                .build());
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("ReadBuildReports")
                .actions(List.of("codebuild:BatchGetReports", "codebuild:DescribeTestCases",
                        "codebuild:DescribeCodeCoverages"))
                .resources(reportGroups.stream().map(ReportGroup::getReportGroupArn).toList())
                .build());
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("ReadImage")
                // DescribeImages: the built image's size, judged against the last image's
                .actions(List.of("ecr:DescribeImageScanFindings", "ecr:DescribeImages"))
                .resources(List.of(imageRepository.getRepositoryArn()))
                .build());
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("ReadRunReports")
                .actions(List.of("s3:GetObject"))
                .resources(List.of(reportsBucket.arnForObjects("runs/*")))
                .build());
        // The gate finds a stage's reports by listing runs/<runId>/<stage>/; listing is limited to that prefix.
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("ListRunReports")
                .actions(List.of("s3:ListBucket"))
                .resources(List.of(reportsBucket.getBucketArn()))
                .conditions(Map.of("StringLike", Map.of("s3:prefix", List.of("runs/*"))))
                .build());
        return javaFunction("Gate", "gate.GateHandler", 1024, Duration.seconds(60), role, Map.of(
                "TABLE_NAME", table.getTableName(),
                PipelineConfigLoader.INLINE_VARIABLE, config.pipeline().yaml(),
                "REPORTS_BUCKET", reportsBucket.getBucketName(),
                "ECR_REPOSITORY", imageRepository.getRepositoryName(),
                "GITHUB_TOKEN_SECRET_ARN", githubTokenSecret.getSecretArn(),
                "GITHUB_API_URL", config.githubApiUrl().toString(),
                GitHubStatusConfig.RUN_LINK_BASE_URL, runLink()));
    }

    /**
     * Called with {@code lambda:invoke.waitForTaskToken}: it stores the token, mails the links and returns. Should
     * the state machine invoke it asynchronously, failures after two retries go to the failure queue.
     */
    private Alias approvalRequestFunction(String approvalBaseUrl) {
        IRole role = functionRole("ApprovalRequest");
        allowTable(role, TABLE_READ_WRITE);
        allowSecret(role, linkSigningKey);
        allowMail(role);
        // An approval requested for a superseded run is ended at once (Approval.Superseded). The state machine's
        // ARN is built from its fixed name: a reference to the state machine itself would be a cycle, since the
        // state machine names this function.
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("EndSupersededApproval")
                .actions(List.of("states:SendTaskFailure"))
                .resources(List.of(formatArn(ArnComponents.builder().service("states").resource("stateMachine")
                        .resourceName(stateMachineName()).arnFormat(ArnFormat.COLON_RESOURCE_NAME).build())))
                .build());
        Alias alias = javaFunction("ApprovalRequest", "approval.ApprovalRequestHandler", 512, Duration.seconds(30),
                role, Map.of(
                        "TABLE_NAME", table.getTableName(),
                        "LINK_SIGNING_KEY_SECRET_ARN", linkSigningKey.getSecretArn(),
                        "APPROVAL_BASE_URL", approvalBaseUrl,
                        "SENDER_EMAIL", config.senderEmail()));
        // The destination is bound by hand so the role gets sqs:SendMessage only (SqsDestination also grants
        // GetQueueAttributes and GetQueueUrl, which Lambda does not call).
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("SendFailedInvocations")
                .actions(List.of("sqs:SendMessage"))
                .resources(List.of(asyncFailures.getQueueArn()))
                .build());
        alias.configureAsyncInvoke(software.amazon.awscdk.services.lambda.EventInvokeConfigOptions.builder()
                .onFailure(new software.amazon.awscdk.services.lambda.IDestination() {
                    @Override
                    public DestinationConfig bind(Construct scope, software.amazon.awscdk.services.lambda.IFunction fn,
                                                  software.amazon.awscdk.services.lambda.DestinationOptions options) {
                        return bind(scope, fn);
                    }

                    @Override
                    public DestinationConfig bind(Construct scope, software.amazon.awscdk.services.lambda.IFunction fn) {
                        return DestinationConfig.builder().destination(asyncFailures.getQueueArn()).build();
                    }
                })
                .retryAttempts(2)
                .maxEventAge(Duration.hours(1))
                .build());
        return alias;
    }

    private Alias deployFunction(String id, String handler, IRole deployerRole, Duration timeout) {
        return javaFunction(id, handler, 1024, timeout, deployerRole, Map.of(
                "TABLE_NAME", table.getTableName(),
                "CLUSTER_NAME", config.clusterName(),
                // Deploy posts each environment's commit status (serverless-cd/deploy-<env>)
                "GITHUB_TOKEN_SECRET_ARN", githubTokenSecret.getSecretArn(),
                "GITHUB_API_URL", config.githubApiUrl().toString(),
                GitHubStatusConfig.RUN_LINK_BASE_URL, runLink()));
    }

    private Alias notifyFunction() {
        IRole role = functionRole("Notify");
        allowTable(role, TABLE_READ);
        allowSecret(role, githubTokenSecret);
        allowMail(role);
        return javaFunction("Notify", "notify.NotifyHandler", 512, Duration.seconds(30), role, Map.of(
                "TABLE_NAME", table.getTableName(),
                "SENDER_EMAIL", config.senderEmail(),
                "GITHUB_TOKEN_SECRET_ARN", githubTokenSecret.getSecretArn(),
                "GITHUB_API_URL", config.githubApiUrl().toString()));
    }

    /** GitHub waits 10 s for an answer: the function has 9. */
    private Alias webhookFunction(StateMachine pipeline) {
        IRole role = functionRole("Webhook");
        allowTable(role, TABLE_READ_WRITE);
        allowSecret(role, webhookSecret);
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("StartRun")
                .actions(List.of("states:StartExecution"))
                .resources(List.of(pipeline.getStateMachineArn()))
                .build());
        // A newer push ends the older runs' pending approvals (Approval.Superseded).
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("EndSupersededApprovals")
                .actions(List.of("states:SendTaskFailure"))
                .resources(List.of(pipeline.getStateMachineArn()))
                .build());
        return javaFunction("Webhook", "webhook.WebhookHandler", 1024, Duration.seconds(9), role, Map.of(
                "TABLE_NAME", table.getTableName(),
                "STATE_MACHINE_ARN", pipeline.getStateMachineArn(),
                "GITHUB_WEBHOOK_SECRET_ARN", webhookSecret.getSecretArn(),
                PipelineConfigLoader.INLINE_VARIABLE, config.pipeline().yaml()));
    }

    private Alias approvalFunction(StateMachine pipeline, String approvalBaseUrl) {
        IRole role = functionRole("Approval");
        allowTable(role, TABLE_READ_WRITE);
        allowSecret(role, linkSigningKey);
        // Task tokens are authorized against the state machine that issued them (as grantTaskResponse does).
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("AnswerApprovalTask")
                .actions(List.of("states:SendTaskSuccess", "states:SendTaskFailure", "states:SendTaskHeartbeat"))
                .resources(List.of(pipeline.getStateMachineArn()))
                .build());
        return javaFunction("Approval", "approval.ApprovalHandler", 1024, Duration.seconds(10), role, Map.of(
                "TABLE_NAME", table.getTableName(),
                "LINK_SIGNING_KEY_SECRET_ARN", linkSigningKey.getSecretArn(),
                "APPROVAL_BASE_URL", approvalBaseUrl,
                // ApprovalConfig is one record for both approval functions; the page sends no mail itself.
                "SENDER_EMAIL", config.senderEmail()));
    }

    /**
     * The role of Deploy and RolloutStatus: an EKS access entry maps it to {@link #DEPLOYER_GROUP}, which
     * k8s/deployer-rbac.yaml allows to read and patch Deployments in the application namespaces only.
     */
    private IRole deployerRole() {
        Role role = Role.Builder.create(this, "DeployerRole")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("Deploy and RolloutStatus functions; Kubernetes group " + DEPLOYER_GROUP + " on "
                        + config.clusterName())
                .build();
        allowTable(role, TABLE_READ_WRITE_LOCKS);
        allowSecret(role, githubTokenSecret);
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("DescribeCluster")
                .actions(List.of("eks:DescribeCluster"))
                .resources(List.of(formatArn(ArnComponents.builder()
                        .service("eks").resource("cluster").resourceName(config.clusterName()).build())))
                .build());
        CfnAccessEntry.Builder.create(this, "DeployerAccessEntry")
                .clusterName(config.clusterName())
                .principalArn(role.getRoleArn())
                .kubernetesGroups(List.of(DEPLOYER_GROUP))
                .type("STANDARD")
                .build();
        return role;
    }

    private IRole functionRole(String id) {
        return Role.Builder.create(this, id + "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description(id + " function")
                .build();
    }

    /** Java 21 on arm64 with SnapStart; callers always use the {@value #ALIAS_NAME} alias (a published version). */
    private Alias javaFunction(String id, String handler, int memoryMb, Duration timeout, IRole role,
                               Map<String, String> environment) {
        LogGroup logs = logGroup(id + "Logs", null);
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("WriteLogs" + id)
                .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                .resources(List.of(logs.getLogGroupArn()))
                .build());
        Function function = Function.Builder.create(this, id + "Function")
                .description("serverless-cd " + id)
                .runtime(Runtime.JAVA_21)
                .architecture(Architecture.ARM_64)
                .handler(HANDLER_PACKAGE + handler + "::handleRequest")
                .code(code)
                .memorySize(memoryMb)
                .timeout(timeout)
                .role(role)
                .logGroup(logs)
                .loggingFormat(LoggingFormat.JSON)
                .applicationLogLevelV2(ApplicationLogLevel.INFO)
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .environment(environment)
                .build();
        // The warning asks for a published version: the alias below publishes one on every code or config change.
        software.amazon.awscdk.Annotations.of(function).acknowledgeWarning(
                "@aws-cdk/aws-lambda:snapStartRequirePublish", "published by the live alias");
        functions.put(id, function);
        return Alias.Builder.create(this, id + "Alias")
                .aliasName(ALIAS_NAME)
                .version(function.getCurrentVersion())
                .build();
    }

    private void allowTable(IRole role, List<String> actions) {
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("Table")
                .actions(actions)
                .resources(List.of(table.getTableArn()))
                .build());
        if (actions.contains("dynamodb:Query")) {
            role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                    .sid("QueryIndex")
                    .actions(List.of("dynamodb:Query"))
                    .resources(List.of(table.getTableArn() + "/index/gsi1"))
                    .build());
        }
    }

    private void allowSecret(IRole role, Secret secret) {
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("secretsmanager:GetSecretValue"))
                .resources(List.of(secret.getSecretArn()))
                .build());
    }

    private void allowMail(IRole role) {
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("SendMail")
                .actions(List.of("ses:SendEmail"))
                .resources(mailIdentityArns)
                .build());
    }

    // ---------------------------------------------------------------- workflow

    /**
     * A state machine from its definition file, every placeholder bound, with a role of its own that may invoke
     * exactly {@code taskFunctions} and run (and follow) exactly {@code projects}.
     */
    private StateMachine stateMachine(String id, String name, String description, Path definitionFile,
                                      LogGroup executionLogs, Map<String, String> substitutions,
                                      List<Alias> taskFunctions, List<Project> projects) {
        String definition;
        try {
            definition = Files.readString(definitionFile);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the state machine definition " + definitionFile, e);
        }
        DefinitionPlaceholders.requireBound(definition, substitutions, definitionFile.toString());

        Role role = Role.Builder.create(this, id + "Role")
                .assumedBy(new ServicePrincipal("states.amazonaws.com"))
                .description(description)
                .build();
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("InvokeTaskFunctions")
                .actions(List.of("lambda:InvokeFunction"))
                .resources(taskFunctions.stream().map(Alias::getFunctionArn).toList())
                .build());
        if (!projects.isEmpty()) {
            allowBuilds(role, projects);
        }

        return StateMachine.Builder.create(this, id)
                .stateMachineName(name)
                .stateMachineType(StateMachineType.STANDARD)
                .definitionBody(DefinitionBody.fromString(definition))
                .definitionSubstitutions(substitutions)
                .role(role)
                .tracingEnabled(true)
                .logs(LogOptions.builder()
                        .destination(executionLogs)
                        .level(LogLevel.ALL)
                        .includeExecutionData(true)
                        .build())
                .build();
    }

    private void allowBuilds(Role role, List<Project> projects) {
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("RunBuilds")
                .actions(List.of("codebuild:StartBuild", "codebuild:StopBuild", "codebuild:BatchGetBuilds"))
                .resources(projects.stream().map(Project::getProjectArn).toList())
                .build());
        // startBuild.sync waits on builds through this managed EventBridge rule.
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("FollowBuilds")
                .actions(List.of("events:PutTargets", "events:PutRule", "events:DescribeRule"))
                .resources(List.of(formatArn(ArnComponents.builder().service("events").resource("rule")
                        .resourceName("StepFunctionsGetEventForCodeBuildStartBuildRule").build())))
                .build());
    }

    // ---------------------------------------------------------------- API

    private HttpApi httpApi() {
        HttpApi api = HttpApi.Builder.create(this, "Api")
                .apiName(config.stackName())
                .description("GitHub webhook and approval pages")
                .createDefaultStage(false)
                .build();
        LogGroup accessLogs = logGroup("ApiAccessLogs", null);
        api.addStage("DefaultStage", HttpStageOptions.builder()
                .stageName("$default")
                .autoDeploy(true)
                .throttle(ThrottleSettings.builder()
                        .rateLimit(config.apiRateLimit())
                        .burstLimit(config.apiBurstLimit())
                        .build())
                .accessLogSettings(new IAccessLogSettings() {
                    @Override
                    public IAccessLogDestination getDestination() {
                        return new LogGroupLogDestination(accessLogs);
                    }

                    @Override
                    public AccessLogFormat getFormat() {
                        return AccessLogFormat.custom("{\"requestId\":\"$context.requestId\","
                                + "\"ip\":\"$context.identity.sourceIp\",\"time\":\"$context.requestTime\","
                                + "\"routeKey\":\"$context.routeKey\",\"status\":\"$context.status\","
                                + "\"latency\":\"$context.responseLatency\","
                                + "\"integrationError\":\"$context.integrationErrorMessage\","
                                + "\"error\":\"$context.error.message\"}");
                    }
                })
                .build());
        return api;
    }

    private void routes(HttpApi api, Alias webhook, Alias approval) {
        api.addRoutes(AddRoutesOptions.builder()
                .path("/webhook")
                .methods(List.of(HttpMethod.POST))
                .integration(new HttpLambdaIntegration("WebhookIntegration", webhook))
                .build());
        api.addRoutes(AddRoutesOptions.builder()
                .path("/approvals")
                .methods(List.of(HttpMethod.GET, HttpMethod.POST))
                .integration(new HttpLambdaIntegration("ApprovalIntegration", approval))
                .build());
    }

    // ---------------------------------------------------------------- operations

    private void alarms(StateMachine pipeline, LogGroup executionLogs, HttpApi api) {
        Duration fiveMinutes = Duration.minutes(5);
        alarm("RunsFailed", "A run failed: red gate, rejected or timed-out approval, rollback, or a broken step. The execution's error "
                        + "names which",
                pipeline.metricFailed(MetricOptions.builder().period(fiveMinutes).statistic("Sum").build()));

        // A wait that times out (approval heartbeat or timeout, a build or rollout that never ended) shows up as
        // TaskTimedOut or ExecutionTimedOut in the execution log, which is at level ALL.
        MetricFilter waitsTimedOut = MetricFilter.Builder.create(this, "WaitsTimedOutFilter")
                .logGroup(executionLogs)
                .filterPattern(FilterPattern.any(
                        FilterPattern.stringValue("$.type", "=", "TaskTimedOut"),
                        FilterPattern.stringValue("$.type", "=", "ExecutionTimedOut")))
                .metricNamespace("ServerlessCd")
                .metricName("WaitsTimedOut")
                .metricValue("1")
                .build();
        alarm("ExecutionsStuckWaiting", "A run waited past its timeout (approval nobody answered, a build or rollout "
                + "that never finished)", waitsTimedOut.metric(MetricOptions.builder()
                .period(fiveMinutes).statistic("Sum").build()));

        alarm("Webhook5xx", "The webhook API answered 5xx: GitHub will redeliver, but look at the Webhook logs",
                api.metricServerError(MetricOptions.builder().period(fiveMinutes).statistic("Sum").build()));

        functions.forEach((name, function) -> {
            alarm(name + "Errors", name + " function errors",
                    function.metricErrors(MetricOptions.builder().period(fiveMinutes).statistic("Sum").build()));
            alarm(name + "Throttles", name + " function throttles",
                    function.metricThrottles(MetricOptions.builder().period(fiveMinutes).statistic("Sum").build()));
        });

        alarm("AsyncFailures", "An asynchronous invocation failed every retry: see the AsyncFailures queue",
                asyncFailures.metricApproximateNumberOfMessagesVisible(
                        MetricOptions.builder().period(fiveMinutes).statistic("Maximum").build()));
    }

    private void alarm(String id, String description, IMetric metric) {
        Alarm alarm = Alarm.Builder.create(this, id + "Alarm")
                .alarmDescription(description)
                .metric(metric)
                .threshold(1)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        alarm.addAlarmAction(new SnsAction(alarmTopic));
        alarms.add(alarm);
    }

    private void dashboard(StateMachine pipeline, HttpApi api) {
        MetricOptions sum = MetricOptions.builder().statistic("Sum").period(Duration.minutes(5)).build();
        Dashboard dashboard = Dashboard.Builder.create(this, "Dashboard")
                .dashboardName(config.stackName())
                .build();
        dashboard.addWidgets(
                GraphWidget.Builder.create().title("Runs").width(12).left(List.of(
                        pipeline.metricStarted(sum), pipeline.metricSucceeded(sum), pipeline.metricFailed(sum),
                        pipeline.metricTimedOut(sum), pipeline.metricAborted(sum))).build(),
                GraphWidget.Builder.create().title("Run duration (p50, p90)").width(12).left(List.of(
                        pipeline.metricTime(MetricOptions.builder().statistic("p50").build()),
                        pipeline.metricTime(MetricOptions.builder().statistic("p90").build()))).build());
        dashboard.addWidgets(
                GraphWidget.Builder.create().title("API requests and errors").width(12).left(List.of(
                        api.metricCount(sum), api.metricClientError(sum), api.metricServerError(sum))).build(),
                GraphWidget.Builder.create().title("API latency (p90)").width(12).left(List.of(
                        api.metricLatency(MetricOptions.builder().statistic("p90").build()))).build());
        List<IMetric> errors = new ArrayList<>();
        List<IMetric> durations = new ArrayList<>();
        functions.forEach((name, function) -> {
            errors.add(function.metricErrors(MetricOptions.builder().statistic("Sum").label(name).build()));
            durations.add(function.metricDuration(MetricOptions.builder().statistic("p90").label(name).build()));
        });
        dashboard.addWidgets(
                GraphWidget.Builder.create().title("Function errors").width(12).left(errors).build(),
                GraphWidget.Builder.create().title("Function duration (p90)").width(12).left(durations).build());
        dashboard.addWidgets(AlarmStatusWidget.Builder.create().title("Alarms").width(24).alarms(alarms).build());
    }

    private void outputs(HttpApi api, StateMachine pipeline, StateMachine rollback) {
        output("WebhookUrl", api.getApiEndpoint() + "/webhook", "Payload URL of the GitHub webhook (content type "
                + "application/json)");
        output("ApprovalsUrl", api.getApiEndpoint() + "/approvals", "Base URL of the approval pages");
        output("WebhookSecretName", webhookSecret.getSecretName(), "Secret to paste into the GitHub webhook");
        output("GitHubTokenSecretName", githubTokenSecret.getSecretName(), "Put the commit-status token here");
        output("LinkSigningKeySecretName", linkSigningKey.getSecretName(), "Signs approval links (generated)");
        output("SourceCredentialSecretName", sourceCredential.getSecretName(),
                "Put the CodeBuild clone token here (JSON key Token)");
        output("ImageRepositoryUri", imageRepository.getRepositoryUri(), "ECR repository of the built images");
        output("StateMachineArn", pipeline.getStateMachineArn(), "The pipeline state machine");
        output("RollbackStateMachineArn", rollback.getStateMachineArn(), "The manual rollback state machine: start it "
                + "with {environment, version, reason, requestedBy} (docs/architecture.md, Manual rollback)");
        output("TableName", table.getTableName(), "Runs, deployments and approvals");
        output("DeployerRoleArn", functions.get("Deploy").getRole().getRoleArn(),
                "Mapped to Kubernetes group " + DEPLOYER_GROUP + " by the EKS access entry");
    }

    private void output(String id, String value, String description) {
        CfnOutput.Builder.create(this, id).value(value).description(description).build();
    }

    private LogGroup logGroup(String id, String name) {
        LogGroup.Builder builder = LogGroup.Builder.create(this, id)
                .retention(retention)
                .removalPolicy(RemovalPolicy.RETAIN);
        if (name != null) {
            builder.logGroupName(name);
        }
        return builder.build();
    }

    // ---------------------------------------------------------------- cdk-nag

    /** Every finding of the AwsSolutions pack this stack accepts, each with its reason, as narrow as nag allows. */
    private void suppressNagFindings(List<Project> projects, Project imageBuild, List<IRole> stateMachineRoles,
                                     HttpApi api) {
        functions.values().forEach(function -> NagSuppressions.addResourceSuppressions(function, List.of(
                suppression("AwsSolutions-L1", "Java 21 is the team's fixed Lambda runtime (SnapStart, arm64); the "
                        + "code compiles at release 17. Moving to a newer Java runtime is a deliberate upgrade, not "
                        + "a drift to follow automatically."))));
        List.of(webhookSecret, githubTokenSecret, sourceCredential).forEach(secret ->
                NagSuppressions.addResourceSuppressions(secret, List.of(suppression("AwsSolutions-SMG4",
                        "The value is issued outside AWS (a GitHub webhook secret or token), so Secrets Manager "
                                + "cannot rotate it; docs/deploy.md describes rotating it by hand."))));
        NagSuppressions.addResourceSuppressions(linkSigningKey, List.of(suppression("AwsSolutions-SMG4",
                "Rotating the signing key invalidates every approval link in flight; it is rotated by hand between "
                        + "runs (docs/deploy.md) instead of on a schedule.")));
        NagSuppressions.addResourceSuppressions(reportsBucket, List.of(suppression("AwsSolutions-S1",
                "Build reports only, written by CodeBuild and read by the gate under their own roles; CloudTrail "
                        + "records the API calls. A second bucket for access logs would hold more than this one.")));
        NagSuppressions.addResourceSuppressions(asyncFailures, List.of(suppression("AwsSolutions-SQS3",
                "This queue is itself the dead-letter destination of the asynchronous invocations.")));
        projects.forEach(project -> NagSuppressions.addResourceSuppressions(project, List.of(
                suppression("AwsSolutions-CB4", "Build artifacts and logs are encrypted with the AWS-managed keys "
                        + "of S3 and CloudWatch Logs; builds hold no data that a customer-managed key would "
                        + "protect further."))));
        // IAM5: each wildcard resource, named.
        String runReports = "Resource::<" + getLogicalId((software.amazon.awscdk.CfnElement)
                reportsBucket.getNode().getDefaultChild()) + ".Arn>/runs/*";
        NagPackSuppression reportsPrefix = suppression("AwsSolutions-IAM5", "Report objects are keyed "
                + "runs/<runId>/<stage>/...: the runs/ prefix is the narrowest scope that covers runs not yet started.",
                runReports);
        projects.forEach(project -> NagSuppressions.addResourceSuppressions(project, List.of(
                suppression("AwsSolutions-IAM5", "CDK's default CodeBuild statements: log streams of the project's "
                        + "own /aws/codebuild/<project> group, and report groups named <project>-* that a buildspec "
                        + "may create. Both are scoped to this project's name.",
                        regex("^Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:"
                                + "/aws/codebuild/<[A-Za-z0-9]+>:\\*$"),
                        regex("^Resource::arn:<AWS::Partition>:codebuild:<AWS::Region>:<AWS::AccountId>:"
                                + "report-group/<[A-Za-z0-9]+>-\\*$"))), true));
        List.of(projects.get(0), projects.get(1), projects.get(2), projects.get(3)).forEach(check ->
                NagSuppressions.addResourceSuppressions(check, List.of(reportsPrefix), true));
        NagSuppressions.addResourceSuppressions(functions.get("Gate").getRole(), List.of(reportsPrefix), true);
        NagSuppressions.addResourceSuppressions(imageBuild, List.of(suppression("AwsSolutions-IAM5",
                "ecr:GetAuthorizationToken has no resource-level permission; ECR only accepts Resource \"*\" for it. "
                        + "Pushes are limited to the one repository by the PushImage statement.", "Resource::*"),
                reportsPrefix), true);
        stateMachineRoles.forEach(stateMachineRole -> NagSuppressions.addResourceSuppressions(stateMachineRole, List.of(suppression("AwsSolutions-IAM5",
                "Added by CDK for logging and tracing: the CloudWatch Logs vended-delivery actions "
                        + "(logs:CreateLogDelivery, GetLogDelivery, UpdateLogDelivery, DeleteLogDelivery, "
                        + "ListLogDeliveries, PutResourcePolicy, DescribeResourcePolicies, DescribeLogGroups) and "
                        + "X-Ray's PutTraceSegments, PutTelemetryRecords, GetSamplingRules, GetSamplingTargets have "
                        + "no resource-level permission and require Resource \"*\".", "Resource::*")), true));
        NagSuppressions.addResourceSuppressions(api, List.of(suppression("AwsSolutions-APIG4",
                "Callers cannot hold AWS credentials: GitHub authenticates each webhook delivery with an "
                        + "HMAC-SHA256 signature (X-Hub-Signature-256) that WebhookHandler verifies before parsing, and "
                        + "approvers authenticate with a personal, signed, expiring, single-use link that "
                        + "ApprovalHandler verifies. Throttling limits the rest.")), true);
    }

    private static NagPackSuppression suppression(String id, String reason, Object... appliesTo) {
        NagPackSuppression.Builder builder = NagPackSuppression.builder().id(id).reason(reason);
        if (appliesTo.length > 0) {
            builder.appliesTo(List.of(appliesTo));
        }
        return builder.build();
    }

    private static Map<String, String> regex(String pattern) {
        return Map.of("regex", "/" + pattern + "/");
    }

    // ---------------------------------------------------------------- helpers

    private static IRole roleOf(StateMachine stateMachine) {
        return stateMachine.getRole();
    }

    private static BuildEnvironmentVariable plain(String value) {
        return BuildEnvironmentVariable.builder().value(value).build();
    }

    private static String capitalize(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }

    private static String retentionName(int days) {
        return switch (days) {
            case 1 -> "ONE_DAY";
            case 3 -> "THREE_DAYS";
            case 5 -> "FIVE_DAYS";
            case 7 -> "ONE_WEEK";
            case 14 -> "TWO_WEEKS";
            case 30 -> "ONE_MONTH";
            case 60 -> "TWO_MONTHS";
            case 90 -> "THREE_MONTHS";
            case 120 -> "FOUR_MONTHS";
            case 150 -> "FIVE_MONTHS";
            case 180 -> "SIX_MONTHS";
            case 365 -> "ONE_YEAR";
            case 400 -> "THIRTEEN_MONTHS";
            case 545 -> "EIGHTEEN_MONTHS";
            case 731 -> "TWO_YEARS";
            case 1096 -> "THREE_YEARS";
            case 1827 -> "FIVE_YEARS";
            case 2192 -> "SIX_YEARS";
            case 2557 -> "SEVEN_YEARS";
            case 2922 -> "EIGHT_YEARS";
            case 3288 -> "NINE_YEARS";
            case 3653 -> "TEN_YEARS";
            default -> throw new IllegalArgumentException("logRetentionDays " + days + " is not a CloudWatch retention");
        };
    }
}
