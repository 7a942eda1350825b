package dev.serverlesscd.asl;

import static dev.serverlesscd.asl.AslTestSupport.SM_ARN;
import static dev.serverlesscd.asl.AslTestSupport.await;
import static dev.serverlesscd.asl.AslTestSupport.awaitEvent;
import static dev.serverlesscd.asl.AslTestSupport.json;
import static dev.serverlesscd.asl.AslTestSupport.machine;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Retry delays, task and heartbeat timeouts and execution timeouts, all on a ManualClock: nothing sleeps for real. */
@Tag("unit")
class RetryAndTimeoutTest {
    private static final Duration REAL = Duration.ofSeconds(10);
    private static final String FN = "arn:aws:lambda:us-east-1:123456789012:function:flaky";
    private final ManualClock clock = new ManualClock();
    private AslExecutor executor;

    @AfterEach
    void close() {
        if (executor != null) {
            executor.close();
        }
    }

    /** A binding that fails {@code failures} times, recording the clock at each call. */
    private TaskBindings flaky(int failures, List<Instant> calls) {
        AtomicInteger n = new AtomicInteger();
        return TaskBindings.builder().bind(FN, inv -> {
            synchronized (calls) {
                calls.add(clock.now());
            }
            if (n.incrementAndGet() <= failures) {
                throw new AslError("States.Timeout", "slow");
            }
            return new TextNode("ok after " + inv.context().path("State").path("RetryCount").asInt() + " retries");
        }).build();
    }

    private List<Duration> gaps(List<Instant> calls) {
        List<Duration> gaps = new ArrayList<>();
        for (int i = 1; i < calls.size(); i++) {
            gaps.add(Duration.between(calls.get(i - 1), calls.get(i)));
        }
        return gaps;
    }

    @Test
    @DisplayName("Handling errors guide: IntervalSeconds 3, MaxAttempts 2, BackoffRate 1.5 retries after 3 s and 4.5 s")
    void retry_interval_arithmetic_from_the_guide() {
        // GIVEN a task that times out twice, with the guide's retrier
        List<Instant> calls = new ArrayList<>();
        executor = new AslExecutor(flaky(2, calls), clock);
        StateMachine sm = machine("{'StartAt':'T','States':{'T':{'Type':'Task','Resource':'" + FN + "','Retry':[{'ErrorEquals':['States.Timeout'],"
                + "'IntervalSeconds':3,'MaxAttempts':2,'BackoffRate':1.5}],'End':true}}}");

        // WHEN it runs and we advance time to each retry deadline
        Execution e = executor.start(sm, SM_ARN, "retry", json("{}"));
        assertThat(clock.advanceToNextDeadline(REAL)).isEqualTo(Instant.parse("2024-01-01T00:00:03Z"));
        assertThat(clock.advanceToNextDeadline(REAL)).isEqualTo(Instant.parse("2024-01-01T00:00:07.500Z"));
        await(e);

        // THEN the attempts are 3 s and 4.5 s apart and the third succeeds with RetryCount 2 in the context
        assertThat(gaps(calls)).containsExactly(Duration.ofSeconds(3), Duration.ofMillis(4500));
        assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(e.output().asText()).isEqualTo("ok after 2 retries");
    }

