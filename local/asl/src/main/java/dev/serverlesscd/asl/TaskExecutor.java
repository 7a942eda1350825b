package dev.serverlesscd.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.serverlesscd.asl.json.Json;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Task: the arguments (Parameters over the effective input, or JSONata Arguments), the call to the resource's
 * {@link TaskBinding} with its Task* (or LambdaFunction*) events, TimeoutSeconds and HeartbeatSeconds, the task token
 * of {@code .waitForTaskToken}, then the result processing.
 */
final class TaskExecutor implements StateExecutor<State.Task> {
    @Override
    public Outcome execute(State.Task task, StateRun s) {
        Runner runner = s.runner;
        s.taskToken = task.pattern() == IntegrationPattern.WAIT_FOR_TASK_TOKEN
                ? runner.executor().newToken(runner.execution()) : null;
        ObjectNode context = s.context();
        JsonNode args;
        Long timeout;
        Long heartbeat;
        if (s.jsonata()) {
            JsonataSupport.Env env = s.env(null, null, context);
            args = task.parameters() != null ? JsonataSupport.evaluateTemplate(task.parameters(), "Arguments", env) : s.input;
            timeout = seconds(task.timeoutSeconds(), "TimeoutSeconds", env);
            heartbeat = seconds(task.heartbeatSeconds(), "HeartbeatSeconds", env);
        } else {
            JsonNode eff = DataFlow.inputPath(s);
            args = task.parameters() != null ? DataFlow.template(s, task.parameters(), eff, context) : eff;
            timeout = task.timeoutSecondsPath() != null ? pathSeconds(s, eff, task.timeoutSecondsPath(), "TimeoutSecondsPath")
                    : task.timeoutSeconds() != null ? task.timeoutSeconds().longValue() : null;
            heartbeat = task.heartbeatSecondsPath() != null ? pathSeconds(s, eff, task.heartbeatSecondsPath(), "HeartbeatSecondsPath")
                    : task.heartbeatSeconds() != null ? task.heartbeatSeconds().longValue() : null;
        }
        JsonNode result = invoke(s, task.resource(), task.pattern(), args, context, timeout, heartbeat);
        runner.checkSize(s, result);
        if (s.jsonata()) {
            return DataFlow.jsonataResult(s, s.env(result, null, context), result);
        }
        return DataFlow.jsonPathResult(s, result, task.resultSelector(), task.resultPath(), context);
    }

    private static Long seconds(JsonNode v, String field, JsonataSupport.Env env) {
        if (v == null) {
            return null;
        }
        JsonNode value = DataFlow.value(v, field, env);
        if (!value.isNumber() || value.doubleValue() < 1 || value.doubleValue() != Math.rint(value.doubleValue())) {
            throw JsonataSupport.fail(env, field, v.asText(), "returned a value that is not a positive integer.");
        }
        return value.longValue();
    }

    private static Long pathSeconds(StateRun s, JsonNode eff, String path, String field) {
        JsonNode v = DataFlow.readPath(s, eff, path);
        if (!v.isIntegralNumber() || v.longValue() < 1) {
            throw s.runtimeError("The " + field + " '" + path + "' does not reference a positive integer: " + v);
        }
        return v.longValue();
    }

    /** Resource type and name as history events show them: {@code lambda} / {@code invoke.waitForTaskToken}. */
    static String[] resourceTypeAndName(String resource) {
        String prefix = resource.startsWith("arn:aws:states:::") ? "arn:aws:states:::" : null;
        if (prefix == null) {
            int idx = resource.indexOf(":states:::");
            if (idx > 0) {
                prefix = resource.substring(0, idx + ":states:::".length());
            }
        }
        if (prefix != null) {
            String rest = resource.substring(prefix.length());
            int colon = rest.indexOf(':');
            if (rest.startsWith("aws-sdk:")) {
                colon = rest.indexOf(':', "aws-sdk:".length());
            }
            if (colon > 0) {
                return new String[]{rest.substring(0, colon), rest.substring(colon + 1)};
            }
            return new String[]{rest, rest};
        }
        String[] parts = resource.split(":");
        return new String[]{parts.length > 2 ? parts[2] : resource, resource};
    }

    private static boolean isBareLambda(String resource) {
        return resource.matches("arn:[^:]+:lambda:[^:]*:[^:]*:function:.+");
    }

