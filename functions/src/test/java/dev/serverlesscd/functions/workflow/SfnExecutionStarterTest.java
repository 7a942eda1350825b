package dev.serverlesscd.functions.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.serverlesscd.functions.common.Json;
import dev.serverlesscd.functions.config.DeclaredStages;
import dev.serverlesscd.functions.plan.StagePlanner;
import dev.serverlesscd.functions.run.Run;
import dev.serverlesscd.functions.run.RunStatus;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.SfnException;

/**
 * The adapter over the wire: the real SDK client against a small HTTP endpoint that answers StartExecution as
 * Step Functions does (JSON 1.0 protocol): a new name starts, a known name is ExecutionAlreadyExists.
 */
@Tag("unit")
class SfnExecutionStarterTest {
    static final String STATE_MACHINE = "arn:aws:states:eu-west-1:123456789012:stateMachine:pipeline";

    HttpServer server;
    final Map<String, String> inputs = new ConcurrentHashMap<>();
    volatile int failWith;
    SfnExecutionStarter starter;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            JsonNode request = Json.MAPPER.readTree(exchange.getRequestBody());
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String name = request.path("name").asText();
            int status;
            String body;
            if (failWith != 0) {
                status = failWith;
                body = "{\"__type\":\"com.amazonaws.swf.service.v2.model#InvalidArn\",\"message\":\"state machine gone\"}";
            } else if (!"AWSStepFunctions.StartExecution".equals(target)) {
                status = 400;
                body = "{\"__type\":\"UnknownOperationException\"}";
            } else if (inputs.putIfAbsent(name, request.path("input").asText()) != null) {
                status = 400;
                body = "{\"__type\":\"com.amazonaws.swf.service.v2.model#ExecutionAlreadyExists\",\"message\":\"Execution Already Exists: '" + name + "'\"}";
            } else {
                status = 200;
                body = "{\"executionArn\":\"" + STATE_MACHINE.replace(":stateMachine:", ":execution:") + ":" + name
                        + "\",\"startDate\":1763632800.0}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        SfnClient sfn = SfnClient.builder()
                .httpClient(UrlConnectionHttpClient.builder().build())
                .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
        starter = new SfnExecutionStarter(sfn, STATE_MACHINE);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void start_shouldStartTheExecutionWithTheNameAndTheInputAsJson() throws IOException {
        // GIVEN a run's input
        ExecutionInput input = input("run-72d3162e");

        // WHEN it is started
        StartedExecution started = starter.start("run-72d3162e", input);

        // THEN a new execution under that name, its input the contract's JSON
        assertThat(started.alreadyStarted()).isFalse();
        assertThat(started.executionArn()).isEqualTo("arn:aws:states:eu-west-1:123456789012:execution:pipeline:run-72d3162e");
        JsonNode sent = Json.MAPPER.readTree(inputs.get("run-72d3162e"));
        assertThat(sent.path("runId").asText()).isEqualTo("run-72d3162e");
        assertThat(sent.path("environments")).isEmpty();
        assertThat(sent.path("fork").asBoolean()).isFalse();
    }

    @Test
    void start_shouldAnswerAlreadyStarted_whenStepFunctionsSaysExecutionAlreadyExists() {
        // GIVEN an execution started under the name
        starter.start("run-1", input("run-1"));

        // WHEN the same name is started again
        StartedExecution again = starter.start("run-1", input("run-1"));

        // THEN already started, with the execution's ARN
        assertThat(again.alreadyStarted()).isTrue();
        assertThat(again.executionArn()).isEqualTo(starter.executionArn("run-1"));
        assertThat(inputs).hasSize(1);
    }

    @Test
    void start_shouldThrow_whenStepFunctionsFailsOtherwise() {
        // GIVEN Step Functions refuses
        failWith = 400;

        // THEN the failure escapes: nothing started
        assertThatThrownBy(() -> starter.start("run-2", input("run-2"))).isInstanceOf(SfnException.class);
    }

    @Test
    void constructor_shouldRefuseAnArnThatIsNotAStateMachine() {
        assertThatThrownBy(() -> new SfnExecutionStarter(SfnClient.builder().region(Region.EU_WEST_1)
                .httpClient(UrlConnectionHttpClient.builder().build()).build(), "arn:aws:lambda:eu-west-1:1:function:x"))
                .hasMessageContaining("not a state machine ARN");
    }

    @Test
    void runId_shouldBeDerivedFromTheDelivery_andRefuseIdsThatCannotNameAnExecution() {
        assertThat(ExecutionNames.runId("72d3162e-cc78-11e3-81ab-4c9367dc0958")).isEqualTo("run-72d3162e-cc78-11e3-81ab-4c9367dc0958");
        assertThatThrownBy(() -> ExecutionNames.runId("a b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ExecutionNames.runId("x".repeat(65))).isInstanceOf(IllegalArgumentException.class);
    }

    private static ExecutionInput input(String runId) {
        Run run = new Run(runId, runId.substring(4), "acme/orders-service", "https://github.com/acme/orders-service.git",
                "push", "refs/heads/feature/x", "feature/x", "main", null, "6113728f27ae82c7b1a177c8d03f9e96e0adf246",
                "octocat", "feature-x-6113728", "standard", false, List.of(), RunStatus.RECEIVED, null, null, null, null,
                null, null);
        return ExecutionInput.of(run, false, new StagePlanner().plan(DeclaredStages.DEFAULTS, run));
    }
}
