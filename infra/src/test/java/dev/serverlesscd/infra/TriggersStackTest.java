package dev.serverlesscd.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * Triggers beyond push on the synthesized template of the shipped example (samples/pipeline-config.yml schedules
 * {@code nightly}: {@code 0 2 * * *}, main, tier full): one EventBridge Scheduler schedule per configured entry,
 * invoking the Schedule function's live alias with its repository, name and fire time; {@code POST /runs} with
 * AWS_IAM authorization on the RunRequest function.
 */
@Tag("unit")
class TriggersStackTest {
    private static Template template;

    @BeforeAll
    static void synthesize() {
        template = StackFixture.template();
    }

    @Test
    void eachConfiguredSchedule_isASchedulerScheduleInUtc_invokingTheScheduleFunctionWithItsFireTime() throws Exception {
        template.resourceCountIs("AWS::Scheduler::ScheduleGroup", 1);
        template.hasResourceProperties("AWS::Scheduler::ScheduleGroup", Map.of("Name", "ServerlessCd-runs"));
        template.resourceCountIs("AWS::Scheduler::Schedule", 1);
        template.hasResourceProperties("AWS::Scheduler::Schedule", Map.of(
                "GroupName", "ServerlessCd-runs",
                "ScheduleExpression", "cron(0 2 * * ? *)",
                "ScheduleExpressionTimezone", "UTC",
                "FlexibleTimeWindow", Map.of("Mode", "OFF"),
                "State", "ENABLED",
                "Target", Match.objectLike(Map.of(
                        "Arn", Map.of("Ref", Match.stringLikeRegexp("ScheduleAlias.*")),
                        "RoleArn", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("SchedulerRole.*"), "Arn"))))));
        Map<String, Map<String, Object>> schedules = template.findResources("AWS::Scheduler::Schedule");
        Map<?, ?> target = (Map<?, ?>) props(schedules.values().iterator().next()).get("Target");
        JsonNode input = new ObjectMapper().readTree((String) target.get("Input"));
        assertThat(input.path("repository").asText()).isEqualTo("acme/orders-service");
        assertThat(input.path("schedule").asText()).isEqualTo("nightly");
        assertThat(input.path("scheduledTime").asText()).isEqualTo("<aws.scheduler.scheduled-time>");
    }

    @Test
    void schedulerRole_mayInvokeTheScheduleFunctionsAliasOnly() {
        template.hasResourceProperties("AWS::IAM::Role", Map.of("AssumeRolePolicyDocument", Map.of("Statement",
                List.of(Match.objectLike(Map.of("Principal", Map.of("Service", "scheduler.amazonaws.com")))))));
        template.hasResourceProperties("AWS::IAM::Policy", Map.of(
                "PolicyDocument", Map.of("Statement", List.of(Map.of(
                        "Sid", "InvokeSchedule",
                        "Effect", "Allow",
                        "Action", "lambda:InvokeFunction",
                        "Resource", Map.of("Ref", Match.stringLikeRegexp("ScheduleAlias.*"))))),
                "Roles", List.of(Map.of("Ref", Match.stringLikeRegexp("SchedulerRole.*")))));
    }

    @Test
    void postRuns_isAuthorizedByIam_andServedByTheRunRequestFunction() {
        template.hasResourceProperties("AWS::ApiGatewayV2::Route", Map.of(
                "RouteKey", "POST /runs",
                "AuthorizationType", "AWS_IAM"));
        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "Handler", "dev.serverlesscd.functions.lambda.RunRequestHandler::handleRequest"));
        // the route's integration invokes the RunRequest function's live alias
        template.hasResourceProperties("AWS::Lambda::Permission", Map.of(
                "FunctionName", Map.of("Ref", Match.stringLikeRegexp("RunRequestAlias.*")),
                "Principal", "apigateway.amazonaws.com"));
    }

    @Test
    void triggerFunctions_startRunsOnThePipeline_andOnlyTheManualOneEndsSupersededApprovals() {
        template.hasResourceProperties("AWS::IAM::Policy", Map.of(
                "PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(
                        Match.objectLike(Map.of("Sid", "StartRun", "Action", "states:StartExecution")),
                        Match.objectLike(Map.of("Sid", "EndSupersededApprovals", "Action", "states:SendTaskFailure"))))),
                "Roles", List.of(Map.of("Ref", Match.stringLikeRegexp("RunRequestRole.*")))));
        Map<String, Map<String, Object>> schedulePolicies = template.findResources("AWS::IAM::Policy", Map.of(
                "Properties", Map.of("Roles", List.of(Map.of("Ref", Match.stringLikeRegexp("ScheduleRole.*"))))));
        assertThat(schedulePolicies).hasSize(1);
        assertThat(schedulePolicies.values().iterator().next().toString())
                .contains("states:StartExecution").doesNotContain("states:SendTaskFailure");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> props(Map<String, Object> resource) {
        return (Map<String, Object>) resource.get("Properties");
    }
}
