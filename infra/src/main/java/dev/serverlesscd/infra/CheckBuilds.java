package dev.serverlesscd.infra;

import static dev.serverlesscd.infra.Nag.regex;
import static dev.serverlesscd.infra.Nag.suppression;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
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
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.constructs.Construct;

/**
 * The CodeBuild projects the state machine runs: the checks (test, scan, lint, benchmark), the image build and the
 * unjudged project (stages judged as none: the after-deploy stages, the smoke test by default), each running a
 * buildspec of the service's repository at the run's commit, and the test and coverage report groups the test stage
 * publishes to.
 */
final class CheckBuilds extends Construct {

    /**
     * @param defaultRepository the {@code owner/name} a project clones when a run names no other source
     * @param reportsBucket     where the projects upload reports/ (under runs/)
     * @param imageRepository   where the build project pushes the image
     * @param sourceCredential  the GitHub token the projects clone with
     * @param logRetention      retention of the projects' log groups
     */
    record Props(String defaultRepository, Bucket reportsBucket, Repository imageRepository, Secret sourceCredential,
                 RetentionDays logRetention) {
    }

    /** Where this construct builds its resources: see docs/architecture.md, "The CDK app". */
    private final Stack stack;
    private final Props props;
    private final ReportGroup testReports;
    private final ReportGroup coverageReports;
    private final Project test;
    private final Project scan;
    private final Project lint;
    private final Project benchmark;
    private final Project build;
    private final Project unjudged;

    CheckBuilds(Construct scope, String id, Props props) {
        super(scope, id);
        this.stack = Stack.of(this);
        this.props = props;
        testReports = reportGroup("TestReports", ReportGroupType.TEST);
        coverageReports = reportGroup("CoverageReports", ReportGroupType.CODE_COVERAGE);
        test = checkProject("test", ComputeType.MEDIUM, Duration.minutes(30), Map.of(
                "TEST_REPORT_GROUP_ARN", plain(testReports.getReportGroupArn()),
                "COVERAGE_REPORT_GROUP_ARN", plain(coverageReports.getReportGroupArn())));
        testReports.grantWrite(test);
        coverageReports.grantWrite(test);
        scan = checkProject("scan", ComputeType.SMALL, Duration.minutes(20), Map.of(
                "TRIVY_VERSION", plain(ServerlessCdStack.TRIVY_VERSION)));
        lint = checkProject("lint", ComputeType.SMALL, Duration.minutes(15), Map.of());
        benchmark = checkProject("benchmark", ComputeType.MEDIUM, Duration.minutes(30), Map.of());
        build = imageBuildProject();
        unjudged = unjudgedProject();
        suppressNagFindings();
    }

    Project test() {
        return test;
    }

    Project scan() {
        return scan;
    }

    Project lint() {
        return lint;
    }

    Project benchmark() {
        return benchmark;
    }

    /** Builds the image and pushes it to ECR. */
    Project build() {
        return build;
    }

    /** Runs the stages judged as none ({@code judgedAs: none}): the gates judge no reports of theirs. */
    Project unjudged() {
        return unjudged;
    }

    /** The report groups the test build publishes to, and the gate reads. */
    List<ReportGroup> testReportGroups() {
        return List.of(testReports, coverageReports);
    }

    /** Every project, in the order of the pipeline's stages. */
    List<Project> all() {
        return List.of(test, scan, lint, benchmark, build, unjudged);
    }

    // ---------------------------------------------------------------- factories

    private ReportGroup reportGroup(String id, ReportGroupType type) {
        return ReportGroup.Builder.create(stack, id)
                .type(type)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }

    /**
     * A check (test, scan, lint, benchmark): runs buildspecs/&lt;stage&gt;.yml of the service's repository at the
     * commit the state machine passes, and uploads its reports/ to the reports bucket (the buildspec names the
     * artifact $RUN_ID/$STAGE).
     */
    private Project checkProject(String stage, ComputeType compute, Duration timeout,
                                 Map<String, BuildEnvironmentVariable> environment) {
        Project project = project(projectId(stage), stage, stageDescription(stage), compute, timeout, false,
                Cache.local(LocalCacheMode.SOURCE, LocalCacheMode.CUSTOM), environment);
        uploadReports(project, stage);
        return project;
    }

    /** Builds the image and pushes it to ECR: the only privileged project (Docker needs it). */
    private Project imageBuildProject() {
        Project project = project(projectId("build"), "build", stageDescription("build"), ComputeType.MEDIUM,
                Duration.minutes(30), true,
                Cache.local(LocalCacheMode.DOCKER_LAYER, LocalCacheMode.SOURCE, LocalCacheMode.CUSTOM),
                Map.of("IMAGE_REPO", plain(props.imageRepository().getRepositoryUri())));
        // image.txt and the SBOM (sbom.cdx.json) are kept beside the checks' reports
        uploadReports(project, "build");
        project.addToRolePolicy(PolicyStatement.Builder.create()
                .sid("PushImage")
                .actions(List.of("ecr:BatchCheckLayerAvailability", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart",
                        "ecr:CompleteLayerUpload", "ecr:PutImage", "ecr:BatchGetImage",
                        "ecr:GetDownloadUrlForLayer"))
                .resources(List.of(props.imageRepository().getRepositoryArn()))
                .build());
        // ecr:GetAuthorizationToken has no resource-level permission: the service only accepts "*".
        project.addToRolePolicy(PolicyStatement.Builder.create()
                .sid("LogInToEcr")
                .actions(List.of("ecr:GetAuthorizationToken"))
                .resources(List.of("*"))
                .build());
        return project;
    }

