package dev.serverlesscd.infra;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static dev.serverlesscd.infra.ServerlessCdStackTest.props;
import static org.assertj.core.api.Assertions.assertThat;

/** Least privilege: exact actions on exact resources; "*" only where the service has no resource-level permission. */
@Tag("unit")
class IamPolicyTest {
    /** Actions whose service accepts only Resource "*" (ECR login, X-Ray, CloudWatch Logs vended delivery). */
    private static final Set<String> RESOURCE_STAR_ONLY = Set.of(
            "ecr:GetAuthorizationToken",
            "xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets",
            "logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery",
            "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies",
            "logs:DescribeLogGroups");

    private static Template template;
    private static List<Statement> statements;

    record Statement(String policy, List<String> actions, List<Object> resources) {
    }

    @BeforeAll
    static void synthesize() {
        template = StackFixture.template();
        statements = new ArrayList<>();
        template.findResources("AWS::IAM::Policy").forEach((id, policy) -> {
            Map<?, ?> document = (Map<?, ?>) props(policy).get("PolicyDocument");
            for (Object s : (List<?>) document.get("Statement")) {
                Map<?, ?> statement = (Map<?, ?>) s;
                assertThat(statement.get("Effect")).as(id).isEqualTo("Allow");
                statements.add(new Statement(id, asList(statement.get("Action")), asList(statement.get("Resource"))));
            }
        });
    }

    @Test
    void noStatement_grantsAWildcardAction() {
        assertThat(statements).isNotEmpty();
        statements.forEach(s -> assertThat(s.actions()).as(s.policy())
                .allSatisfy(action -> assertThat(action).doesNotContain("*")));
    }

    @Test
    void resourceStar_appearsOnlyForActionsWithoutResourceLevelPermissions() {
        statements.stream().filter(s -> s.resources().contains("*")).forEach(s ->
                assertThat(s.actions()).as(s.policy() + " uses Resource *").isSubsetOf(RESOURCE_STAR_ONLY));
    }

    @Test
    void noRole_hasAManagedPolicy() {
        template.findResources("AWS::IAM::Role").forEach((id, role) ->
                assertThat(props(role)).as(id).doesNotContainKey("ManagedPolicyArns"));
    }

    @Test
    void webhookRole_mayReadItsSecret_writeRuns_andStartThePipeline_only() {
        assertThat(actionsOf("WebhookRole")).containsExactlyInAnyOrder(
                "dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem",
                "dynamodb:ConditionCheckItem", "secretsmanager:GetSecretValue", "states:StartExecution",
                "states:SendTaskFailure",
                "logs:CreateLogStream", "logs:PutLogEvents");
        assertThat(resourcesOf("WebhookRole", "states:StartExecution"))
                .containsExactly(Map.of("Ref", ServerlessCdStackTest.logicalIdOf("AWS::StepFunctions::StateMachine", "Pipeline")));
        assertThat(resourcesOf("WebhookRole", "secretsmanager:GetSecretValue"))
                .containsExactly(Map.of("Ref", ServerlessCdStackTest.logicalIdOf("AWS::SecretsManager::Secret", "webhook-secret")));
    }

    @Test
    void approvalRole_answersTaskTokens_ofThePipelineOnly() {
        assertThat(actionsOf("ApprovalRole")).contains("states:SendTaskSuccess", "states:SendTaskFailure",
                "states:SendTaskHeartbeat").doesNotContain("states:StartExecution", "ses:SendEmail");
        assertThat(resourcesOf("ApprovalRole", "states:SendTaskSuccess"))
                .containsExactly(Map.of("Ref", ServerlessCdStackTest.logicalIdOf("AWS::StepFunctions::StateMachine", "Pipeline")));
    }

