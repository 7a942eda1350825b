package dev.serverlesscd.asl;

import static dev.serverlesscd.asl.AslTestSupport.SM_ARN;
import static dev.serverlesscd.asl.AslTestSupport.await;
import static dev.serverlesscd.asl.AslTestSupport.awaitEvent;
import static dev.serverlesscd.asl.AslTestSupport.json;
import static dev.serverlesscd.asl.AslTestSupport.machine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** waitForTaskToken callbacks, StopExecution, the 256 KiB limit, Map concurrency and JSONPath runtime errors. */
@Tag("unit")
class CallbacksStopAndLimitsTest {
    private static final String CALLBACK = "arn:aws:states:::lambda:invoke.waitForTaskToken";
    private final ManualClock clock = new ManualClock();
    private final List<String> tokens = new CopyOnWriteArrayList<>();
    private AslExecutor executor;

    @AfterEach
    void close() {
        if (executor != null) {
            executor.close();
        }
    }

    private Execution startApproval() {
        executor = new AslExecutor(TaskBindings.builder().bind(CALLBACK, inv -> {
            tokens.add(inv.arguments().path("Payload").path("token").asText());
            assertThat(inv.taskToken()).isEqualTo(inv.arguments().path("Payload").path("token").asText());
            assertThat(inv.pattern()).isEqualTo(IntegrationPattern.WAIT_FOR_TASK_TOKEN);
            return json("{'StatusCode':202}");
        }).build(), clock);
        StateMachine sm = machine("{'QueryLanguage':'JSONata','StartAt':'Approve','States':{'Approve':{'Type':'Task','Resource':'" + CALLBACK + "',"
                + "'Arguments':{'FunctionName':'approval','Payload':{'token':'{% $states.context.Task.Token %}'}},'End':true}}}");
        Execution e = executor.start(sm, SM_ARN, "approval", json("{}"));
        awaitEvent(e, "TaskSubmitted");
        return e;
    }

    @Test
    void wait_for_task_token_succeeds_with_the_output_sent_back() throws Exception {
        // GIVEN an execution waiting for a callback
        Execution e = startApproval();
        assertThat(e.status()).isEqualTo(ExecutionStatus.RUNNING);

        // WHEN the token is answered
        executor.sendTaskSuccess(tokens.get(0), json("{'approved':true}"));
        await(e);

        // THEN the task's result is the callback's output; the token cannot be answered twice
        assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(e.output()).isEqualTo(json("{'approved':true}"));
        TaskTokenException again = catchThrowableOfType(() -> executor.sendTaskSuccess(tokens.get(0), json("{}")), TaskTokenException.class);
        assertThat(again.errorCode()).isEqualTo("TaskTimedOut");
        assertThat(AslTestSupport.types(e)).containsSubsequence("TaskScheduled", "TaskStarted", "TaskSubmitted", "TaskSucceeded");
    }

