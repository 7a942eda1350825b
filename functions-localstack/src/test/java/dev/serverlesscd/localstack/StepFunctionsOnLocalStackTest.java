package dev.serverlesscd.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.serverlesscd.functions.common.AwsClients;
import dev.serverlesscd.functions.common.Env;
import dev.serverlesscd.functions.common.EnvironmentVariables;
import dev.serverlesscd.functions.common.Json;
import dev.serverlesscd.functions.common.StateMachinePlaceholders;
import dev.serverlesscd.functions.config.DeclaredStages;
import dev.serverlesscd.functions.plan.StagePlanner;
import dev.serverlesscd.functions.run.Run;
import dev.serverlesscd.functions.run.RunStatus;
import dev.serverlesscd.functions.workflow.ExecutionInput;
import dev.serverlesscd.functions.workflow.ExecutionNames;
import dev.serverlesscd.functions.workflow.StartedExecution;
import dev.serverlesscd.functions.workflow.TaskCallbacks;
import dev.serverlesscd.functions.workflow.TaskTokenRejectedException;
import dev.serverlesscd.functions.wiring.AwsPorts;
import dev.serverlesscd.functions.wiring.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

/**
 * Step Functions through the adapters the webhook and the approval functions use ({@link AwsPorts} with
 * {@code STATE_MACHINE_ARN}): the real statemachines/pipeline.asl.json, its placeholders bound as the stack's
 * definitionSubstitutions bind them, created and started on LocalStack; and the task callbacks answering a task
 * that waits for its token.
 *
 * <p>The pipeline's own callback task (RequestApproval, {@code lambda:invoke.waitForTaskToken}) waits only after
 * its Lambda function ran, and the run reaches it only after CodeBuild builds: LocalStack's Community image runs
 * neither without more (Lambda containers, CodeBuild is not in it). The callbacks are therefore tested on an
 * activity task, whose token comes from {@code GetActivityTask}: the same SendTaskSuccess / SendTaskFailure calls.
 */
@LocalStackTest
class StepFunctionsOnLocalStackTest {
    static final String ROLE = "arn:aws:iam::000000000000:role/pipeline-state-machine";
    static final Duration PATIENCE = Duration.ofSeconds(30);

    static SfnClient sfn;
    static String region;
    /** The pipeline, created from statemachines/pipeline.asl.json by the first test that needs it. */
    static String pipelineArn;
    /** The webhook's ports: STATE_MACHINE_ARN is the pipeline. */
    static Ports webhookPorts;
    /** The approval functions' ports: the callbacks need no state machine. */
    static Ports ports;

    @BeforeAll
    static void start() {
        region = LocalStack.start().getRegion();
        sfn = AwsClients.stepFunctions();
        ports = AwsPorts.create(new Env(Map.of()), Clock.systemUTC());
    }

    @Test
    void pipeline_shouldBeAccepted_withEveryPlaceholderBound() throws IOException {
        // GIVEN the pipeline created from statemachines/pipeline.asl.json
        String arn = pipeline();

        // WHEN
        String definition = sfn.describeStateMachine(r -> r.stateMachineArn(arn)).definition();

        // THEN
        assertThat(StateMachinePlaceholders.in(definition)).isEmpty();
        assertThat(definition).contains(functionArn("approval-request"), "pipeline-smoke");
    }

    @Test
    void start_shouldStartThePipeline_withTheRunAsInput_andItsFirstTaskCallingTheBoundFunction() throws IOException {
        // GIVEN the pipeline and a run's input
        String arn = pipeline();
        ExecutionInput input = input(UUID.randomUUID().toString(), "6113728f27ae82c7b1a177c8d03f9e96e0adf246");
        String name = ExecutionNames.runId(input.deliveryId());

        // WHEN
        StartedExecution started = webhookPorts.executions().start(name, input);

        // THEN the execution has the deterministic name, the run as input, and runs the definition: RecordStart calls
        // the RunRecorder function its placeholder was bound to
        assertThat(started.alreadyStarted()).isFalse();
        assertThat(started.executionArn()).endsWith(":execution:" + arnName(arn) + ":" + name);
        DescribeExecutionResponse execution = sfn.describeExecution(r -> r.executionArn(started.executionArn()));
        assertThat(Json.MAPPER.readTree(execution.input())).isEqualTo(Json.MAPPER.valueToTree(input));
        HistoryEvent scheduled = eventually("the first task scheduled", () -> sfn.getExecutionHistory(r -> r
                .executionArn(started.executionArn())).events().stream()
                .filter(event -> event.type() == HistoryEventType.TASK_SCHEDULED).findFirst());
        JsonNode parameters = Json.MAPPER.readTree(scheduled.taskScheduledEventDetails().parameters());
        assertThat(parameters.path("FunctionName").asText()).isEqualTo(functionArn("run-recorder"));
        assertThat(parameters.at("/Payload/action").asText()).isEqualTo("start");
        assertThat(parameters.at("/Payload/run/runId").asText()).isEqualTo(name);
    }

