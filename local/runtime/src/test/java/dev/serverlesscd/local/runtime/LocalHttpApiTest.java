package dev.serverlesscd.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The local HTTP API cannot be starved by slow clients: stalled uploads hold no thread and time out with 408. */
@Tag("unit")
class LocalHttpApiTest {
    static final Duration READ_TIMEOUT = Duration.ofSeconds(2);

    final Map<String, Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> routes = Map.of(
            "POST /webhook", event -> APIGatewayV2HTTPResponse.builder().withStatusCode(202)
                    .withBody("got " + Base64.getDecoder().decode(event.getBody()).length + " bytes").build());

    @Test
    void stalledUploads_doNotStarveTheServer_andAreAnswered408AfterTheReadTimeout() throws Exception {
        try (LocalHttpApi api = LocalHttpApi.start(0, routes, READ_TIMEOUT)) {
            URI endpoint = api.endpoint();
            // GIVEN more stalled uploads than the server has threads: each declares 1 MB and sends 10 bytes
            List<Socket> stalled = new ArrayList<>();
            for (int i = 0; i < LocalHttpApi.MAX_THREADS + 4; i++) {
                Socket socket = new Socket(endpoint.getHost(), endpoint.getPort());
                OutputStream out = socket.getOutputStream();
                out.write(("POST /webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 1048576\r\n\r\n{\"zen\":\"a").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                stalled.add(socket);
            }

            // WHEN a normal delivery arrives meanwhile
            long started = System.nanoTime();
            HttpResponse<String> normal = HttpClient.newHttpClient().send(HttpRequest.newBuilder(endpoint.resolve("/webhook"))
                    .timeout(Duration.ofSeconds(5))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"zen\":\"ok\"}")).build(), HttpResponse.BodyHandlers.ofString());
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            // THEN it is answered at once, and every stalled upload is answered 408 (and closed) after the timeout
            assertThat(normal.statusCode()).isEqualTo(202);
            assertThat(normal.body()).isEqualTo("got 12 bytes");
            assertThat(took).isLessThan(READ_TIMEOUT);
            for (Socket socket : stalled) {
                try (socket) {
                    socket.setSoTimeout((int) READ_TIMEOUT.multipliedBy(3).toMillis());
                    String answer = readAll(socket.getInputStream());
                    assertThat(answer).startsWith("HTTP/1.1 408");
                }
            }
        }
    }

    @Test
    void aRequest_becomesThePayload20Event_asAnApprovalFormPostArrives() throws Exception {
        // GIVEN a route that answers what it received
        java.util.concurrent.atomic.AtomicReference<APIGatewayV2HTTPEvent> received = new java.util.concurrent.atomic.AtomicReference<>();
        Map<String, Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> approvals = Map.of("POST /approvals", event -> {
            received.set(event);
            return APIGatewayV2HTTPResponse.builder().withStatusCode(200).withHeaders(Map.of("content-type", "text/html"))
                    .withBody("<p>ok</p>").build();
        });
        try (LocalHttpApi api = LocalHttpApi.start(0, approvals, READ_TIMEOUT)) {
            // WHEN an approver posts the form
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            api.endpoint().resolve("/approvals?id=a-1&sig=x%2By"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("decision=approve&reason=looks+good")).build(),
                    HttpResponse.BodyHandlers.ofString());

            // THEN the handler saw the event API Gateway would send, and its answer came back
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.headers().firstValue("content-type")).hasValue("text/html");
            assertThat(answer.body()).isEqualTo("<p>ok</p>");
            APIGatewayV2HTTPEvent event = received.get();
            assertThat(event.getRouteKey()).isEqualTo("POST /approvals");
            assertThat(event.getRawPath()).isEqualTo("/approvals");
            assertThat(event.getRawQueryString()).isEqualTo("id=a-1&sig=x%2By");
            assertThat(event.getQueryStringParameters()).containsEntry("id", "a-1").containsEntry("sig", "x+y");
            assertThat(event.getHeaders()).containsEntry("content-type", "application/x-www-form-urlencoded");
            assertThat(event.getIsBase64Encoded()).isTrue();
            assertThat(new String(Base64.getDecoder().decode(event.getBody()), StandardCharsets.UTF_8))
                    .isEqualTo("decision=approve&reason=looks+good");
            assertThat(event.getRequestContext().getHttp().getSourceIp()).isEqualTo("127.0.0.1");
        }
    }

    @Test
    void unknownRoutes_areAnswered404Or405() throws Exception {
        try (LocalHttpApi api = LocalHttpApi.start(0, routes, READ_TIMEOUT)) {
            HttpClient client = HttpClient.newHttpClient();
            assertThat(client.send(HttpRequest.newBuilder(api.endpoint().resolve("/webhook")).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(405);
            assertThat(client.send(HttpRequest.newBuilder(api.endpoint().resolve("/nope")).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        }
    }

    private static String readAll(InputStream in) throws java.io.IOException {
        return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
}
