package dev.serverlesscd.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesscd.functions.common.Env;
import dev.serverlesscd.functions.config.PipelineConfig;
import dev.serverlesscd.functions.config.PipelineConfigLoader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** Every resource kind the stack deploys, as CloudFormation sees it. */
@Tag("unit")
class ServerlessCdStackTest {
    private static Template template;

    @BeforeAll
    static void synthesize() {
        // GIVEN the example configuration, the packaged functions jar and statemachines/pipeline.asl.json
        template = StackFixture.template();
    }

    @Test
    void api_routesWebhookAndApprovals_withThrottlingAndAccessLogs() {
        template.resourceCountIs("AWS::ApiGatewayV2::Api", 1);
        template.hasResourceProperties("AWS::ApiGatewayV2::Api", Map.of("ProtocolType", "HTTP"));
        List<String> routeKeys = template.findResources("AWS::ApiGatewayV2::Route").values().stream()
                .map(r -> (String) props(r).get("RouteKey")).sorted().toList();
        assertThat(routeKeys).containsExactly("GET /api/environments", "GET /api/metrics", "GET /api/run",
                "GET /api/runs", "GET /approvals", "GET /badges/branch.svg", "GET /badges/environment.svg",
                "GET /environments", "GET /metrics", "GET /pages", "GET /pages.js", "GET /pages/callback",
                "GET /pages/environments", "GET /pages/metrics", "GET /pages/pages.js", "GET /pages/run",
                "GET /pages/runs", "GET /pages/shell.js", "GET /pages/signed-out", "GET /run", "GET /runs",
                "POST /approvals", "POST /runs", "POST /webhook");
        template.hasResourceProperties("AWS::ApiGatewayV2::Integration", Map.of(
                "IntegrationType", "AWS_PROXY", "PayloadFormatVersion", "2.0"));
        template.hasResourceProperties("AWS::ApiGatewayV2::Stage", Map.of(
                "StageName", "$default",
                "AutoDeploy", true,
                "DefaultRouteSettings", Map.of("ThrottlingRateLimit", 20, "ThrottlingBurstLimit", 40),
                "AccessLogSettings", Match.objectLike(Map.of("DestinationArn", Match.anyValue()))));
    }

    @Test
    void functions_areJava21Arm64_withSnapStartOnPublishedVersions_behindLiveAliases() {
        // THEN twelve functions, each with its log group and a 'live' alias on a published version
        template.resourceCountIs("AWS::Lambda::Function", 12);
        template.resourceCountIs("AWS::Lambda::Alias", 12);
        template.resourceCountIs("AWS::Lambda::Version", 12);
        template.findResources("AWS::Lambda::Function").values().forEach(function -> {
            Map<String, Object> p = props(function);
            assertThat(p.get("Runtime")).isEqualTo("java21");
            assertThat(p.get("Architectures")).isEqualTo(List.of("arm64"));
            assertThat(p.get("SnapStart")).isEqualTo(Map.of("ApplyOn", "PublishedVersions"));
            assertThat((String) p.get("Handler")).startsWith("dev.serverlesscd.functions.").endsWith("::handleRequest");
            assertThat((Number) p.get("MemorySize")).matches(m -> m.intValue() >= 512 && m.intValue() <= 1024);
            assertThat(p).containsKey("LoggingConfig");
        });
        List<String> handlers = template.findResources("AWS::Lambda::Function").values().stream()
                .map(f -> (String) props(f).get("Handler")).sorted().toList();
        assertThat(handlers).containsExactly(
                "dev.serverlesscd.functions.lambda.ApprovalHandler::handleRequest",
                "dev.serverlesscd.functions.lambda.ApprovalRequestHandler::handleRequest",
                "dev.serverlesscd.functions.lambda.BakeCheckHandler::handleRequest",
                "dev.serverlesscd.functions.lambda.DeployHandler::handleRequest",
                "dev.serverlesscd.functions.lambda.GateHandler::handleRequest",
                "dev.serverlesscd.functions.lambda.NotifyHandler::handleRequest",
                "dev.serverlesscd.functions.lambda.PagesHandler::handleRequest",
                "dev.serverlesscd.functions.lambda.RolloutStatusHandler::handleRequest",
                "dev.serverlesscd.functions.lambda.RunRecorderHandler::handleRequest",
                "dev.serverlesscd.functions.lambda.RunRequestHandler::handleRequest",
                "dev.serverlesscd.functions.lambda.ScheduleHandler::handleRequest",
                "dev.serverlesscd.functions.lambda.WebhookHandler::handleRequest");
        template.hasResourceProperties("AWS::Lambda::Alias", Map.of("Name", "live"));
    }