    @Test
    void start_shouldAnswerAlreadyStarted_withTheExecutionsArn_whenTheNameWasStartedBefore() throws IOException {
        // GIVEN the delivery's execution of the pipeline was started
        pipeline();
        String delivery = UUID.randomUUID().toString();
        String name = ExecutionNames.runId(delivery);
        StartedExecution first = webhookPorts.executions().start(name,
                input(delivery, "6113728f27ae82c7b1a177c8d03f9e96e0adf246"));

        // WHEN it is started again with other input (the name is what counts)
        StartedExecution second = webhookPorts.executions().start(name,
                input(delivery, "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c"));

        // THEN
        assertThat(second).isEqualTo(new StartedExecution(first.executionArn(), true));
    }

    @Test
    void succeed_shouldEndTheWaitingTask_withTheOutputGiven() throws IOException {
        // GIVEN an execution waiting on a task token
        Waiting waiting = waitingTask();

        // WHEN the approval keeps it alive (heartbeat), then answers it
        ports.callbacks().heartbeat(waiting.token());
        ports.callbacks().succeed(waiting.token(), Json.MAPPER.readTree("{\"approved\":true,\"by\":\"lead\"}"));

        // THEN
        DescribeExecutionResponse execution = closed(waiting.executionArn());
        assertThat(execution.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(Json.MAPPER.readTree(execution.output()))
                .isEqualTo(Json.MAPPER.readTree("{\"approved\":true,\"by\":\"lead\"}"));
    }

    @Test
    void fail_shouldFailTheWaitingTask_withErrorAndCause() {
        // GIVEN an execution waiting on a task token
        Waiting waiting = waitingTask();

        // WHEN
        ports.callbacks().fail(waiting.token(), "Approval.Rejected", "rejected by lead@example.com");

        // THEN
        DescribeExecutionResponse execution = closed(waiting.executionArn());
        assertThat(execution.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(execution.error()).isEqualTo("Approval.Rejected");
        assertThat(execution.cause()).isEqualTo("rejected by lead@example.com");
    }

    @Test
    void succeed_shouldBeRejected_whenNoTaskWaitsOnTheToken() {
        // GIVEN a token whose task was answered already
        Waiting waiting = waitingTask();
        TaskCallbacks callbacks = ports.callbacks();
        callbacks.succeed(waiting.token(), Json.MAPPER.createObjectNode());
        closed(waiting.executionArn());

        // WHEN / THEN
        assertThatThrownBy(() -> callbacks.succeed(waiting.token(), Json.MAPPER.createObjectNode()))
                .isInstanceOf(TaskTokenRejectedException.class);
    }

    record Waiting(String executionArn, String token) {
    }

    /** Creates the pipeline the first time: LocalStack parses the definition (JSONata, variables) as it is created. */
    private static synchronized String pipeline() throws IOException {
        if (pipelineArn == null) {
            String definition = StateMachinePlaceholders.bind(
                    Files.readString(repositoryRoot().resolve("statemachines/pipeline.asl.json")), pipelineBindings());
            pipelineArn = sfn.createStateMachine(r -> r.name("pipeline-" + UUID.randomUUID()).definition(definition)
                    .roleArn(ROLE)).stateMachineArn();
            webhookPorts = AwsPorts.create(new Env(Map.of(EnvironmentVariables.STATE_MACHINE_ARN, pipelineArn)),
                    Clock.systemUTC());
        }
        return pipelineArn;
    }

    /**
     * An execution of a one-task machine whose task is an activity: it waits until its token is answered, with a
     * heartbeat as the pipeline's RequestApproval has.
     */
    private static Waiting waitingTask() {
        String activityArn = sfn.createActivity(r -> r.name("approval-" + UUID.randomUUID())).activityArn();
        String definition = "{\"StartAt\":\"Wait\",\"States\":{\"Wait\":{\"Type\":\"Task\",\"Resource\":\""
                + activityArn + "\",\"TimeoutSeconds\":300,\"HeartbeatSeconds\":120,\"End\":true}}}";
        String machine = sfn.createStateMachine(r -> r.name("callback-" + UUID.randomUUID()).definition(definition)
                .roleArn(ROLE)).stateMachineArn();
        String executionArn = sfn.startExecution(r -> r.stateMachineArn(machine).input("{}")).executionArn();
        String token = eventually("the activity's task", () -> Optional.ofNullable(sfn.getActivityTask(r -> r
                .activityArn(activityArn).workerName("test")).taskToken()).filter(t -> !t.isBlank()));
        return new Waiting(executionArn, token);
    }

    private static DescribeExecutionResponse closed(String executionArn) {
        return eventually(executionArn + " closed", () -> Optional.of(sfn.describeExecution(r -> r
                .executionArn(executionArn))).filter(execution -> execution.status() != ExecutionStatus.RUNNING));
    }

    private static <T> T eventually(String what, Supplier<Optional<T>> probe) {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(deadline)) {
            Optional<T> found = probe.get();
            if (found.isPresent()) {
                return found.get();
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + what, e);
            }
        }
        throw new AssertionError("no " + what + " within " + PATIENCE);
    }

