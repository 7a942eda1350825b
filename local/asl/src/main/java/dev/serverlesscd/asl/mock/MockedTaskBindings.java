package dev.serverlesscd.asl.mock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.serverlesscd.asl.AslError;
import dev.serverlesscd.asl.AslExecutor;
import dev.serverlesscd.asl.Execution;
import dev.serverlesscd.asl.HistoryEvent;
import dev.serverlesscd.asl.IntegrationPattern;
import dev.serverlesscd.asl.TaskBinding;
import dev.serverlesscd.asl.TaskBindings;
import dev.serverlesscd.asl.TaskInvocation;
import dev.serverlesscd.asl.TaskTokenException;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Task bindings that answer the Task states of a {@link TestCase} with their mocked responses, as Step Functions
 * Local does: the n-th invocation of a mocked state in an execution (counted from 0, retries and Map iterations
 * included) gets the n-th response. A state the test case does not name goes to the real bindings given as fallback;
 * with none for its resource it fails as an unbound task ({@code States.TaskFailed}).
 *
 * <p>Which test case applies is decided per execution: {@link #assign} one to an execution ARN before starting it, or
 * give a default test case that applies to every execution not assigned one. Pass {@link #bindings()} to the
 * {@link AslExecutor}, then {@link #attach} that executor, which a mocked {@code .waitForTaskToken} task needs to
 * send its mocked answer through the task token, and which lets the counters of finished executions be dropped.
 */
public final class MockedTaskBindings {
    private static final Set<String> END_EVENTS =
            Set.of("ExecutionSucceeded", "ExecutionFailed", "ExecutionTimedOut", "ExecutionAborted");

    private final TaskBindings fallback;
    private final TestCase defaultTestCase;
    private final Map<String, TestCase> assigned = new ConcurrentHashMap<>();
    private final Map<String, Map<String, AtomicInteger>> counters = new ConcurrentHashMap<>();
    private final TaskBindings bindings;
    private volatile AslExecutor executor;

    /**
     * @param fallback        the real bindings, for states the test case does not mock; {@link TaskBindings#none()} for none
     * @param defaultTestCase the test case of executions not {@link #assign assigned} one; null for none (then those
     *                        executions run on the fallback bindings only)
     */
    public MockedTaskBindings(TaskBindings fallback, TestCase defaultTestCase) {
        this.fallback = Objects.requireNonNull(fallback, "fallback");
        this.defaultTestCase = defaultTestCase;
        this.bindings = TaskBindings.builder().bind("*", this::invoke).build();
    }

    /** The bindings to build the executor with. */
    public TaskBindings bindings() {
        return bindings;
    }

    /** Connects the executor that runs with {@link #bindings()}. */
    public void attach(AslExecutor executor) {
        this.executor = Objects.requireNonNull(executor, "executor");
        executor.addListener(this::onEvent);
    }

    /** Runs the execution with this ARN (not started yet) under a test case. */
    public void assign(String executionArn, TestCase testCase) {
        assigned.put(executionArn, Objects.requireNonNull(testCase, "testCase"));
    }

    /** The test case an execution runs under, if any. */
    public Optional<TestCase> testCaseOf(String executionArn) {
        return Optional.ofNullable(assigned.getOrDefault(executionArn, defaultTestCase));
    }

    private void onEvent(Execution execution, HistoryEvent event) {
        if (END_EVENTS.contains(event.type())) {
            assigned.remove(execution.executionArn());
            counters.remove(execution.executionArn());
        }
    }

    private JsonNode invoke(TaskInvocation invocation) throws AslError {
        TestCase testCase = testCaseOf(invocation.executionArn()).orElse(null);
        MockedResponse mock = testCase == null ? null : testCase.mockFor(invocation.stateName()).orElse(null);
        if (mock == null) {
            TaskBinding real = fallback.find(invocation.resource()).orElse(null);
            if (real == null) {
                throw new AslError("States.TaskFailed", "No local binding for resource '" + invocation.resource()
                        + "' of state '" + invocation.stateName() + "'"
                        + (testCase == null ? "" : ", and test case '" + testCase.name() + "' does not mock it"));
            }
            return real.invoke(invocation);
        }
        int n = counters.computeIfAbsent(invocation.executionArn(), k -> new ConcurrentHashMap<>())
                .computeIfAbsent(invocation.stateName(), k -> new AtomicInteger())
                .getAndIncrement();
        MockedResponse.Answer answer = mock.answer(n).orElseThrow(() -> new AslError("States.Runtime",
                "Mocked response '" + mock.name() + "' of state '" + invocation.stateName() + "' (test case '"
                        + testCase.name() + "') has no response for invocation " + n + "; it defines invocations 0-"
                        + (mock.answers().size() - 1)));
        if (answer instanceof MockedResponse.Throw t) {
            throw new AslError(t.error(), t.cause());
        }
        JsonNode value = ((MockedResponse.Return) answer).value().deepCopy();
        if (invocation.pattern() == IntegrationPattern.WAIT_FOR_TASK_TOKEN && invocation.taskToken() != null) {
            AslExecutor ex = executor;
            if (ex == null) {
                throw new AslError("States.Runtime", "Mocked .waitForTaskToken state '" + invocation.stateName()
                        + "' needs MockedTaskBindings.attach(executor)");
            }
            try {
                ex.sendTaskSuccess(invocation.taskToken(), value);
            } catch (TaskTokenException e) {
                throw new AslError("States.Runtime", "Mocked answer of state '" + invocation.stateName()
                        + "' could not be delivered: " + e.getMessage());
            }
        }
        return value;
    }
}