    /**
     * Runs the stages judged as none, wherever the plan puts them (after a deploy, where the smoke test is the default
     * stage, before one, or among the checks); the state machine passes each stage's buildspec, name and variables,
     * and the project uploads no reports. Without an override it runs buildspecs/smoke.yml.
     */
    private Project unjudgedProject() {
        // Its construct ID is still the one it had when it ran only the smoke test: a new ID would make CloudFormation
        // replace the deployed project (LogicalIdTest).
        return project("SmokeProject", "smoke", "serverless-cd stages judged as none (after a deploy: the smoke "
                        + "test by default): runs the stage's buildspec of the service at the run's commit",
                ComputeType.SMALL, Duration.minutes(15), false,
                Cache.local(LocalCacheMode.SOURCE, LocalCacheMode.CUSTOM), Map.of());
    }

    /** TestProject, ScanProject, ...: the construct ID of a stage's own project. */
    private static String projectId(String stage) {
        return Character.toUpperCase(stage.charAt(0)) + stage.substring(1) + "Project";
    }

    private static String stageDescription(String stage) {
        return "serverless-cd " + stage + " stage: runs buildspecs/" + stage + ".yml of the service at the run's commit";
    }

    /**
     * A project cloning the default repository (the state machine overrides source and version per run) with the
     * CodeBuild source credential secret, per project, instead of an account-wide credential.
     */
    private Project project(String id, String stage, String description, ComputeType compute, Duration timeout,
                            boolean privileged, Cache cache, Map<String, BuildEnvironmentVariable> extraEnvironment) {
        // Sorted: CodeBuild's environment is a list, and Map.of's order changes from one JVM to the next.
        Map<String, BuildEnvironmentVariable> environment = new LinkedHashMap<>(new TreeMap<>(extraEnvironment));
        environment.put("STAGE", plain(stage));
        environment.put("REPORTS_BUCKET", plain(props.reportsBucket().getBucketName()));
        String defaultSource = props.defaultRepository();
        Project project = Project.Builder.create(stack, id)
                .description(description)
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
                        .logGroup(LogGroups.retained(stack, id + "Logs", props.logRetention())).build()).build())
                .build();
        ((CfnProject) project.getNode().getDefaultChild()).addPropertyOverride("Source.Auth", Map.of(
                "Type", "SECRETS_MANAGER", "Resource", props.sourceCredential().getSecretArn()));
        project.addToRolePolicy(PolicyStatement.Builder.create()
                .sid("ReadSourceCredential")
                .actions(List.of("secretsmanager:GetSecretValue"))
                .resources(List.of(props.sourceCredential().getSecretArn()))
                .build());
        return project;
    }

    /**
     * The project's artifacts go to the reports bucket under runs/, named by the buildspec
     * ({@code artifacts.name: $RUN_ID/$STAGE}, so runs/&lt;runId&gt;/&lt;stage&gt;/, where the gate reads them); the
     * project's own name for them is only the fallback of a buildspec that names none.
     */
    private void uploadReports(Project project, String stage) {
        Bucket reportsBucket = props.reportsBucket();
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

    private static BuildEnvironmentVariable plain(String value) {
        return BuildEnvironmentVariable.builder().value(value).build();
    }

    // ---------------------------------------------------------------- cdk-nag

    private void suppressNagFindings() {
        all().forEach(project -> NagSuppressions.addResourceSuppressions(project, List.of(
                suppression("AwsSolutions-CB4", "Build artifacts and logs are encrypted with the AWS-managed keys "
                        + "of S3 and CloudWatch Logs; builds hold no data that a customer-managed key would "
                        + "protect further."))));
        all().forEach(project -> NagSuppressions.addResourceSuppressions(project, List.of(
                suppression("AwsSolutions-IAM5", "CDK's default CodeBuild statements: log streams of the project's "
                        + "own /aws/codebuild/<project> group, and report groups named <project>-* that a buildspec "
                        + "may create. Both are scoped to this project's name.",
                        regex("^Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:"
                                + "/aws/codebuild/<[A-Za-z0-9]+>:\\*$"),
                        regex("^Resource::arn:<AWS::Partition>:codebuild:<AWS::Region>:<AWS::AccountId>:"
                                + "report-group/<[A-Za-z0-9]+>-\\*$"))), true));
        NagPackSuppression reportsPrefix = Nag.reportsPrefix(props.reportsBucket());
        List.of(test, scan, lint, benchmark).forEach(check ->
                NagSuppressions.addResourceSuppressions(check, List.of(reportsPrefix), true));
        NagSuppressions.addResourceSuppressions(build, List.of(suppression("AwsSolutions-IAM5",
                "ecr:GetAuthorizationToken has no resource-level permission; ECR only accepts Resource \"*\" for it. "
                        + "Pushes are limited to the one repository by the PushImage statement.", "Resource::*"),
                reportsPrefix), true);
    }
}