    /**
     * The values the stack's definitionSubstitutions give the placeholders: function (alias) ARNs and CodeBuild
     * project names. Functions not deployed on LocalStack: the test looks at what the execution asks of them.
     */
    private static Map<String, String> pipelineBindings() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(StateMachinePlaceholders.RUN_RECORDER_FUNCTION_ARN, functionArn("run-recorder"));
        values.put(StateMachinePlaceholders.GATE_FUNCTION_ARN, functionArn("gate"));
        values.put(StateMachinePlaceholders.APPROVAL_REQUEST_FUNCTION_ARN, functionArn("approval-request"));
        values.put(StateMachinePlaceholders.DEPLOY_FUNCTION_ARN, functionArn("deploy"));
        values.put(StateMachinePlaceholders.ROLLOUT_STATUS_FUNCTION_ARN, functionArn("rollout-status"));
        values.put(StateMachinePlaceholders.BAKE_CHECK_FUNCTION_ARN, functionArn("bake-check"));
        values.put(StateMachinePlaceholders.NOTIFY_FUNCTION_ARN, functionArn("notify"));
        values.put(StateMachinePlaceholders.TEST_PROJECT_NAME, "pipeline-test");
        values.put(StateMachinePlaceholders.SCAN_PROJECT_NAME, "pipeline-scan");
        values.put(StateMachinePlaceholders.LINT_PROJECT_NAME, "pipeline-lint");
        values.put(StateMachinePlaceholders.BENCHMARK_PROJECT_NAME, "pipeline-benchmark");
        values.put(StateMachinePlaceholders.BUILD_PROJECT_NAME, "pipeline-build");
        values.put(StateMachinePlaceholders.UNJUDGED_PROJECT_NAME, "pipeline-smoke");
        assertThat(values.keySet()).containsExactlyInAnyOrderElementsOf(StateMachinePlaceholders.PIPELINE);
        return values;
    }

    private static String functionArn(String name) {
        return "arn:aws:lambda:" + region + ":000000000000:function:pipeline-" + name + ":live";
    }

    private static String arnName(String arn) {
        return arn.substring(arn.lastIndexOf(':') + 1);
    }

    private static ExecutionInput input(String deliveryId, String commit) {
        Run run = new Run(ExecutionNames.runId(deliveryId), deliveryId, "acme/orders-service",
                "https://github.com/acme/orders-service.git", "push", "refs/heads/main", "main", "main", null, commit,
                "octocat", "main-" + commit.substring(0, 7), "full", false, List.of(), RunStatus.RECEIVED, null, null,
                null, null, null, null);
        return ExecutionInput.of(run, false, new StagePlanner().plan(DeclaredStages.DEFAULTS, run));
    }

    /** The directory holding statemachines/, above the module's working directory. */
    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("statemachines"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no statemachines/ above " + Path.of("").toAbsolutePath());
    }
}
