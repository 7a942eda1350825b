package dev.serverlesscd.functions.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * A service speaking the AWS JSON 1.1 protocol on localhost (the JDK's HttpServer): every request is
 * {@code POST /} with {@code X-Amz-Target: <prefix>.<Operation>} and a JSON body; {@code answer} maps the operation
 * and body to the status and JSON to send back. Requests are kept for assertions.
 */
public final class AwsJsonStub implements AutoCloseable {
    public record Call(String operation, String body) {
    }

    public record Answer(int status, String json) {
        public static Answer ok(String json) {
            return new Answer(200, json);
        }

        public static Answer error(String type, String message) {
            return new Answer(400, "{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}");
        }
    }

    public final List<Call> calls = new ArrayList<>();
    private final HttpServer server;

    public AwsJsonStub(Function<Call, Answer> answer) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> serve(exchange, answer));
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** An SDK client of the stubbed service ({@code CodeBuildClient.builder()}, …) pointed at this stub. */
    public <B extends AwsSyncClientBuilder<B, C> & AwsClientBuilder<B, C>, C> C client(B builder) {
        return builder.httpClient(UrlConnectionHttpClient.builder().build())
                .endpointOverride(endpoint())
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
    }

    private synchronized void serve(HttpExchange exchange, Function<Call, Answer> answer) throws IOException {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        String operation = target == null ? "" : target.substring(target.indexOf('.') + 1);
        Call call = new Call(operation, new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        calls.add(call);
        Answer reply = answer.apply(call);
        byte[] body = reply.json().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
        if (reply.status() != 200) {
            String type = reply.json().replaceAll(".*\"__type\":\"([^\"]+)\".*", "$1");
            exchange.getResponseHeaders().add("x-amzn-ErrorType", type);
        }
        exchange.sendResponseHeaders(reply.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
