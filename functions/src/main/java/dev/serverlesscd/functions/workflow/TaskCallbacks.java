package dev.serverlesscd.functions.workflow;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Answers a task that waits for a callback ({@code .waitForTaskToken}). The token is a secret held server-side.
 * Each method throws {@link TaskTokenRejectedException} when the execution no longer waits on the token.
 */
public interface TaskCallbacks {

    /** The task succeeds with this output. */
    void succeed(String taskToken, JsonNode output);

    /** The task fails with this error (what a {@code Catch} matches) and cause. */
    void fail(String taskToken, String error, String cause);

    /** The task is still being worked on: resets its {@code HeartbeatSeconds}. */
    void heartbeat(String taskToken);
}