    @Test
    void webhookFunction_answersWithinGitHubsTenSeconds_andGetsItsEnvironment() {
        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", "dev.serverlesscd.functions.lambda.WebhookHandler::handleRequest",
                "Timeout", 9,
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        "TABLE_NAME", Match.anyValue(),
                        "STATE_MACHINE_ARN", Match.anyValue(),
                        "GITHUB_WEBHOOK_SECRET_ARN", Match.anyValue(),
                        "PIPELINE_CONFIG", Match.stringLikeRegexp("acme/orders-service"))))));
        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", "dev.serverlesscd.functions.lambda.RunRecorderHandler::handleRequest",
                "Timeout", 120,
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        "REPORTS_BUCKET", Match.anyValue(),
                        "CHAT_SECRET_PREFIX", "ServerlessCd/chat/")))));
        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", "dev.serverlesscd.functions.lambda.ApprovalRequestHandler::handleRequest",
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        "APPROVAL_BASE_URL", Match.anyValue(),
                        "SENDER_EMAIL", "pipeline@example.com",
                        "LINK_SIGNING_KEY_SECRET_ARN", Match.anyValue())))));
        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", "dev.serverlesscd.functions.lambda.DeployHandler::handleRequest",
                "Environment", Map.of("Variables", Match.objectLike(Map.of("CLUSTER_NAME", "serverless-cd-demo")))));
    }

    @Test
    void pipelineConfig_reachesTheFunctionsThatLoadIt_theWebhookTheTriggersTheGateTheRunRecorderAndThePages_andNoOther() {
        // WHEN the functions' environments are read
        Map<String, String> configByHandler = new java.util.TreeMap<>();
        template.findResources("AWS::Lambda::Function").values().forEach(function -> {
            Object variables = ((Map<?, ?>) props(function).getOrDefault("Environment", Map.of())).get("Variables");
            Object yaml = variables == null ? null : ((Map<?, ?>) variables).get(PipelineConfigLoader.INLINE_VARIABLE);
            if (yaml != null) {
                configByHandler.put((String) props(function).get("Handler"), (String) yaml);
            }
        });

        // THEN exactly those six (the run recorder publishes a run's end by it), with the shipped configuration as
        // the functions' loader reads it
        assertThat(configByHandler).containsOnlyKeys(
                "dev.serverlesscd.functions.lambda.GateHandler::handleRequest",
                "dev.serverlesscd.functions.lambda.PagesHandler::handleRequest",
                "dev.serverlesscd.functions.lambda.RunRecorderHandler::handleRequest",
                "dev.serverlesscd.functions.lambda.RunRequestHandler::handleRequest",
                "dev.serverlesscd.functions.lambda.ScheduleHandler::handleRequest",
                "dev.serverlesscd.functions.lambda.WebhookHandler::handleRequest");
        PipelineConfig shipped = StackFixture.exampleConfig().pipeline().config();
        assertThat(configByHandler.values()).allSatisfy(yaml ->
                assertThat(PipelineConfigLoader.fromEnv(new Env(Map.of(PipelineConfigLoader.INLINE_VARIABLE, yaml))))
                        .isEqualTo(shipped));
    }

    @Test
    void logGroups_allHaveRetention() {
        template.findResources("AWS::Logs::LogGroup").values()
                .forEach(group -> assertThat(props(group)).containsEntry("RetentionInDays", 90));
        // main's count plus the BakeCheck function's log group
        template.resourceCountIs("AWS::Logs::LogGroup", 21);
    }

    @Test
    void asynchronousInvocation_ofTheCallbackFunction_goesToAFailureQueue() {
        template.hasResourceProperties("AWS::Lambda::EventInvokeConfig", Map.of(
                "Qualifier", Match.anyValue(),
                "MaximumRetryAttempts", 2,
                "DestinationConfig", Map.of("OnFailure", Map.of("Destination", Match.anyValue()))));
        template.hasResourceProperties("AWS::SQS::Queue", Map.of("SqsManagedSseEnabled", true));
    }

    @Test
    void stateMachines_pipelineAndRollback_areStandard_loggingAllWithExecutionData_andTraced() {
        template.resourceCountIs("AWS::StepFunctions::StateMachine", 2);
        assertThat(template.findResources("AWS::StepFunctions::StateMachine").values()).allSatisfy(machine -> {
            Map<String, Object> properties = props(machine);
            assertThat(properties.get("StateMachineType")).isEqualTo("STANDARD");
            assertThat(properties.get("TracingConfiguration")).isEqualTo(Map.of("Enabled", true));
            Map<?, ?> logging = (Map<?, ?>) properties.get("LoggingConfiguration");
            assertThat(logging.get("Level")).isEqualTo("ALL");
            assertThat(logging.get("IncludeExecutionData")).isEqualTo(true);
        });
        assertThat(template.findResources("AWS::StepFunctions::StateMachine").values())
                .extracting(machine -> props(machine).get("StateMachineName"))
                .containsExactlyInAnyOrder("ServerlessCd-pipeline", "ServerlessCd-rollback");
    }

    @Test
    void codeBuildProjects_test_scan_lint_benchmark_build_unjudged_privilegedOnlyForTheImageBuild() {
        template.resourceCountIs("AWS::CodeBuild::Project", 6);
        Map<String, Map<String, Object>> projects = template.findResources("AWS::CodeBuild::Project");
        List<String> stages = projects.values().stream().map(p -> stage(props(p))).sorted().toList();
        assertThat(stages).containsExactly("benchmark", "build", "lint", "scan", "smoke", "test");
        // the stages judged as none run on the unjudged project, whose default stage is the smoke test
        assertThat(props(projects.get(logicalIdOf("AWS::CodeBuild::Project", "SmokeProject"))))
                .isEqualTo(project("smoke"));
        projects.values().forEach(project -> {
            Map<String, Object> p = props(project);
            Map<?, ?> environment = (Map<?, ?>) p.get("Environment");
            assertThat(environment.get("PrivilegedMode")).isEqualTo(stage(p).equals("build"));
            assertThat(p).containsKeys("TimeoutInMinutes", "QueuedTimeoutInMinutes");
            assertThat(((Map<?, ?>) p.get("Cache")).get("Type")).isEqualTo("LOCAL");
            assertThat(((Map<?, ?>) p.get("Source")).get("Auth")).isEqualTo(Map.of("Type", "SECRETS_MANAGER",
                    "Resource", Map.of("Ref", logicalIdOf("AWS::SecretsManager::Secret", "codebuild-source-credential"))));
        });
        template.hasResourceProperties("AWS::CodeBuild::Project", Map.of(
                "TimeoutInMinutes", 30,
                "Cache", Map.of("Type", "LOCAL", "Modes", List.of("LOCAL_DOCKER_LAYER_CACHE", "LOCAL_SOURCE_CACHE",
                        "LOCAL_CUSTOM_CACHE")),
                "Environment", Match.objectLike(Map.of("PrivilegedMode", true))));
        template.resourceCountIs("AWS::CodeBuild::ReportGroup", 2);
    }

    @Test
    void testProject_namesTheReportGroups_theSampleTestBuildspecPublishesTo() throws java.io.IOException {
        // GIVEN the report group keys of the sample's test buildspec: $VARIABLE, read from the project's environment
        List<String> keys = new java.util.ArrayList<>();
        sampleBuildspec("test").path("reports").fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("$TEST_REPORT_GROUP_ARN", "$COVERAGE_REPORT_GROUP_ARN");

        // WHEN the test project's variables are read
        Map<String, Object> variables = variables(project("test"));

        // THEN each names one of the stack's report groups, the ones the gate may read
        assertThat(variables).containsEntry("TEST_REPORT_GROUP_ARN",
                Map.of("Fn::GetAtt", List.of(logicalIdOf("AWS::CodeBuild::ReportGroup", "TestReports"), "Arn")));
        assertThat(variables).containsEntry("COVERAGE_REPORT_GROUP_ARN",
                Map.of("Fn::GetAtt", List.of(logicalIdOf("AWS::CodeBuild::ReportGroup", "CoverageReports"), "Arn")));
    }

    @Test
    void scanProject_pinsTheTrivyRelease_andKeepsTheCacheTheSampleScanBuildspecNames() throws java.io.IOException {
        // GIVEN the sample's scan buildspec: it installs trivy when TRIVY_VERSION is set, and caches trivy's DB
        com.fasterxml.jackson.databind.JsonNode scanYml = sampleBuildspec("scan");
        assertThat(scanYml.path("phases").path("install").toString()).contains("TRIVY_VERSION", "install-trivy.sh");
        assertThat(scanYml.path("cache").path("paths").toString()).contains(".trivy/cache/**/*");

        // WHEN the scan project is read
        Map<String, Object> scan = project("scan");
        Map<String, Object> variables = variables(scan);

        // THEN it pins one released version (not "latest"), and its local cache keeps the buildspec's custom paths
        assertThat(variables).containsEntry("TRIVY_VERSION", ServerlessCdStack.TRIVY_VERSION);
        assertThat(ServerlessCdStack.TRIVY_VERSION).matches("\\d+\\.\\d+\\.\\d+");
        assertThat((List<?>) ((Map<?, ?>) scan.get("Cache")).get("Modes")).anyMatch("LOCAL_CUSTOM_CACHE"::equals);
    }

    @Test
    void reportingProjects_uploadUnderTheNameTheirBuildspecGives_runsRunIdStage() throws java.io.IOException {
        // GIVEN the projects whose reports are kept: the four checks and the image build
        for (Map<String, Object> project : template.findResources("AWS::CodeBuild::Project").values()) {
            String stage = stage(props(project));
            if (stage.equals("smoke")) {
                continue; // the unjudged project: its stages upload no reports
            }
            // THEN each uploads to the reports bucket under runs/, the name left to the buildspec
            Map<?, ?> artifacts = (Map<?, ?>) props(project).get("Artifacts");
            assertThat(artifacts.get("Type")).as(stage).isEqualTo("S3");
            assertThat(artifacts.get("Path")).as(stage).isEqualTo("runs");
            assertThat(artifacts.get("OverrideArtifactName")).as(stage).isEqualTo(true);
            assertThat(artifacts.get("Packaging")).as(stage).isEqualTo("NONE");
            // AND the sample's buildspec names it runs/<RUN_ID>/<STAGE>, where the gate reads
            assertThat(sampleBuildspec(stage).path("artifacts").path("name").asText())
                    .as(stage + ".yml artifacts.name").isEqualTo("$RUN_ID/$STAGE");
        }
    }

    @Test
    void imageBuildProject_givesTheBuildspecTheRepositoryItPushesTo_asImageRepo() throws java.io.IOException {
        // GIVEN the sample's build.yml, which pushes to $IMAGE_REPO
        assertThat(java.nio.file.Files.readString(sampleBuildspecFile("build"))).contains("IMAGE_URI=\"$IMAGE_REPO:$IMAGE_TAG\"");

        // WHEN the image build project's variables are read
        Map<String, Object> variables = variables(project("build"));

        // THEN IMAGE_REPO is the image repository's URI
        assertThat(variables).containsKey("IMAGE_REPO");
        assertThat(variables.get("IMAGE_REPO").toString()).contains(logicalIdOf("AWS::ECR::Repository", null));
    }

    @Test
    void imageRepository_scansOnPush_keepsTagsImmutable_andExpiresOldImages() {
        template.hasResourceProperties("AWS::ECR::Repository", Map.of(
                "ImageScanningConfiguration", Map.of("ScanOnPush", true),
                "ImageTagMutability", "IMMUTABLE_WITH_EXCLUSION",
                "LifecyclePolicy", Map.of("LifecyclePolicyText", Match.stringLikeRegexp(".*countType.*"))));
    }

    @Test
    void table_isOnDemand_withPitr_ttl_encryption_andGsi1_andGsi2() {
        template.hasResource("AWS::DynamoDB::Table", Map.of("DeletionPolicy", "Retain",
                "Properties", Match.objectLike(Map.of(
                        "BillingMode", "PAY_PER_REQUEST",
                        "KeySchema", List.of(Map.of("AttributeName", "pk", "KeyType", "HASH"),
                                Map.of("AttributeName", "sk", "KeyType", "RANGE")),
                        "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true),
                        "TimeToLiveSpecification", Map.of("AttributeName", "expiresAt", "Enabled", true),
                        "SSESpecification", Match.objectLike(Map.of("SSEEnabled", true)),
                        "GlobalSecondaryIndexes", List.of(Match.objectLike(Map.of("IndexName", "gsi1")),
                                Match.objectLike(Map.of("IndexName", "gsi2",
                                        "KeySchema", List.of(Map.of("AttributeName", "gsi2pk", "KeyType", "HASH"),
                                                Map.of("AttributeName", "gsi2sk", "KeyType", "RANGE")))))))));
    }

    @Test
    void secrets_sesIdentity_andEksAccessEntry() {
        template.resourceCountIs("AWS::SecretsManager::Secret", 4);
        for (String name : List.of("webhook-secret", "github-token", "link-signing-key", "codebuild-source-credential")) {
            template.hasResourceProperties("AWS::SecretsManager::Secret", Map.of("Name", "ServerlessCd/" + name));
        }
        template.hasResourceProperties("AWS::SES::EmailIdentity", Map.of("EmailIdentity", "pipeline@example.com"));
        // the sandbox: the approver is verified too
        template.hasResourceProperties("AWS::SES::EmailIdentity", Map.of("EmailIdentity", "lead@example.com"));
        // one access entry: the deployer role, in the group k8s/deployer-rbac.yaml binds, and no AWS access policy
        // (the group gets exactly what the Roles in the environments' namespaces grant)
        template.resourceCountIs("AWS::EKS::AccessEntry", 1);
        assertThat(template.findResources("AWS::EKS::AccessEntry").values())
                .allSatisfy(entry -> assertThat(props(entry)).doesNotContainKey("AccessPolicies"));
        template.hasResourceProperties("AWS::EKS::AccessEntry", Map.of(
                "ClusterName", "serverless-cd-demo",
                "KubernetesGroups", List.of(ServerlessCdStack.DEPLOYER_GROUP),
                "Type", "STANDARD",
                "PrincipalArn", Map.of("Fn::GetAtt", List.of(logicalIdOf("AWS::IAM::Role", "DeployerRole"), "Arn"))));
    }

    @Test
    void alarms_coverFailedRuns_stuckWaits_webhook5xx_andEveryFunctionsErrorsAndThrottles() {
        // 3 pipeline and API alarms + failed manual rollbacks + 12 functions x (errors, throttles) + the failure queue
        template.resourceCountIs("AWS::CloudWatch::Alarm", 29);
        assertThat(template.findResources("AWS::CloudWatch::Alarm", Map.of("Properties",
                Map.of("MetricName", "ExecutionsFailed", "Namespace", "AWS/States")))).hasSize(2);
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "MetricName", "ExecutionsFailed", "Namespace", "AWS/States"));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "MetricName", "WaitsTimedOut", "Namespace", "ServerlessCd"));
        template.hasResourceProperties("AWS::Logs::MetricFilter", Map.of(
                "FilterPattern", Match.stringLikeRegexp(".*TaskTimedOut.*ExecutionTimedOut.*")));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "MetricName", "5xx", "Namespace", "AWS/ApiGateway"));
        assertThat(template.findResources("AWS::CloudWatch::Alarm", Map.of("Properties",
                Map.of("MetricName", "Errors", "Namespace", "AWS/Lambda")))).hasSize(12);
        assertThat(template.findResources("AWS::CloudWatch::Alarm", Map.of("Properties",
                Map.of("MetricName", "Throttles", "Namespace", "AWS/Lambda")))).hasSize(12);
        template.findResources("AWS::CloudWatch::Alarm").values().forEach(alarm ->
                assertThat((List<?>) props(alarm).get("AlarmActions")).hasSize(1));
        template.hasResourceProperties("AWS::SNS::Subscription", Map.of(
                "Protocol", "email", "Endpoint", "oncall@example.com"));
        template.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
    }

    @Test
    void outputs_nameTheWebhookUrl_theSecrets_andBothStateMachines() {
        assertThat(template.findOutputs("*").keySet()).contains("WebhookUrl", "ApprovalsUrl", "WebhookSecretName",
                "GitHubTokenSecretName", "LinkSigningKeySecretName", "SourceCredentialSecretName", "StateMachineArn",
                "RollbackStateMachineArn");
        template.hasOutput("RollbackStateMachineArn", Map.of("Value",
                Map.of("Ref", logicalIdOf("AWS::StepFunctions::StateMachine", "Rollback"))));
        template.hasOutput("WebhookUrl", Map.of("Value", Map.of("Fn::Join", List.of("",
                List.of(Map.of("Fn::GetAtt", List.of(logicalIdOf("AWS::ApiGatewayV2::Api", null), "ApiEndpoint")),
                        "/webhook")))));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> props(Map<String, Object> resource) {
        return (Map<String, Object>) resource.get("Properties");
    }

    private static String stage(Map<String, Object> project) {
        Object stage = variables(project).get("STAGE");
        return stage == null ? "" : (String) stage;
    }

    /** A CodeBuild project's environment variables, name to value (a string or a CloudFormation function). */
    private static Map<String, Object> variables(Map<String, Object> project) {
        Map<String, Object> variables = new java.util.HashMap<>();
        if (((Map<?, ?>) project.get("Environment")).get("EnvironmentVariables") instanceof List<?> list) {
            list.forEach(v -> variables.put((String) ((Map<?, ?>) v).get("Name"), ((Map<?, ?>) v).get("Value")));
        }
        return variables;
    }

    /** The properties of the CodeBuild project of a stage (its STAGE variable). */
    private static Map<String, Object> project(String stage) {
        return template.findResources("AWS::CodeBuild::Project").values().stream().map(ServerlessCdStackTest::props)
                .filter(p -> stage(p).equals(stage)).findFirst().orElseThrow(() -> new AssertionError("no " + stage + " project"));
    }

    private static java.nio.file.Path sampleBuildspecFile(String stage) {
        return RepositoryLayout.locate(java.nio.file.Path.of("")).root()
                .resolve("samples/orders-service/buildspecs/" + stage + ".yml");
    }

    /** The sample service's buildspec of a stage, read as YAML. */
    private static com.fasterxml.jackson.databind.JsonNode sampleBuildspec(String stage) throws java.io.IOException {
        return new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                .readTree(sampleBuildspecFile(stage).toFile());
    }

    /** The logical id of the one resource of a type whose id (or Name) contains the hint. */
    static String logicalIdOf(String type, String hint) {
        return StackFixture.template().findResources(type).entrySet().stream()
                .filter(e -> hint == null || e.getKey().contains(hint)
                        || String.valueOf(props(e.getValue()).get("Name")).contains(hint))
                .map(Map.Entry::getKey).findFirst().orElseThrow(() -> new AssertionError("no " + type + " " + hint));
    }
}
