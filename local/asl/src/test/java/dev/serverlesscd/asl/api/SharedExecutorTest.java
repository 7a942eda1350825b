package dev.serverlesscd.asl.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.serverlesscd.asl.AslExecutor;
import dev.serverlesscd.asl.AutoAdvanceClock;
import dev.serverlesscd.asl.Execution;
import dev.serverlesscd.asl.StateMachine;
import dev.serverlesscd.asl.TaskBindings;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/** A server embedded over an executor the application also uses directly. */
@Tag("unit")
class SharedExecutorTest {
    @Test
    void executionsStartedFromJavaCanBeReadThroughTheApi() throws Exception {
        // GIVEN an executor the application owns, and a server over it
        try (AslExecutor executor = new AslExecutor(TaskBindings.none(), new AutoAdvanceClock());
             StepFunctionsServer server = StepFunctionsServer.start(0, executor);
             SfnClient sfn = SfnTestSupport.client(server.port())) {
            // WHEN the application runs an execution in-process
            StateMachine sm = StateMachine.parse("""
                    {"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": {"ok": true}, "End": true}}}""");
            Execution e = executor.start(sm, "arn:aws:states:us-east-1:123456789012:stateMachine:InProcess", "direct",
                    new ObjectMapper().readTree("{\"a\": 1}"));
            assertThat(e.awaitCompletion(Duration.ofSeconds(10))).isTrue();

            // THEN DescribeExecution and GetExecutionHistory see it
            DescribeExecutionResponse d = sfn.describeExecution(b -> b.executionArn(e.executionArn()));
            assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(d.output()).isEqualTo("{\"ok\":true}");
            assertThat(d.input()).isEqualTo("{\"a\":1}");
            assertThat(sfn.getExecutionHistory(b -> b.executionArn(e.executionArn())).events()).hasSize(e.history().size());
            // AND the server leaves the executor to its owner
            server.stop();
            assertThat(executor.run(sm, "InProcess", "after-stop", new ObjectMapper().createObjectNode()).output())
                    .isEqualTo(new ObjectMapper().readTree("{\"ok\": true}"));
        }
    }
}
