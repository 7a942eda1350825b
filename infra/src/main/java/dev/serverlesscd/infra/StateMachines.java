package dev.serverlesscd.infra;

import static dev.serverlesscd.functions.common.StateMachinePlaceholders.APPROVAL_REQUEST_FUNCTION_ARN;
import static dev.serverlesscd.functions.common.StateMachinePlaceholders.BENCHMARK_PROJECT_NAME;
import static dev.serverlesscd.functions.common.StateMachinePlaceholders.BUILD_PROJECT_NAME;
import static dev.serverlesscd.functions.common.StateMachinePlaceholders.BAKE_CHECK_FUNCTION_ARN;
import static dev.serverlesscd.functions.common.StateMachinePlaceholders.DEPLOY_FUNCTION_ARN;
import static dev.serverlesscd.functions.common.StateMachinePlaceholders.GATE_FUNCTION_ARN;
import static dev.serverlesscd.functions.common.StateMachinePlaceholders.LINT_PROJECT_NAME;
import static dev.serverlesscd.functions.common.StateMachinePlaceholders.NOTIFY_FUNCTION_ARN;
import static dev.serverlesscd.functions.common.StateMachinePlaceholders.ROLLOUT_STATUS_FUNCTION_ARN;
import static dev.serverlesscd.functions.common.StateMachinePlaceholders.RUN_RECORDER_FUNCTION_ARN;
import static dev.serverlesscd.functions.common.StateMachinePlaceholders.SCAN_PROJECT_NAME;
import static dev.serverlesscd.functions.common.StateMachinePlaceholders.UNJUDGED_PROJECT_NAME;
import static dev.serverlesscd.functions.common.StateMachinePlaceholders.TEST_PROJECT_NAME;
import static dev.serverlesscd.infra.Nag.suppression;

import io.github.cdklabs.cdknag.NagSuppressions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.codebuild.Project;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;
import software.constructs.Construct;

/**
 * The two state machines, loaded from their files in statemachines/ with every placeholder bound: the pipeline
 * (every task function and build project) and the manual rollback (docs/architecture.md, "Manual rollback": the
 * deploy functions and Notify, no builds). Each has a role of its own and execution logs at level ALL.
 */
final class StateMachines extends Construct {

    /**
     * @param stackName          prefix of the state machines' fixed names and of their log groups
     * @param pipelineName       the pipeline's fixed name (the task functions build its ARN from it)
     * @param pipelineDefinition statemachines/pipeline.asl.json
     * @param rollbackDefinition statemachines/rollback.asl.json
     * @param functions          the task functions the definitions invoke
     * @param builds             the projects the pipeline runs
     * @param logRetention       retention of the execution logs
     */
    record Props(String stackName, String pipelineName, Path pipelineDefinition, Path rollbackDefinition,
                 TaskFunctions functions, CheckBuilds builds, RetentionDays logRetention) {
    }

    /** Where this construct builds its resources: see docs/architecture.md, "The CDK app". */
    private final Stack stack;
    private final Props props;
    private final LogGroup pipelineExecutionLogs;
    private final StateMachine pipeline;
    private final StateMachine rollback;

    StateMachines(Construct scope, String id, Props props) {
        super(scope, id);
        this.stack = Stack.of(this);
        this.props = props;
        pipelineExecutionLogs = LogGroups.retained(stack, "PipelineExecutionLogs",
                "/aws/vendedlogs/states/" + props.stackName() + "-pipeline", props.logRetention());
        pipeline = pipelineStateMachine();
        rollback = rollbackStateMachine();
        List.of(pipeline.getRole(), rollback.getRole()).forEach(role -> NagSuppressions.addResourceSuppressions(role,
                List.of(suppression("AwsSolutions-IAM5", "Added by CDK for logging and tracing: the CloudWatch Logs "
                        + "vended-delivery actions (logs:CreateLogDelivery, GetLogDelivery, UpdateLogDelivery, "
                        + "DeleteLogDelivery, ListLogDeliveries, PutResourcePolicy, DescribeResourcePolicies, "
                        + "DescribeLogGroups) and X-Ray's PutTraceSegments, PutTelemetryRecords, GetSamplingRules, "
                        + "GetSamplingTargets have no resource-level permission and require Resource \"*\".",
                        "Resource::*")), true));
    }

    StateMachine pipeline() {
        return pipeline;
    }

