package dev.serverlesscd.asl.api;

import static dev.serverlesscd.asl.api.SfnTestSupport.ROLE;
import static dev.serverlesscd.asl.api.SfnTestSupport.awaitEnd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.serverlesscd.asl.AutoAdvanceClock;
import dev.serverlesscd.asl.mock.MockConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.InvalidArnException;
import software.amazon.awssdk.services.sfn.model.ValidationException;

/**
 * A server given a mock config runs test cases as Step Functions Local does ("Using mocked service integrations for
 * testing in Step Functions Local", step 3: StartExecution with {@code stateMachineArn#TestCaseName}).
 */
@Tag("unit")
class MockedExecutionsTest {
    StepFunctionsServer server;
    SfnClient sfn;
    String smArn;

    @BeforeEach
    void start() throws Exception {
        // the example's Retry backs off 2, 4 and 8 s: an AutoAdvanceClock skips them
        server = StepFunctionsServer.builder().port(0).clock(new AutoAdvanceClock())
                .mockConfig(MockConfig.read(Path.of("src/test/resources/mock/MockConfigFile.json"))).start();
        sfn = SfnTestSupport.client(server.port());
        String definition = Files.readString(Path.of("src/test/resources/mock/LambdaSQSIntegration.asl.json"));
        smArn = sfn.createStateMachine(b -> b.name("LambdaSQSIntegration").definition(definition).roleArn(ROLE))
                .stateMachineArn();
    }

    @AfterEach
    void stop() {
        sfn.close();
        server.stop();
    }

    @Test
    void startExecutionWithATestCaseRunsItsMocks() throws Exception {
        // WHEN the RetryPath test case is started through the SDK
        String arn = sfn.startExecution(b -> b.stateMachineArn(smArn + "#RetryPath").name("retry")).executionArn();

        // THEN the execution is an ordinary one of the state machine, answered by the mocks
        assertThat(arn).isEqualTo("arn:aws:states:us-east-1:123456789012:execution:LambdaSQSIntegration:retry");
        DescribeExecutionResponse d = awaitEnd(sfn, arn);
        assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(d.output()).contains("3bcb6e8e-8b51-4375-b0bc-1a59812c6e51");
        assertThat(d.stateMachineArn()).isEqualTo(smArn);
        assertThat(sfn.getExecutionHistory(b -> b.executionArn(arn)).events())
                .filteredOn(e -> e.typeAsString().equals("TaskFailed")).hasSize(3);
    }

    @Test
    void withoutATestCaseNothingIsMockedAndUnboundTasksFail() throws Exception {
        // WHEN the state machine is started plainly, with no bindings
        String arn = sfn.startExecution(b -> b.stateMachineArn(smArn).name("plain")).executionArn();
        // THEN its Lambda task is unbound and fails (after its retries)
        DescribeExecutionResponse d = awaitEnd(sfn, arn);
        assertThat(d.status()).isEqualTo(ExecutionStatus.FAILED);
    }

    @Test
    void anUnknownTestCaseIsRefused() {
        // WHEN a test case the mock config lacks is started THEN ValidationException naming it
        assertThatThrownBy(() -> sfn.startExecution(b -> b.stateMachineArn(smArn + "#SadPath")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("Test case 'SadPath' is not defined for state machine 'LambdaSQSIntegration'");
    }

    @Test
    void withoutAMockConfigATestCaseSuffixIsAnInvalidArn() throws Exception {
        // GIVEN a server with no mock config
        try (StepFunctionsServer plain = StepFunctionsServer.builder().port(0).start();
             SfnClient client = SfnTestSupport.client(plain.port())) {
            String arn = client.createStateMachine(b -> b.name("LambdaSQSIntegration").roleArn(ROLE).definition(
                    "{\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Pass\", \"End\": true}}}")).stateMachineArn();
            // WHEN a test case is named THEN the ARN is invalid, as on AWS
            assertThatThrownBy(() -> client.startExecution(b -> b.stateMachineArn(arn + "#HappyPath")))
                    .isInstanceOf(InvalidArnException.class);
        }
    }
}
