package dev.serverlesscd.asl;

import com.fasterxml.jackson.databind.JsonNode;

/** What a Task resource does locally. Throw {@link AslError} to fail the task with an error name and cause. */
@FunctionalInterface
public interface TaskBinding {
    JsonNode invoke(TaskInvocation invocation) throws AslError;
}
