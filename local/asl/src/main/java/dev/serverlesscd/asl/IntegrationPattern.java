package dev.serverlesscd.asl;

/** How a Task waits for its resource: the suffix of the resource ARN. */
public enum IntegrationPattern {
    /** No suffix: call the API and move on with its response. */
    REQUEST_RESPONSE,
    /** {@code .sync} or {@code .sync:2}: the binding returns when the job is done. */
    SYNC,
    /** {@code .waitForTaskToken}: the binding's return is ignored; the state waits for SendTaskSuccess/Failure. */
    WAIT_FOR_TASK_TOKEN;

    static IntegrationPattern of(String resource) {
        if (resource.endsWith(".waitForTaskToken")) {
            return WAIT_FOR_TASK_TOKEN;
        }
        if (resource.endsWith(".sync") || resource.endsWith(".sync:2")) {
            return SYNC;
        }
        return REQUEST_RESPONSE;
    }
}
