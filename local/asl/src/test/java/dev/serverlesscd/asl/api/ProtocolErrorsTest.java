package dev.serverlesscd.asl.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.serverlesscd.asl.TaskBindings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Bad requests at the HTTP level, below what an SDK would send: each gets an AWS-shaped JSON error at once, never a
 * stack trace, an HTML page or a hang.
 */
@Tag("unit")
class ProtocolErrorsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    StepFunctionsServer server;
    HttpClient http;

    @BeforeEach
    void start() throws Exception {
        server = StepFunctionsServer.start(0, TaskBindings.none());
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    record Answer(int status, JsonNode body, String contentType) {
    }

    Answer post(String target, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-amz-json-1.0")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (target != null) {
            b.header("X-Amz-Target", target);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), JSON.readTree(r.body()), r.headers().firstValue("Content-Type").orElse(""));
    }

    @Test
    void aWellFormedRequestWithoutSignatureIsServed() throws Exception {
        // WHEN ListStateMachines is posted with no Authorization header at all
        Answer a = post("AWSStepFunctions.ListStateMachines", "{}");
        // THEN it is answered as AWS answers it
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.contentType()).isEqualTo("application/x-amz-json-1.0");
        assertThat(a.body().get("stateMachines").isArray()).isTrue();
    }

    @Test
    void anUnknownOperationIsUnknownOperationException() throws Exception {
        // WHEN the target names an operation the endpoint does not have, or none
        Answer unknown = post("AWSStepFunctions.CreateActivity", "{}");
        Answer otherService = post("DynamoDB_20120810.ListTables", "{}");
        Answer none = post(null, "{}");
        // THEN 400 UnknownOperationException
        for (Answer a : new Answer[]{unknown, otherService, none}) {
            assertThat(a.status()).isEqualTo(400);
            assertThat(a.body().get("__type").asText()).isEqualTo("UnknownOperationException");
            assertThat(a.body().get("message").asText()).isNotBlank();
        }
    }

    @Test
    void malformedJsonIsSerializationException() throws Exception {
        // WHEN the body is not JSON, or JSON but not an object
        Answer broken = post("AWSStepFunctions.StartExecution", "{\"stateMachineArn\": ");
        Answer array = post("AWSStepFunctions.StartExecution", "[1]");
        // THEN 400 SerializationException
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.body().get("__type").asText()).isEqualTo("SerializationException");
        assertThat(array.body().get("__type").asText()).isEqualTo("SerializationException");
    }

    @Test
    void aMemberOfTheWrongTypeIsSerializationExceptionAndAMissingOneValidationException() throws Exception {
        // WHEN name is a number, or required members are missing
        Answer wrongType = post("AWSStepFunctions.CreateStateMachine", "{\"name\": 42}");
        Answer missing = post("AWSStepFunctions.DescribeExecution", "{}");
        // THEN AWS's error for each
        assertThat(wrongType.body().get("__type").asText()).isEqualTo("SerializationException");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.body().get("__type").asText()).isEqualTo("ValidationException");
        assertThat(missing.body().get("message").asText())
                .isEqualTo("1 validation error detected: Value null at 'executionArn' failed to satisfy constraint: "
                        + "Member must not be null");
    }

    @Test
    void aHugeBodyIsRefusedWithoutBeingRead() throws Exception {
        // WHEN 8 MiB are posted
        String huge = "{\"input\": \"" + "x".repeat(8 * 1024 * 1024) + "\"}";
        Answer a = post("AWSStepFunctions.StartExecution", huge);
        // THEN a JSON error, 413
        assertThat(a.status()).isEqualTo(413);
        assertThat(a.body().get("__type").asText()).isEqualTo("ValidationException");
        // AND the server goes on serving
        assertThat(post("AWSStepFunctions.ListStateMachines", "{}").status()).isEqualTo(200);
    }

    @Test
    void aGetIsAnsweredWithAJsonError() throws Exception {
        // WHEN a browser GETs the endpoint
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/"))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        // THEN an AWS-shaped error, not a page
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).get("__type").asText()).isEqualTo("UnknownOperationException");
    }

    @Test
    void theServerListensOnLoopbackOnlyAndStopsCleanly() throws Exception {
        // GIVEN a started server
        // THEN its endpoint is on 127.0.0.1 and a free port was picked
        assertThat(server.endpoint().toString()).isEqualTo("http://127.0.0.1:" + server.port());
        assertThat(server.port()).isPositive();
        // WHEN it is stopped THEN its port refuses connections
        server.stop();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> post("AWSStepFunctions.ListStateMachines", "{}"))
                .isInstanceOf(java.io.IOException.class);
        server = StepFunctionsServer.start(0, TaskBindings.none());
    }
}