    @Test
    void taskRoles_haveExactlyTheirCalls() {
        assertThat(actionsOf("RunRecorderRole")).containsExactlyInAnyOrder("dynamodb:GetItem", "dynamodb:Query",
                "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:ConditionCheckItem", "dynamodb:DeleteItem",
                "secretsmanager:GetSecretValue", "s3:GetObject", "s3:ListBucket",
                "logs:CreateLogStream", "logs:PutLogEvents");
        // publishing: the chat channels' webhook URLs, the stack's chat secrets only
        assertThat(resourcesOf("RunRecorderRole", "secretsmanager:GetSecretValue").toString()).contains("/chat/*");
        assertThat(actionsOf("GateRole")).containsExactlyInAnyOrder("dynamodb:GetItem", "dynamodb:Query",
                "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:ConditionCheckItem", "secretsmanager:GetSecretValue",
                "codebuild:BatchGetBuilds", "codebuild:BatchGetReports", "codebuild:DescribeTestCases",
                "codebuild:DescribeCodeCoverages", "ecr:DescribeImageScanFindings", "ecr:DescribeImages", "s3:GetObject", "s3:ListBucket",
                "logs:CreateLogStream", "logs:PutLogEvents");
        assertThat(actionsOf("ApprovalRequestRole")).containsExactlyInAnyOrder("dynamodb:GetItem", "dynamodb:Query",
                "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:ConditionCheckItem", "secretsmanager:GetSecretValue",
                "ses:SendEmail", "sqs:SendMessage", "states:SendTaskFailure", "logs:CreateLogStream", "logs:PutLogEvents");
        assertThat(actionsOf("NotifyRole")).containsExactlyInAnyOrder("dynamodb:GetItem", "dynamodb:Query",
                "secretsmanager:GetSecretValue", "ses:SendEmail", "logs:CreateLogStream", "logs:PutLogEvents");
        assertThat(actionsOf("DeployerRole")).containsExactlyInAnyOrder("dynamodb:GetItem", "dynamodb:Query",
                "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:ConditionCheckItem", "dynamodb:DeleteItem",
                "eks:DescribeCluster",
                "secretsmanager:GetSecretValue",
                "s3:GetObject", "s3:ListBucket",
                "logs:CreateLogStream", "logs:PutLogEvents");
        assertThat(resourcesOf("DeployerRole", "eks:DescribeCluster").toString()).contains(":cluster/serverless-cd-demo");
        // the service's manifests, left by the image build under runs/<runId>/build/manifests/
        assertThat(resourcesOf("DeployerRole", "s3:GetObject").toString()).contains("/runs/*");
    }

    @Test
    void pipelineRole_invokesTheSevenTaskAliases_andRunsTheSixProjects() {
        assertThat(resourcesOf("PipelineRole", "lambda:InvokeFunction")).hasSize(7)
                .allSatisfy(r -> assertThat(r.toString()).contains("Alias").doesNotContain("*"))
                .noneSatisfy(r -> assertThat(r.toString()).containsAnyOf("Webhook", "ApprovalAlias"));
        assertThat(resourcesOf("PipelineRole", "codebuild:StartBuild")).hasSize(6);
        assertThat(actionsOf("PipelineRole")).contains("codebuild:StopBuild", "codebuild:BatchGetBuilds",
                "events:PutRule", "events:PutTargets", "events:DescribeRule");
    }

    @Test
    void rollbackRole_invokesTheDeployRolloutStatusAndNotifyAliases_only_andRunsNoBuilds() {
        assertThat(resourcesOf("RollbackRole", "lambda:InvokeFunction"))
                .containsExactlyInAnyOrder(aliasArn("DeployAlias"), aliasArn("RolloutStatusAlias"), aliasArn("NotifyAlias"));
        assertThat(actionsOf("RollbackRole")).contains("lambda:InvokeFunction")
                .noneSatisfy(action -> assertThat(action).startsWith("codebuild:"))
                .noneSatisfy(action -> assertThat(action).startsWith("events:"));
    }

    @Test
    void gate_findsTheTestBuildsReports_inTheTwoReportGroupsOnly() {
        assertThat(resourcesOf("GateRole", "codebuild:BatchGetBuilds")).containsExactly(
                Map.of("Fn::GetAtt", List.of(ServerlessCdStackTest.logicalIdOf("AWS::CodeBuild::Project", "TestProject"), "Arn")));
        assertThat(resourcesOf("GateRole", "codebuild:DescribeTestCases")).containsExactlyInAnyOrder(
                Map.of("Fn::GetAtt", List.of(ServerlessCdStackTest.logicalIdOf("AWS::CodeBuild::ReportGroup", "TestReports"), "Arn")),
                Map.of("Fn::GetAtt", List.of(ServerlessCdStackTest.logicalIdOf("AWS::CodeBuild::ReportGroup", "CoverageReports"), "Arn")));
    }

    @Test
    void buildProject_pushesToTheOneRepository() {
        assertThat(resourcesOf("BuildProjectRole", "ecr:PutImage")).containsExactly(
                Map.of("Fn::GetAtt", List.of(ServerlessCdStackTest.logicalIdOf("AWS::ECR::Repository", null), "Arn")));
    }

    /** How a policy names an alias: its Ref (the alias ARN). */
    private static Object aliasArn(String hint) {
        return Map.of("Ref", ServerlessCdStackTest.logicalIdOf("AWS::Lambda::Alias", hint));
    }

    private static Set<String> actionsOf(String policyHint) {
        Set<String> actions = new TreeSet<>();
        statements.stream().filter(s -> s.policy().startsWith(policyHint)).forEach(s -> actions.addAll(s.actions()));
        assertThat(actions).as("policy " + policyHint).isNotEmpty();
        return actions;
    }

    private static List<Object> resourcesOf(String policyHint, String action) {
        return statements.stream().filter(s -> s.policy().startsWith(policyHint) && s.actions().contains(action))
                .flatMap(s -> s.resources().stream()).toList();
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> asList(Object value) {
        return value instanceof List<?> list ? (List<T>) list : List.of((T) value);
    }
}