    @Test
    @DisplayName("Handling errors guide: defaults are IntervalSeconds 1, BackoffRate 2.0, MaxAttempts 3")
    void retry_defaults() {
        List<Instant> calls = new ArrayList<>();
        executor = new AslExecutor(flaky(10, calls), clock);
        StateMachine sm = machine("{'StartAt':'T','States':{'T':{'Type':'Task','Resource':'" + FN + "','Retry':[{'ErrorEquals':['States.ALL']}],'End':true}}}");
        Execution e = executor.start(sm, SM_ARN, "defaults", json("{}"));
        for (int i = 0; i < 3; i++) {
            clock.advanceToNextDeadline(REAL);
        }
        await(e);
        assertThat(gaps(calls)).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.error()).isEqualTo("States.Timeout");
    }

    @Test
    @DisplayName("Handling errors guide: MaxDelaySeconds caps the back-off")
    void max_delay_caps_the_backoff() {
        List<Instant> calls = new ArrayList<>();
        executor = new AslExecutor(flaky(4, calls), clock);
        StateMachine sm = machine("{'StartAt':'T','States':{'T':{'Type':'Task','Resource':'" + FN + "','Retry':[{'ErrorEquals':['States.ALL'],"
                + "'IntervalSeconds':2,'BackoffRate':3,'MaxAttempts':5,'MaxDelaySeconds':10,'JitterStrategy':'NONE'}],'End':true}}}");
        Execution e = executor.start(sm, SM_ARN, "cap", json("{}"));
        for (int i = 0; i < 4; i++) {
            clock.advanceToNextDeadline(REAL);
        }
        await(e);
        assertThat(gaps(calls)).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(6), Duration.ofSeconds(10), Duration.ofSeconds(10));
        assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    @Test
    void full_jitter_stays_within_the_computed_delay() {
        var retrier = json("{'IntervalSeconds':4,'BackoffRate':2,'JitterStrategy':'FULL'}");
        for (int i = 0; i < 50; i++) {
            assertThat(Runner.retryDelay(retrier, 1)).isBetween(Duration.ZERO, Duration.ofSeconds(8));
        }
    }

    @Test
    void max_attempts_zero_never_retries_and_the_first_matching_retrier_wins() {
        List<Instant> calls = new ArrayList<>();
        executor = new AslExecutor(flaky(1, calls), clock);
        StateMachine sm = machine("{'StartAt':'T','States':{'T':{'Type':'Task','Resource':'" + FN + "','Retry':[{'ErrorEquals':['States.Timeout'],"
                + "'MaxAttempts':0},{'ErrorEquals':['States.ALL'],'MaxAttempts':5}],'End':true}}}");
        Execution e = executor.start(sm, SM_ARN, "zero", json("{}"));
        await(e);
        assertThat(calls).hasSize(1);
        assertThat(e.error()).isEqualTo("States.Timeout");
    }

    @Test
    void task_timeout_fails_with_states_timeout_when_the_clock_passes_the_deadline() {
        // GIVEN a task that never returns by itself
        CountDownLatch release = new CountDownLatch(1);
        executor = new AslExecutor(TaskBindings.builder().bind(FN, inv -> {
            try {
                release.await();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            return TextNode.valueOf("late");
        }).build(), clock);
        StateMachine sm = machine("{'StartAt':'T','States':{'T':{'Type':'Task','Resource':'" + FN + "','TimeoutSeconds':30,'End':true}}}");
        Execution e = executor.start(sm, SM_ARN, "timeout", json("{}"));
        awaitEvent(e, "LambdaFunctionStarted");

        // WHEN 29 s pass nothing happens; at 30 s the task times out
        clock.advance(Duration.ofSeconds(29));
        assertThat(e.status()).isEqualTo(ExecutionStatus.RUNNING);
        clock.advance(Duration.ofSeconds(1));
        await(e);

        // THEN
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.error()).isEqualTo("States.Timeout");
        assertThat(AslTestSupport.types(e)).contains("LambdaFunctionTimedOut");
        release.countDown();
    }

    @Test
    void heartbeat_timeout_on_a_callback_task_unless_heartbeats_arrive() throws Exception {
        // GIVEN a waitForTaskToken task with HeartbeatSeconds 10
        String[] token = new String[1];
        executor = new AslExecutor(TaskBindings.builder().bind("arn:aws:states:::sqs:sendMessage.waitForTaskToken", inv -> {
            token[0] = inv.taskToken();
            return json("{'MessageId':'m-1'}");
        }).build(), clock);
        StateMachine sm = machine("{'StartAt':'T','States':{'T':{'Type':'Task','Resource':'arn:aws:states:::sqs:sendMessage.waitForTaskToken',"
                + "'Parameters':{'MessageBody':{'token.$':'$$.Task.Token'}},'HeartbeatSeconds':10,'TimeoutSeconds':100,"
                + "'Catch':[{'ErrorEquals':['States.HeartbeatTimeout'],'Next':'Late'}],'End':true},'Late':{'Type':'Pass','End':true}}}");
        Execution e = executor.start(sm, SM_ARN, "hb", json("{}"));
        awaitEvent(e, "TaskSubmitted");

        // WHEN a heartbeat arrives at 8 s, then silence
        clock.advance(Duration.ofSeconds(8));
        executor.sendTaskHeartbeat(token[0]);
        clock.advance(Duration.ofSeconds(8));
        Thread.sleep(30);
        assertThat(e.status()).isEqualTo(ExecutionStatus.RUNNING);
        clock.advance(Duration.ofSeconds(2));
        await(e);

        // THEN it timed out at 18 s with States.HeartbeatTimeout, caught
        assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(e.output()).isEqualTo(json("{'Error':'States.HeartbeatTimeout','Cause':''}"));
        HistoryEvent timedOut = awaitEvent(e, "TaskTimedOut");
        assertThat(timedOut.details().get("taskTimedOutEventDetails").get("error").asText()).isEqualTo("States.HeartbeatTimeout");
        assertThat(timedOut.details().get("taskTimedOutEventDetails").get("resourceType").asText()).isEqualTo("sqs");
        assertThat(timedOut.details().get("taskTimedOutEventDetails").get("resource").asText()).isEqualTo("sendMessage.waitForTaskToken");
    }

    @Test
    void execution_timeout_ends_the_execution_as_timed_out() {
        executor = new AslExecutor(TaskBindings.none(), clock);
        StateMachine sm = machine("{'TimeoutSeconds':5,'StartAt':'W','States':{'W':{'Type':'Wait','Seconds':60,'End':true}}}");
        Execution e = executor.start(sm, SM_ARN, "exec-timeout", json("{}"));
        clock.awaitSleepers(1, REAL);
        clock.advance(Duration.ofSeconds(5));
        await(e);
        assertThat(e.status()).isEqualTo(ExecutionStatus.TIMED_OUT);
        assertThat(AslTestSupport.types(e)).last().isEqualTo("ExecutionTimedOut");
    }

    @Test
    @DisplayName("Wait state guide: Seconds 10 waits exactly 10 s on the clock")
    void wait_seconds_uses_the_clock() {
        executor = new AslExecutor(TaskBindings.none(), clock);
        StateMachine sm = machine("{'StartAt':'W','States':{'W':{'Type':'Wait','Seconds':10,'Next':'D'},'D':{'Type':'Succeed'}}}");
        Execution e = executor.start(sm, SM_ARN, "wait", json("{}"));
        assertThat(clock.advanceToNextDeadline(REAL)).isEqualTo(Instant.parse("2024-01-01T00:00:10Z"));
        await(e);
        assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(e.stopDate()).isEqualTo(Instant.parse("2024-01-01T00:00:10Z"));
    }
}
