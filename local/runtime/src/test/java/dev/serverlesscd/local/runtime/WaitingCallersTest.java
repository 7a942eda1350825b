package dev.serverlesscd.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.serverlesscd.asl.AslExecutor;
import dev.serverlesscd.asl.Execution;
import dev.serverlesscd.asl.ExecutionStatus;
import dev.serverlesscd.asl.HistoryEvent;
import dev.serverlesscd.asl.StateMachine;
import dev.serverlesscd.asl.SystemAslClock;
import dev.serverlesscd.asl.TaskBindings;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The local HTTP API's waiting callers go first (issue 13, item 9): while a request is being answered, the
 * executions the local runtime runs enter no state; a client trickling its upload holds nothing back; and no
 * execution waits longer than the deferral.
 */
@Tag("unit")
class WaitingCallersTest {
    private static final String MACHINE_ARN = "arn:aws:states:us-east-1:000000000000:stateMachine:Paced";
    private final StateMachine oneState;

    private final WaitingCallers callers = new WaitingCallers();
    private final AslExecutor executor = new AslExecutor(TaskBindings.none(), new SystemAslClock());
    private final CountDownLatch webhookEntered = new CountDownLatch(1);
    private final CountDownLatch webhookMayAnswer = new CountDownLatch(1);
    private final Map<String, Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> routes = Map.of(
            "POST /webhook", event -> {
                webhookEntered.countDown();
                try {
                    webhookMayAnswer.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return APIGatewayV2HTTPResponse.builder().withStatusCode(202).withBody("accepted").build();
            });

    WaitingCallersTest() throws Exception {
        oneState = StateMachine.parse("{\"StartAt\":\"Record\",\"States\":{\"Record\":{\"Type\":\"Pass\",\"End\":true}}}");
        executor.pace(callers);
    }

    @AfterEach
    void close() {
        webhookMayAnswer.countDown();
        executor.close();
    }

    @Test
    void whileAWebhookDeliveryIsBeingAnswered_anExecutionEntersNoState_andGoesOnOnceItIsAnswered() throws Exception {
        try (LocalHttpApi api = LocalHttpApi.start(0, routes, LocalHttpApi.READ_TIMEOUT, callers)) {
            // GIVEN a delivery the webhook is answering
            CompletableFuture<HttpResponse<String>> delivery = HttpClient.newHttpClient().sendAsync(
                    HttpRequest.newBuilder(api.endpoint().resolve("/webhook"))
                            .POST(HttpRequest.BodyPublishers.ofString("{\"zen\":\"push\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(webhookEntered.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(callers.answering()).isEqualTo(1);

            // WHEN an execution starts meanwhile
            Execution execution = executor.start(oneState, MACHINE_ARN, "run-1", JsonNodeFactory.instance.objectNode());

            // THEN it has entered no state while the delivery waits for its answer (a quiet moment: nothing to wait for)
            Thread.sleep(300);
            assertThat(execution.status()).isEqualTo(ExecutionStatus.RUNNING);
            assertThat(types(execution)).containsExactly("ExecutionStarted");

            // WHEN the delivery is answered THEN the execution goes on and ends
            webhookMayAnswer.countDown();
            assertThat(delivery.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(202);
            assertThat(execution.awaitCompletion(Duration.ofSeconds(10))).isTrue();
            assertThat(execution.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(callers.answering()).isZero();
        }
    }

    @Test
    void aClientTricklingItsUpload_holdsNoExecutionBack() throws Exception {
        try (LocalHttpApi api = LocalHttpApi.start(0, routes, LocalHttpApi.READ_TIMEOUT, callers)) {
            // GIVEN an upload that declared 1 MB and sent 10 bytes
            URI endpoint = api.endpoint();
            try (Socket stalled = new Socket(endpoint.getHost(), endpoint.getPort())) {
                OutputStream out = stalled.getOutputStream();
                out.write(("POST /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 1048576\r\n\r\n{\"zen\":\"a").getBytes(StandardCharsets.US_ASCII));
                out.flush();

                // WHEN an execution starts THEN it runs to its end while the upload is still arriving
                Execution execution = executor.start(oneState, MACHINE_ARN, "run-2", JsonNodeFactory.instance.objectNode());
                assertThat(execution.awaitCompletion(Duration.ofSeconds(10))).isTrue();
                assertThat(execution.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
                assertThat(callers.answering()).isZero();
                assertThat(webhookEntered.getCount()).isEqualTo(1);
            }
        }
    }

    @Test
    void anExecution_waitsNoLongerThanTheDeferral_whenRequestsNeverStop() throws Exception {
        // GIVEN callers that are never answered, and a deferral of 200 ms
        WaitingCallers busy = new WaitingCallers(Duration.ofMillis(200));
        busy.arrived();

        // WHEN an execution asks to enter its next state THEN it may, once the deferral has passed
        long started = System.nanoTime();
        busy.beforeState();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(200));

        // AND with no request being answered it may at once
        busy.answered();
        assertThat(busy.answering()).isZero();
        started = System.nanoTime();
        busy.beforeState();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(200));
    }

    private static List<String> types(Execution execution) {
        return execution.history().stream().map(HistoryEvent::type).toList();
    }
}
