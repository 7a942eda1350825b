package dev.serverlesscd.infra;

import static dev.serverlesscd.functions.common.EnvironmentVariables.PIPELINE_CONFIG;
import static dev.serverlesscd.functions.common.EnvironmentVariables.STATE_MACHINE_ARN;
import static dev.serverlesscd.functions.common.EnvironmentVariables.TABLE_NAME;
import static dev.serverlesscd.infra.FunctionRoles.TABLE_READ_WRITE;
import static dev.serverlesscd.infra.FunctionRoles.allowTable;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.serverlesscd.functions.config.PipelineConfig;
import dev.serverlesscd.functions.config.RepositoryConfig;
import dev.serverlesscd.functions.config.Schedule;
import dev.serverlesscd.functions.lambda.RunRequestHandler;
import dev.serverlesscd.functions.lambda.ScheduleHandler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.aws_apigatewayv2_authorizers.HttpIamAuthorizer;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpMethod;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.scheduler.CfnSchedule;
import software.amazon.awscdk.services.scheduler.CfnScheduleGroup;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.constructs.Construct;

/**
 * What starts runs besides GitHub's webhook (docs/configuration.md, "Triggers"): {@code POST /runs} on the HTTP API
 * with AWS_IAM authorization, served by the RunRequest function (a manual run), and one EventBridge Scheduler
 * schedule per {@code schedules:} entry of the pipeline configuration, in a schedule group of the stack's, each
 * invoking the Schedule function with its repository, name and fire time. Both functions start runs through the
 * webhook's launcher, so they need what the Webhook function needs of the table and the state machine.
 */
final class Triggers extends Construct {

    /**
     * @param stackName          prefixes the schedule group's name
     * @param storage            the table
     * @param pipeline           the pipeline state machine the runs start on
     * @param pipelineConfig     the validated configuration: its schedules become Scheduler schedules
     * @param pipelineConfigYaml the same, as the functions load it
     * @param api                the HTTP API that gets {@code POST /runs}
     * @param code               the functions jar
     * @param logRetention       retention of the functions' log groups
     */
    record Props(String stackName, Storage storage, StateMachine pipeline, PipelineConfig pipelineConfig,
                 String pipelineConfigYaml, HttpApi api, Code code, RetentionDays logRetention) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where this construct builds its resources: see docs/architecture.md, "The CDK app". */
    private final Stack stack;
    private final Props props;
    private final JavaFunction runRequest;
    private final JavaFunction schedule;

    Triggers(Construct scope, String id, Props props) {
        super(scope, id);
        this.stack = Stack.of(this);
        this.props = props;
        runRequest = function("RunRequest", RunRequestHandler.class, "RunRequest function (manual runs)", true);
        schedule = function("Schedule", ScheduleHandler.class, "Schedule function (scheduled runs)", false);
        props.api().addRoutes(AddRoutesOptions.builder()
                .path("/runs")
                .methods(List.of(HttpMethod.POST))
                .integration(new HttpLambdaIntegration("RunRequestIntegration", runRequest.alias()))
                .authorizer(new HttpIamAuthorizer())
                .build());
        schedules();
    }

    List<JavaFunction> all() {
        return List.of(runRequest, schedule);
    }

    // ---------------------------------------------------------------- factories

    /**
     * A function that launches runs: reads and writes the table, starts executions of the pipeline and, for a manual
     * run that supersedes a branch's older runs, ends their pending approvals (scheduled runs supersede nothing).
     */
    private JavaFunction function(String id, Class<?> handler, String description, boolean supersedes) {
        StateMachine pipeline = props.pipeline();
        IRole role = FunctionRoles.create(stack, id, description);
        allowTable(role, props.storage().table(), TABLE_READ_WRITE);
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("StartRun")
                .actions(List.of("states:StartExecution"))
                .resources(List.of(pipeline.getStateMachineArn()))
                .build());
        if (supersedes) {
            role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                    .sid("EndSupersededApprovals")
                    .actions(List.of("states:SendTaskFailure"))
                    .resources(List.of(pipeline.getStateMachineArn()))
                    .build());
        }
        return new JavaFunction(this, id, new JavaFunction.Props(handler, 1024, Duration.seconds(10), role, Map.of(
                TABLE_NAME, props.storage().table().getTableName(),
                STATE_MACHINE_ARN, pipeline.getStateMachineArn(),
                PIPELINE_CONFIG, props.pipelineConfigYaml()), props.code(), props.logRetention()));
    }

    /** One schedule per configured entry, UTC, invoking the Schedule function's alias with the fire time. */
    private void schedules() {
        List<Map.Entry<String, Schedule>> entries = new ArrayList<>();
        for (RepositoryConfig repository : props.pipelineConfig().repositories().values()) {
            repository.triggers().schedules().forEach(s -> entries.add(Map.entry(repository.name(), s)));
        }
        if (entries.isEmpty()) {
            return;
        }
        CfnScheduleGroup group = CfnScheduleGroup.Builder.create(stack, "RunSchedules")
                .name(props.stackName() + "-runs")
                .build();
        Role invoker = Role.Builder.create(stack, "SchedulerRole")
                .assumedBy(new ServicePrincipal("scheduler.amazonaws.com"))
                .description("EventBridge Scheduler: invokes the Schedule function for the configured schedules")
                .build();
        invoker.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("InvokeSchedule")
                .actions(List.of("lambda:InvokeFunction"))
                .resources(List.of(schedule.alias().getFunctionArn()))
                .build());
        for (Map.Entry<String, Schedule> entry : entries) {
            String repository = entry.getKey();
            Schedule configured = entry.getValue();
            CfnSchedule.Builder.create(stack, "Schedule" + logicalName(repository) + logicalName(configured.name()))
                    .groupName(group.getName())
                    .description(configured.name() + " of " + repository + ": " + configured.cron().text() + " UTC, "
                            + configured.ref())
                    .scheduleExpression(configured.cron().schedulerExpression())
                    .scheduleExpressionTimezone("UTC")
                    .flexibleTimeWindow(CfnSchedule.FlexibleTimeWindowProperty.builder().mode("OFF").build())
                    .state("ENABLED")
                    .target(CfnSchedule.TargetProperty.builder()
                            .arn(schedule.alias().getFunctionArn())
                            .roleArn(invoker.getRoleArn())
                            .input(input(repository, configured.name()))
                            .retryPolicy(CfnSchedule.RetryPolicyProperty.builder()
                                    .maximumRetryAttempts(3)
                                    .maximumEventAgeInSeconds(3600)
                                    .build())
                            .build())
                    .build()
                    .addDependency(group);
        }
    }

    /** The Schedule function's input: Scheduler puts the fire time in for its context attribute. */
    static String input(String repository, String schedule) {
        Map<String, String> input = new LinkedHashMap<>();
        input.put("repository", repository);
        input.put("schedule", schedule);
        input.put("scheduledTime", "<aws.scheduler.scheduled-time>");
        try {
            return JSON.writeValueAsString(input);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code acme/orders-service} as {@code AcmeOrdersService}: a part of a logical id. */
    private static String logicalName(String text) {
        StringBuilder out = new StringBuilder();
        for (String part : text.split("[^A-Za-z0-9]+")) {
            if (!part.isEmpty()) {
                out.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
            }
        }
        return out.toString();
    }
}
