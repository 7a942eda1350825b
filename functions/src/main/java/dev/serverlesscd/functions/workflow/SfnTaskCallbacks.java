package dev.serverlesscd.functions.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.serverlesscd.functions.common.Json;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/**
 * {@link TaskCallbacks} with Step Functions' SendTaskSuccess, SendTaskFailure and SendTaskHeartbeat. Locally the
 * same adapter talks to the local runtime's Step Functions API (endpoint override via {@code AWS_ENDPOINT_URL_SFN}).
 */
public final class SfnTaskCallbacks implements TaskCallbacks {
    /** Step Functions' limits on a task failure's error and cause. */
    static final int MAX_ERROR = 256;
    static final int MAX_CAUSE = 32_768;

    private final SfnClient sfn;

    public SfnTaskCallbacks(SfnClient sfn) {
        this.sfn = Objects.requireNonNull(sfn, "Step Functions client is not specified");
    }

    @Override
    public void succeed(String taskToken, JsonNode output) {
        String json;
        try {
            json = Json.MAPPER.writeValueAsString(output == null ? Json.MAPPER.createObjectNode() : output);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Task output is not writable as JSON: " + e.getOriginalMessage(), e);
        }
        call(() -> sfn.sendTaskSuccess(r -> r.taskToken(requireToken(taskToken)).output(json)));
    }

    @Override
    public void fail(String taskToken, String error, String cause) {
        call(() -> sfn.sendTaskFailure(r -> r.taskToken(requireToken(taskToken))
                .error(truncate(error, MAX_ERROR))
                .cause(truncate(cause, MAX_CAUSE))));
    }

    @Override
    public void heartbeat(String taskToken) {
        call(() -> sfn.sendTaskHeartbeat(r -> r.taskToken(requireToken(taskToken))));
    }

    private static void call(Supplier<?> request) {
        try {
            request.get();
        } catch (TaskTimedOutException e) {
            throw new TaskTokenRejectedException(TaskTokenRejectedException.Reason.TIMED_OUT, e.awsErrorDetails().errorMessage(), e);
        } catch (TaskDoesNotExistException e) {
            throw new TaskTokenRejectedException(TaskTokenRejectedException.Reason.NOT_WAITING, e.awsErrorDetails().errorMessage(), e);
        } catch (InvalidTokenException e) {
            throw new TaskTokenRejectedException(TaskTokenRejectedException.Reason.INVALID, e.awsErrorDetails().errorMessage(), e);
        }
    }

    private static String requireToken(String taskToken) {
        if (taskToken == null || taskToken.isBlank()) {
            throw new IllegalArgumentException("Task token is required");
        }
        return taskToken;
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max - 1) + "…";
    }
}
