package dev.serverlesscd.asl.mock;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.serverlesscd.asl.AslExecutor;
import dev.serverlesscd.asl.AutoAdvanceClock;
import dev.serverlesscd.asl.Execution;
import dev.serverlesscd.asl.ExecutionStatus;
import dev.serverlesscd.asl.HistoryEvent;
import dev.serverlesscd.asl.StateMachine;
import dev.serverlesscd.asl.TaskBindings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Executions of the AWS page's example state machine (LambdaSQSIntegration, from "Using mocked service integrations
 * for testing in Step Functions Local") under the test cases of its example mock config.
 */
@Tag("unit")
class MockedTaskBindingsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ARN = "arn:aws:states:us-east-1:123456789012:stateMachine:LambdaSQSIntegration";

    static StateMachine definition() throws Exception {
        return StateMachine.parse(Files.readString(Path.of("src/test/resources/mock/LambdaSQSIntegration.asl.json")));
    }

    static Execution run(String testCase, TaskBindings real) throws Exception {
        TestCase tc = MockConfig.read(MockConfigTest.DOC_EXAMPLE).testCase("LambdaSQSIntegration", testCase);
        MockedTaskBindings mocks = new MockedTaskBindings(real, tc);
        try (AslExecutor executor = new AslExecutor(mocks.bindings(), new AutoAdvanceClock())) {
            mocks.attach(executor);
            return executor.run(definition(), ARN, testCase, JSON.readTree("{\"who\": \"tester\"}"));
        }
    }

    static List<String> types(Execution e) {
        return e.history().stream().map(HistoryEvent::type).toList();
    }

    @Test
    void happyPathAnswersBothTasksFromTheirMocks() throws Exception {
        // WHEN the HappyPath test case runs
        Execution e = run("HappyPath", TaskBindings.none());

        // THEN it succeeds with the SQS mock's answer, each task invoked once
        assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(e.output()).isEqualTo(JSON.readTree("""
                {"MD5OfMessageBody": "3bcb6e8e-7h85-4375-b0bc-1a59812c6e51",
                 "MessageId": "3bcb6e8e-8b51-4375-b0bc-1a59812c6e51"}"""));
        assertThat(types(e)).filteredOn("TaskSucceeded"::equals).hasSize(2);
    }

    @Test
    void retryPathAnswersEachRetryWithTheNextResponseOfTheRange() throws Exception {
        // WHEN the RetryPath test case runs: invocation 0 throws, 1-2 throw, 3 returns; Retry allows 3 attempts more
        Execution e = run("RetryPath", TaskBindings.none());

        // THEN the Lambda task failed three times, then succeeded, and the execution went on to SQS
        assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        List<JsonNode> failures = e.history().stream().filter(h -> h.type().equals("TaskFailed"))
                .map(h -> (JsonNode) h.details().get("taskFailedEventDetails")).toList();
        assertThat(failures).extracting(f -> f.get("error").asText())
                .containsExactly("Lambda.ResourceNotReadyException", "Lambda.TimeoutException", "Lambda.TimeoutException");
        assertThat(failures.get(0).get("cause").asText()).isEqualTo("Lambda resource is not ready.");
        assertThat(types(e)).filteredOn("TaskSucceeded"::equals).hasSize(2);
        assertThat(e.output().get("MessageId").asText()).isEqualTo("3bcb6e8e-8b51-4375-b0bc-1a59812c6e51");
    }

    @Test
    void hybridPathSendsTheUnmockedStateToTheRealBinding() throws Exception {
        // GIVEN a real binding for SQS that echoes the message body it gets
        TaskBindings real = TaskBindings.builder()
                .bind("arn:aws:states:::sqs:sendMessage", inv -> JSON.createObjectNode()
                        .put("MessageId", "real-1").set("sent", inv.arguments().get("MessageBody")))
                .build();

        // WHEN the HybridPath test case (Lambda mocked, SQS not) runs
        Execution e = run("HybridPath", real);

        // THEN SQS was called for real, with the mocked Lambda's result as its message
        assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(e.output().get("MessageId").asText()).isEqualTo("real-1");
        assertThat(e.output().at("/sent/Payload/body").asText()).isEqualTo("Hello from Lambda!");
    }

    @Test
    void anUnmockedStateWithNoRealBindingFailsAsAnUnboundTask() throws Exception {
        // WHEN HybridPath runs with no real bindings at all
        Execution e = run("HybridPath", TaskBindings.none());

        // THEN the SQS task fails the execution, saying why
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.error()).isEqualTo("States.TaskFailed");
        assertThat(e.cause()).contains("arn:aws:states:::sqs:sendMessage").contains("SQSState")
                .contains("test case 'HybridPath' does not mock it");
    }

    @Test
    void invocationsBeyondTheMockedResponsesFailTheExecution() throws Exception {
        // GIVEN a mock with a single response for a task retried on failure
        TestCase tc = MockConfig.parse("""
                {"StateMachines": {"SM": {"TestCases": {"T": {"LambdaState": "OnceFailing", "SQSState": "Ok"}}}},
                 "MockedResponses": {"OnceFailing": {"0": {"Throw": {"Error": "Boom", "Cause": "first"}}},
                                     "Ok": {"0": {"Return": {}}}}}""").testCase("SM", "T");
        MockedTaskBindings mocks = new MockedTaskBindings(TaskBindings.none(), tc);
        Execution e;
        try (AslExecutor executor = new AslExecutor(mocks.bindings(), new AutoAdvanceClock())) {
            mocks.attach(executor);
            // WHEN it runs and the retry asks for a second response
            e = executor.run(definition(), ARN, "beyond", JSON.createObjectNode());
        }

        // THEN the execution fails with States.Runtime naming the mock and the invocation
        assertThat(e.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(e.error()).isEqualTo("States.Runtime");
        assertThat(e.cause()).isEqualTo("Mocked response 'OnceFailing' of state 'LambdaState' (test case 'T') has no "
                + "response for invocation 1; it defines invocations 0-0");
    }

    @Test
    void aMockedWaitForTaskTokenTaskIsAnsweredWithoutAnyoneSendingTheToken() throws Exception {
        // GIVEN a callback task and a test case mocking it
        StateMachine sm = StateMachine.parse("""
                {"StartAt": "Approve", "States": {"Approve": {"Type": "Task",
                  "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                  "Parameters": {"FunctionName": "ask", "Payload": {"token.$": "$$.Task.Token"}}, "End": true}}}""");
        TestCase tc = MockConfig.parse("""
                {"StateMachines": {"Approval": {"TestCases": {"Approved": {"Approve": "Yes"}}}},
                 "MockedResponses": {"Yes": {"0": {"Return": {"approved": true}}}}}""").testCase(null, "Approved");
        MockedTaskBindings mocks = new MockedTaskBindings(TaskBindings.none(), tc);
        try (AslExecutor executor = new AslExecutor(mocks.bindings(), new AutoAdvanceClock())) {
            mocks.attach(executor);
            // WHEN it runs
            Execution e = executor.run(sm, "Approval", "approved", JSON.createObjectNode());
            // THEN the mocked answer is the task's result
            assertThat(e.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(e.output()).isEqualTo(JSON.readTree("{\"approved\": true}"));
        }
    }

    @Test
    void countersArePerExecution() throws Exception {
        // GIVEN one executor running HappyPath (one response per state) twice
        TestCase tc = MockConfig.read(MockConfigTest.DOC_EXAMPLE).testCase(null, "HappyPath");
        MockedTaskBindings mocks = new MockedTaskBindings(TaskBindings.none(), tc);
        try (AslExecutor executor = new AslExecutor(mocks.bindings(), new AutoAdvanceClock())) {
            mocks.attach(executor);
            // WHEN two executions run
            Execution first = executor.run(definition(), ARN, "one", JSON.createObjectNode());
            Execution second = executor.run(definition(), ARN, "two", JSON.createObjectNode());
            // THEN each starts at invocation 0
            assertThat(first.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(second.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        }
    }
}