    @Test
    void wait_for_task_token_failure_fails_the_task_with_the_error_sent() throws Exception {
        Execution e = startApproval();
        executor.sendTaskFailure(tokens.get(0), "Rejected", "alice said no");
        await(e);
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.error()).isEqualTo("Rejected");
        assertThat(e.cause()).isEqualTo("alice said no");
    }

    @Test
    void unknown_and_malformed_tokens_are_refused_with_aws_error_codes() {
        executor = new AslExecutor(TaskBindings.none(), clock);
        assertThat(catchThrowableOfType(() -> executor.sendTaskSuccess("nope", json("{}")), TaskTokenException.class).errorCode())
                .isEqualTo("InvalidToken");
        String wellFormed = "AQ" + "A".repeat(96);
        assertThat(catchThrowableOfType(() -> executor.sendTaskHeartbeat(wellFormed), TaskTokenException.class).errorCode())
                .isEqualTo("TaskDoesNotExist");
    }

    @Test
    void stop_aborts_a_waiting_execution_and_closes_its_tokens() {
        // GIVEN an execution waiting for a callback
        Execution e = startApproval();

        // WHEN it is stopped
        e.stop("Superseded", "a newer run took over");
        await(e);

        // THEN
        assertThat(e.status()).isEqualTo(ExecutionStatus.ABORTED);
        assertThat(e.error()).isEqualTo("Superseded");
        assertThat(e.stopDate()).isNotNull();
        HistoryEvent last = e.history().get(e.history().size() - 1);
        assertThat(last.type()).isEqualTo("ExecutionAborted");
        assertThat(last.details().get("executionAbortedEventDetails").get("cause").asText()).isEqualTo("a newer run took over");
        assertThat(catchThrowableOfType(() -> executor.sendTaskSuccess(tokens.get(0), json("{}")), TaskTokenException.class).errorCode())
                .isEqualTo("TaskTimedOut");
    }

    @Test
    void stop_interrupts_a_wait_state() {
        executor = new AslExecutor(TaskBindings.none(), clock);
        Execution e = executor.start(machine("{'StartAt':'W','States':{'W':{'Type':'Wait','Seconds':3600,'End':true}}}"), SM_ARN, "w", json("{}"));
        clock.awaitSleepers(1, Duration.ofSeconds(5));
        e.stop(null, null);
        await(e);
        assertThat(e.status()).isEqualTo(ExecutionStatus.ABORTED);
        assertThat(AslTestSupport.types(e)).containsExactly("ExecutionStarted", "WaitStateEntered", "ExecutionAborted");
    }

    @Test
    void output_over_256_kib_fails_with_data_limit_exceeded_which_states_all_does_not_catch() {
        // GIVEN a task returning 300 000 characters
        executor = new AslExecutor(TaskBindings.builder().bind("arn:aws:states:::lambda:invoke",
                inv -> json("{'Payload':'" + "x".repeat(300_000) + "'}")).build(), new AutoAdvanceClock());
        StateMachine sm = machine("{'StartAt':'T','States':{'T':{'Type':'Task','Resource':'arn:aws:states:::lambda:invoke','Parameters':{'FunctionName':'big'},"
                + "'Catch':[{'ErrorEquals':['States.ALL'],'Next':'Caught'}],'End':true},'Caught':{'Type':'Succeed'}}}");

        // WHEN
        Execution e = executor.run(sm, SM_ARN, "big", json("{}"));

        // THEN
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.error()).isEqualTo("States.DataLimitExceeded");
        assertThat(e.cause()).contains("'T'");
    }

    @Test
    void map_max_concurrency_one_runs_iterations_one_at_a_time_in_order() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        List<Integer> order = new CopyOnWriteArrayList<>();
        executor = new AslExecutor(TaskBindings.builder().bind("arn:aws:states:::lambda:invoke", inv -> {
            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            order.add(inv.arguments().path("Payload").asInt());
            try {
                Thread.sleep(5);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            running.decrementAndGet();
            return inv.arguments().get("Payload");
        }).build(), new AutoAdvanceClock());
        StateMachine sm = machine("{'QueryLanguage':'JSONata','StartAt':'M','States':{'M':{'Type':'Map','MaxConcurrency':1,'Items':'{% $states.input %}',"
                + "'ItemProcessor':{'StartAt':'T','States':{'T':{'Type':'Task','Resource':'arn:aws:states:::lambda:invoke',"
                + "'Arguments':{'FunctionName':'f','Payload':'{% $states.input %}'},'End':true}}},'End':true}}}");
        Execution e = executor.run(sm, SM_ARN, "serial", json("[1,2,3,4,5]"));
        assertThat(e.output()).isEqualTo(json("[1,2,3,4,5]"));
        assertThat(maxRunning.get()).isEqualTo(1);
        assertThat(order).containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    void map_tolerated_failures_keep_going_until_the_threshold_is_exceeded() {
        executor = new AslExecutor(TaskBindings.none(), new AutoAdvanceClock());
        String def = "{'QueryLanguage':'JSONata','StartAt':'M','States':{'M':{'Type':'Map','ToleratedFailureCount':COUNT,"
                + "'ItemProcessor':{'StartAt':'C','States':{'C':{'Type':'Choice','Choices':[{'Condition':'{% $states.input < 0 %}','Next':'Bad'}],'Default':'Ok'},"
                + "'Bad':{'Type':'Fail','Error':'Negative','Cause':'below zero'},'Ok':{'Type':'Pass','End':true}}},'End':true}}}";
        Execution tolerated = executor.run(machine(def.replace("COUNT", "1")), SM_ARN, "tol", json("[1,-1,2]"));
        assertThat(tolerated.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(tolerated.output()).isEqualTo(json("[1,{'Error':'Negative','Cause':'below zero'},2]"));
        Execution exceeded = executor.run(machine(def.replace("COUNT", "0")), SM_ARN, "exceeded", json("[1,-1,2]"));
        assertThat(exceeded.error()).isEqualTo("States.ExceedToleratedFailureThreshold");
        assertThat(AslTestSupport.types(exceeded)).contains("MapIterationFailed", "MapStateFailed");
    }

    @Test
    void a_jsonpath_input_path_that_selects_nothing_fails_with_states_runtime_which_no_catcher_catches() {
        Execution e = AslTestSupport.run(TaskBindings.builder().bind("arn:aws:states:::lambda:invoke", inv -> inv.arguments()).build(),
                "{'StartAt':'T','States':{'T':{'Type':'Task','Resource':'arn:aws:states:::lambda:invoke','InputPath':'$.missing',"
                        + "'Catch':[{'ErrorEquals':['States.ALL'],'Next':'C'}],'End':true},'C':{'Type':'Succeed'}}}", "{'a':1}");
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.error()).isEqualTo("States.Runtime");
        assertThat(e.cause()).startsWith("An error occurred while executing the state 'T' (entered at the event id #2).");
    }

    @Test
    void a_jsonata_runtime_error_fails_with_query_evaluation_error_and_can_be_caught() {
        Execution failed = AslTestSupport.run("{'QueryLanguage':'JSONata','StartAt':'P','States':{'P':{'Type':'Pass','Output':'{% $states.input.a + 1 %}','End':true}}}",
                "{'a':'text'}");
        assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(failed.error()).isEqualTo("States.QueryEvaluationError");
        assertThat(failed.cause()).startsWith("An error occurred while executing the state 'P' (entered at the event id #2). "
                + "The JSONata expression '$states.input.a + 1' specified for the field 'Output' threw an error during evaluation.");
        assertThat(AslTestSupport.types(failed)).contains("EvaluationFailed");

        Execution caught = AslTestSupport.run(TaskBindings.builder().bind("arn:aws:states:::lambda:invoke", inv -> inv.arguments()).build(),
                "{'QueryLanguage':'JSONata','StartAt':'T','States':{'T':{'Type':'Task','Resource':'arn:aws:states:::lambda:invoke',"
                        + "'Arguments':{'x':'{% $nope %}'},'Catch':[{'ErrorEquals':['States.QueryEvaluationError'],'Next':'C'}],'End':true},"
                        + "'C':{'Type':'Pass','Output':'{% $states.input.Error %}','End':true}}}", "{}");
        assertThat(caught.output().asText()).isEqualTo("States.QueryEvaluationError");
    }

    @Test
    void the_listener_sees_every_event_live() {
        List<String> seen = new CopyOnWriteArrayList<>();
        executor = new AslExecutor(TaskBindings.none(), new AutoAdvanceClock(), (ex, ev) -> seen.add(ev.type()));
        Execution e = executor.run(machine("{'StartAt':'P','States':{'P':{'Type':'Pass','End':true}}}"), SM_ARN, "l", json("{}"));
        assertThat(seen).containsExactly("ExecutionStarted", "PassStateEntered", "PassStateExited", "ExecutionSucceeded");
        assertThat(AslTestSupport.types(e)).isEqualTo(seen);
    }

    @Test
    void task_bindings_match_globs_in_order() {
        TaskBinding a = inv -> json("'a'");
        TaskBinding b = inv -> json("'b'");
        TaskBindings bindings = TaskBindings.builder().bind("arn:aws:states:::lambda:invoke", a)
                .bind("arn:aws:states:::lambda:*", b).bind("arn:aws:lambda:*:function:deploy-*", a).build();
        assertThat(bindings.find("arn:aws:states:::lambda:invoke")).containsSame(a);
        assertThat(bindings.find("arn:aws:states:::lambda:invoke.waitForTaskToken")).containsSame(b);
        assertThat(bindings.find("arn:aws:lambda:eu-west-1:1:function:deploy-prod")).containsSame(a);
        assertThat(bindings.find("arn:aws:states:::codebuild:startBuild.sync")).isEmpty();
    }

    @Test
    void integration_pattern_comes_from_the_resource_suffix() {
        assertThat(IntegrationPattern.of("arn:aws:states:::codebuild:startBuild.sync")).isEqualTo(IntegrationPattern.SYNC);
        assertThat(IntegrationPattern.of("arn:aws:states:::states:startExecution.sync:2")).isEqualTo(IntegrationPattern.SYNC);
        assertThat(IntegrationPattern.of("arn:aws:states:::lambda:invoke.waitForTaskToken")).isEqualTo(IntegrationPattern.WAIT_FOR_TASK_TOKEN);
        assertThat(IntegrationPattern.of("arn:aws:states:::lambda:invoke")).isEqualTo(IntegrationPattern.REQUEST_RESPONSE);
    }

    @Test
    void an_exception_thrown_by_a_binding_fails_the_task_with_its_class_name() {
        Execution e = AslTestSupport.run(TaskBindings.builder().bind("arn:aws:states:::lambda:invoke", inv -> {
            throw new IllegalStateException("disk full");
        }).build(), "{'StartAt':'T','States':{'T':{'Type':'Task','Resource':'arn:aws:states:::lambda:invoke','End':true}}}", "{}");
        assertThat(e.error()).isEqualTo("java.lang.IllegalStateException");
        JsonNode cause = json(e.cause());
        assertThat(cause.get("errorMessage").asText()).isEqualTo("disk full");
    }
}
