package dev.serverlesscd.functions.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.serverlesscd.functions.common.Json;
import java.util.Objects;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.StartExecutionRequest;

/**
 * {@link ExecutionStarter} on Step Functions (SDK v2): {@code StartExecution} with the deterministic name. On AWS it
 * talks to Step Functions; locally the same adapter talks to the local runtime's Step Functions endpoint
 * ({@code AWS_ENDPOINT_URL_SFN}).
 *
 * <p>{@code ExecutionAlreadyExists} means this name was started before (by an earlier attempt whose answer was lost,
 * or with input that has since changed): the execution is reported as already started, with its ARN derived from the
 * state machine's ({@code arn:…:stateMachine:<machine>} → {@code arn:…:execution:<machine>:<name>}).
 */
public final class SfnExecutionStarter implements ExecutionStarter {
    private final SfnClient sfn;
    private final String stateMachineArn;

    public SfnExecutionStarter(SfnClient sfn, String stateMachineArn) {
        this.sfn = Objects.requireNonNull(sfn, "Step Functions client is not specified");
        if (stateMachineArn == null || !stateMachineArn.contains(":stateMachine:")) {
            throw new IllegalArgumentException("State machine ARN is not specified or not a state machine ARN: " + stateMachineArn);
        }
        this.stateMachineArn = stateMachineArn;
    }

    @Override
    public StartedExecution start(String executionName, ExecutionInput input) {
        String json;
        try {
            json = Json.MAPPER.writeValueAsString(input);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot write the execution input of " + executionName, e);
        }
        try {
            String arn = sfn.startExecution(StartExecutionRequest.builder()
                    .stateMachineArn(stateMachineArn)
                    .name(executionName)
                    .input(json)
                    .build()).executionArn();
            return new StartedExecution(arn, false);
        } catch (ExecutionAlreadyExistsException exists) {
            return new StartedExecution(executionArn(executionName), true);
        }
    }

    /** The ARN Step Functions gives the execution of this state machine with this name. */
    public String executionArn(String executionName) {
        return stateMachineArn.replace(":stateMachine:", ":execution:") + ":" + executionName;
    }
}
