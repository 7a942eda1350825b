package dev.serverlesscd.local.runtime;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.serverlesscd.functions.common.FormEncoding;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * The pipeline's HTTP API on 127.0.0.1, as API Gateway's HTTP API serves it on AWS: each request becomes the
 * payload format 2.0 event the Lambda handler receives ({@code POST /webhook}, {@code GET|POST /approvals}),
 * and the handler's response is written back. Bodies are passed base64-encoded, as API Gateway does for
 * content it does not treat as text, so the handlers' decoding is exercised too.
 */
public final class LocalHttpApi implements AutoCloseable {
    /** API Gateway's own payload limit for HTTP APIs is 10 MB; GitHub sends at most 25 MB, which the handler refuses. */
    private static final int MAX_READ = 26 * 1024 * 1024;

    private final HttpServer server;
    private final ExecutorService threads;

    private LocalHttpApi(HttpServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    /** Starts serving the routes ("POST /webhook" → handler); port 0 picks a free one. */
    public static LocalHttpApi start(int port, Map<String, Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> routes)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        ExecutorService threads = Executors.newFixedThreadPool(8, r -> {
            Thread thread = new Thread(r, "local-http-api");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(threads);
        server.createContext("/", exchange -> serve(exchange, routes));
        server.start();
        return new LocalHttpApi(server, threads);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static void serve(HttpExchange exchange,
                              Map<String, Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> routes) throws IOException {
        try (exchange) {
            String routeKey = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
            var handler = routes.get(routeKey);
            if (handler == null) {
                boolean pathKnown = routes.keySet().stream().anyMatch(k -> k.endsWith(" " + exchange.getRequestURI().getPath()));
                write(exchange, pathKnown ? 405 : 404, Map.of("content-type", "application/json"),
                        "{\"message\":\"" + (pathKnown ? "Method Not Allowed" : "Not Found") + "\"}");
                return;
            }
            byte[] body = readAtMost(exchange.getRequestBody());
            APIGatewayV2HTTPResponse response;
            try {
                response = handler.apply(event(exchange, routeKey, body));
            } catch (RuntimeException e) {
                write(exchange, 500, Map.of("content-type", "application/json"), "{\"message\":\"Internal Server Error\"}");
                return;
            }
            Map<String, String> headers = response.getHeaders() == null ? Map.of() : response.getHeaders();
            String text = response.getBody() == null ? "" : response.getBody();
            byte[] bytes = response.getIsBase64Encoded() ? Base64.getDecoder().decode(text) : text.getBytes(StandardCharsets.UTF_8);
            write(exchange, response.getStatusCode(), headers, bytes);
        }
    }

    private static APIGatewayV2HTTPEvent event(HttpExchange exchange, String routeKey, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.put(name.toLowerCase(), String.join(",", values)));
        String rawQuery = exchange.getRequestURI().getRawQuery();
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(routeKey)
                .withRawPath(exchange.getRequestURI().getRawPath())
                .withRawQueryString(rawQuery == null ? "" : rawQuery)
                .withQueryStringParameters(rawQuery == null ? null : FormEncoding.decode(rawQuery))
                .withHeaders(headers)
                .withBody(Base64.getEncoder().encodeToString(body))
                .withIsBase64Encoded(true)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRouteKey(routeKey)
                        .withRequestId(UUID.randomUUID().toString())
                        .withTimeEpoch(Instant.now().toEpochMilli())
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(exchange.getRequestMethod())
                                .withPath(exchange.getRequestURI().getRawPath())
                                .withProtocol(exchange.getProtocol())
                                .withSourceIp(exchange.getRemoteAddress().getAddress().getHostAddress())
                                .withUserAgent(headers.get("user-agent"))
                                .build())
                        .build())
                .build();
    }

    private static byte[] readAtMost(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_READ);
        in.transferTo(OutputStream.nullOutputStream());
        return bytes;
    }

    private static void write(HttpExchange exchange, int status, Map<String, String> headers, String body) throws IOException {
        write(exchange, status, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void write(HttpExchange exchange, int status, Map<String, String> headers, byte[] body) throws IOException {
        headers.forEach((name, value) -> exchange.getResponseHeaders().put(name, List.of(value)));
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