    /** The pipeline's execution log, where timed-out waits show up. */
    LogGroup pipelineExecutionLogs() {
        return pipelineExecutionLogs;
    }

    StateMachine rollback() {
        return rollback;
    }

    // ---------------------------------------------------------------- factories

    private StateMachine pipelineStateMachine() {
        TaskFunctions functions = props.functions();
        CheckBuilds builds = props.builds();
        Map<String, String> substitutions = new LinkedHashMap<>();
        substitutions.put(RUN_RECORDER_FUNCTION_ARN, functions.runRecorder().alias().getFunctionArn());
        substitutions.put(GATE_FUNCTION_ARN, functions.gate().alias().getFunctionArn());
        substitutions.put(APPROVAL_REQUEST_FUNCTION_ARN, functions.approvalRequest().alias().getFunctionArn());
        substitutions.put(DEPLOY_FUNCTION_ARN, functions.deploy().alias().getFunctionArn());
        substitutions.put(ROLLOUT_STATUS_FUNCTION_ARN, functions.rolloutStatus().alias().getFunctionArn());
        substitutions.put(BAKE_CHECK_FUNCTION_ARN, functions.bakeCheck().alias().getFunctionArn());
        substitutions.put(NOTIFY_FUNCTION_ARN, functions.notifier().alias().getFunctionArn());
        substitutions.put(TEST_PROJECT_NAME, builds.test().getProjectName());
        substitutions.put(SCAN_PROJECT_NAME, builds.scan().getProjectName());
        substitutions.put(LINT_PROJECT_NAME, builds.lint().getProjectName());
        substitutions.put(BENCHMARK_PROJECT_NAME, builds.benchmark().getProjectName());
        substitutions.put(BUILD_PROJECT_NAME, builds.build().getProjectName());
        substitutions.put(UNJUDGED_PROJECT_NAME, builds.unjudged().getProjectName());
        return stateMachine("Pipeline", props.pipelineName(), "The pipeline state machine",
                props.pipelineDefinition(), pipelineExecutionLogs, substitutions, functions.all(), builds.all());
    }

    private StateMachine rollbackStateMachine() {
        TaskFunctions functions = props.functions();
        LogGroup executionLogs = LogGroups.retained(stack, "RollbackExecutionLogs",
                "/aws/vendedlogs/states/" + props.stackName() + "-rollback", props.logRetention());
        Map<String, String> substitutions = new LinkedHashMap<>();
        substitutions.put(DEPLOY_FUNCTION_ARN, functions.deploy().alias().getFunctionArn());
        substitutions.put(ROLLOUT_STATUS_FUNCTION_ARN, functions.rolloutStatus().alias().getFunctionArn());
        substitutions.put(NOTIFY_FUNCTION_ARN, functions.notifier().alias().getFunctionArn());
        return stateMachine("Rollback", props.stackName() + "-rollback", "The manual rollback state machine",
                props.rollbackDefinition(), executionLogs, substitutions,
                List.of(functions.deploy(), functions.rolloutStatus(), functions.notifier()), List.of());
    }

    /**
     * A state machine from its definition file, every placeholder bound, with a role of its own that may invoke
     * exactly {@code taskFunctions} and run (and follow) exactly {@code projects}.
     */
    private StateMachine stateMachine(String id, String name, String description, Path definitionFile,
                                      LogGroup executionLogs, Map<String, String> substitutions,
                                      List<JavaFunction> taskFunctions, List<Project> projects) {
        String definition;
        try {
            definition = Files.readString(definitionFile);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the state machine definition " + definitionFile, e);
        }
        DefinitionPlaceholders.requireBound(definition, substitutions, definitionFile.toString());

        Role role = Role.Builder.create(stack, id + "Role")
                .assumedBy(new ServicePrincipal("states.amazonaws.com"))
                .description(description)
                .build();
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("InvokeTaskFunctions")
                .actions(List.of("lambda:InvokeFunction"))
                .resources(taskFunctions.stream().map(function -> function.alias().getFunctionArn()).toList())
                .build());
        if (!projects.isEmpty()) {
            allowBuilds(role, projects);
        }

        return StateMachine.Builder.create(stack, id)
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
                .resources(List.of(stack.formatArn(ArnComponents.builder().service("events")
                        .resource("rule").resourceName("StepFunctionsGetEventForCodeBuildStartBuildRule").build())))
                .build());
    }
}