    private static JsonNode invoke(StateRun s, String resource, IntegrationPattern pattern, JsonNode args, ObjectNode context,
                            Long timeout, Long heartbeat) {
        String[] rt = resourceTypeAndName(resource);
        boolean lambda = isBareLambda(resource);
        if (lambda) {
            s.runner.emit(s.lane, "LambdaFunctionScheduled", Runner.details("lambdaFunctionScheduledEventDetails", "resource", resource,
                    "input", Json.write(args), "inputDetails", AslExecutor.truncatedFalse(), "timeoutInSeconds", timeout));
        } else {
            s.runner.emit(s.lane, "TaskScheduled", Runner.details("taskScheduledEventDetails", "resourceType", rt[0], "resource", rt[1],
                    "region", s.runner.arns().region(), "parameters", Json.write(args), "timeoutInSeconds", timeout,
                    "heartbeatInSeconds", heartbeat));
        }
        Instant started = s.runner.clock().now();
        s.runner.emit(s.lane, lambda ? "LambdaFunctionStarted" : "TaskStarted",
                lambda ? Json.obj() : Runner.details("taskStartedEventDetails", "resourceType", rt[0], "resource", rt[1]));
        Instant deadline = timeout == null ? null : started.plusSeconds(timeout);
        AslExecutor.PendingTask pending = s.taskToken == null ? null : s.runner.executor().pending(s.taskToken);
        try {
            TaskBinding binding = s.runner.executor().bindings().find(resource).orElse(null);
            if (binding == null) {
                throw unbound(resource, args);
            }
            TaskInvocation invocation = new TaskInvocation(resource, pattern, args.deepCopy(), s.taskToken, context.deepCopy(),
                    s.name(), s.runner.execution().executionArn());
            Future<JsonNode> call = s.runner.executor().pool().submit(s.runner.inThread(() -> binding.invoke(invocation)));
            JsonNode returned = await(s.runner, call, deadline, null, null);
            JsonNode result;
            if (pending != null) {
                s.runner.emit(s.lane, "TaskSubmitted", Runner.details("taskSubmittedEventDetails", "resourceType", rt[0], "resource", rt[1],
                        "output", Json.write(returned == null ? Json.obj() : returned), "outputDetails", AslExecutor.truncatedFalse()));
                result = await(s.runner, pending.result, deadline, pending, heartbeat);
            } else {
                result = returned == null ? Json.NODES.nullNode() : returned.deepCopy();
            }
            if (lambda) {
                s.runner.emit(s.lane, "LambdaFunctionSucceeded", Runner.details("lambdaFunctionSucceededEventDetails", "output", Json.write(result),
                        "outputDetails", AslExecutor.truncatedFalse()));
            } else {
                s.runner.emit(s.lane, "TaskSucceeded", Runner.details("taskSucceededEventDetails", "resourceType", rt[0], "resource", rt[1],
                        "output", Json.write(result), "outputDetails", AslExecutor.truncatedFalse()));
            }
            return result;
        } catch (TaskTimeout t) {
            String error = t.heartbeat ? "States.HeartbeatTimeout" : "States.Timeout";
            if (lambda) {
                s.runner.emit(s.lane, "LambdaFunctionTimedOut", Runner.details("lambdaFunctionTimedOutEventDetails", "error", error, "cause", ""));
            } else {
                s.runner.emit(s.lane, "TaskTimedOut", Runner.details("taskTimedOutEventDetails", "resourceType", rt[0], "resource", rt[1],
                        "error", error, "cause", ""));
            }
            throw new AslError(error, "");
        } catch (AslError e) {
            if (lambda) {
                s.runner.emit(s.lane, "LambdaFunctionFailed", Runner.details("lambdaFunctionFailedEventDetails", "error", e.error(), "cause", e.cause()));
            } else {
                s.runner.emit(s.lane, "TaskFailed", Runner.details("taskFailedEventDetails", "resourceType", rt[0], "resource", rt[1],
                        "error", e.error(), "cause", e.cause()));
            }
            throw e;
        } finally {
            if (pending != null) {
                pending.closed = true;
            }
        }
    }

    /**
     * A resource with no local binding fails the task as AWS fails a call to a resource that does not exist. For Lambda
     * (a bare function ARN, or lambda:invoke with a FunctionName) that is Lambda.ResourceNotFoundException with the
     * "Function not found" cause of the Lambda API; for any other resource there is no AWS equivalent (CreateStateMachine
     * accepts only known integrations), so it is States.TaskFailed naming the resource.
     */
    private static AslError unbound(String resource, JsonNode args) {
        String function = null;
        if (isBareLambda(resource)) {
            function = resource;
        } else if (resource.contains(":states:::lambda:invoke")) {
            function = args.path("FunctionName").asText(null);
        }
        if (function != null) {
            String arn = function.startsWith("arn:") ? function : "arn:aws:lambda:us-east-1:123456789012:function:" + function;
            return new AslError("Lambda.ResourceNotFoundException", "Function not found: " + arn
                    + " (Service: AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException; Request ID: "
                    + UUID.randomUUID() + "; Proxy: null)");
        }
        return new AslError("States.TaskFailed", "No local binding for resource '" + resource + "'");
    }

    private static final class TaskTimeout extends Exception {
        final boolean heartbeat;

        TaskTimeout(boolean heartbeat) {
            super(null, null, false, false);
            this.heartbeat = heartbeat;
        }
    }

    /** Waits for a task; the deadlines are checked against the clock, so a ManualClock makes them fire on advance. */
    private static JsonNode await(Runner runner, Future<JsonNode> future, Instant deadline, AslExecutor.PendingTask pending, Long heartbeat) throws TaskTimeout {
        try {
            while (true) {
                try {
                    return future.get(Runner.POLL_MILLIS, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    Instant now = runner.clock().now();
                    if (deadline != null && !now.isBefore(deadline)) {
                        future.cancel(true);
                        throw new TaskTimeout(false);
                    }
                    if (pending != null && heartbeat != null && !now.isBefore(pending.lastHeartbeat.plusSeconds(heartbeat))) {
                        future.cancel(true);
                        throw new TaskTimeout(true);
                    }
                    runner.checkAlive();
                }
            }
        } catch (InterruptedException e) {
            future.cancel(true);
            throw new Runner.Aborted();
        } catch (CancellationException e) {
            throw new Runner.Aborted();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof AslError a) {
                throw a;
            }
            if (cause instanceof Runner.Aborted a) {
                throw a;
            }
            String type = cause.getClass().getName();
            ObjectNode lambdaStyle = Json.obj();
            lambdaStyle.put("errorMessage", String.valueOf(cause.getMessage()));
            lambdaStyle.put("errorType", cause.getClass().getSimpleName());
            throw new AslError(type, Json.write(lambdaStyle));
        } catch (Runner.Aborted e) {
            future.cancel(true);
            throw e;
        }
    }
}
