package dev.serverlesscd.asl;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One call of a Task resource.
 *
 * @param resource     the state's Resource ARN, as written
 * @param pattern      the integration pattern from the resource suffix
 * @param arguments    the evaluated Arguments (JSONata) or Parameters (JSONPath), or the effective input if none
 * @param taskToken    the token to answer with, only for {@link IntegrationPattern#WAIT_FOR_TASK_TOKEN}
 * @param context      the context object ({@code $$} / {@code $states.context})
 * @param stateName    the Task state's name
 * @param executionArn the execution's ARN
 */
public record TaskInvocation(String resource, IntegrationPattern pattern, JsonNode arguments, String taskToken,
                             JsonNode context, String stateName, String executionArn) {
}
