package dev.serverlesscd.functions.webhook;

import dev.serverlesscd.functions.workflow.ExecutionInput;
import dev.serverlesscd.functions.workflow.ExecutionStarter;
import dev.serverlesscd.functions.workflow.StartedExecution;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for Step Functions in the webhook's tests: keeps executions by name as Step Functions does (a second
 * start of a name creates nothing and answers already started), and records every call, so a test can tell "started
 * once" from "started twice and deduplicated". {@link #failNext} makes the next calls fail like an outage.
 */
public final class RecordingExecutionStarter implements ExecutionStarter {
    static final String STATE_MACHINE = "arn:aws:states:eu-west-1:123456789012:stateMachine:pipeline";

    private final Map<String, ExecutionInput> executions = new ConcurrentHashMap<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger failures = new AtomicInteger();

    @Override
    public StartedExecution start(String executionName, ExecutionInput input) {
        calls.add(executionName);
        if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new IllegalStateException("Step Functions is unavailable");
        }
        String arn = STATE_MACHINE.replace(":stateMachine:", ":execution:") + ":" + executionName;
        boolean created = executions.putIfAbsent(executionName, input) == null;
        return new StartedExecution(arn, !created);
    }

    void failNext(int times) {
        failures.set(times);
    }

    /** Calls of StartExecution, successful or not. */
    public List<String> calls() {
        return List.copyOf(calls);
    }

    /** Executions that exist, by name. */
    Map<String, ExecutionInput> executions() {
        return Map.copyOf(executions);
    }
}
