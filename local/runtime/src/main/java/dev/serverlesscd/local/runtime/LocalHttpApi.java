package dev.serverlesscd.local.runtime;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.serverlesscd.functions.common.FormEncoding;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The pipeline's HTTP API on 127.0.0.1, as API Gateway's HTTP API serves it on AWS: each request becomes the
 * payload format 2.0 event the Lambda handler receives ({@code POST /webhook}, {@code GET|POST /approvals}),
 * and the handler's response is written back. Bodies are passed base64-encoded, as API Gateway does for
 * content it does not treat as text, so the handlers' decoding is exercised too.
 *
 * <p>Slow clients cannot starve it. It runs on Jetty with a bounded pool of {@link #MAX_THREADS} threads, and a
 * request's body is read without holding a thread: a thread is taken only once the whole body has arrived, to run the
 * handler. A connection that sends nothing for the read timeout (30 s by default) is answered 408 and closed, so
 * stalled uploads neither hold threads nor connections for long.
 */
public final class LocalHttpApi implements AutoCloseable {
    /** API Gateway's own payload limit for HTTP APIs is 10 MB; GitHub sends at most 25 MB, which the handler refuses. */
    private static final int MAX_READ = 26 * 1024 * 1024;
    /** How long a connection may send nothing (headers or body) before it is answered 408 and closed. */
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    static final int MAX_THREADS = 16;

    private final Server server;
    private final ServerConnector connector;

    private LocalHttpApi(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /** Starts serving the routes ("POST /webhook" → handler); port 0 picks a free one. */
    public static LocalHttpApi start(int port, Map<String, Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> routes)
            throws java.io.IOException {
        return start(port, routes, READ_TIMEOUT);
    }

    /** As {@link #start(int, Map)}, a connection that sends nothing for {@code readTimeout} answered 408 and closed. */
    public static LocalHttpApi start(int port, Map<String, Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> routes,
                                     Duration readTimeout) throws java.io.IOException {
        return start(port, routes, readTimeout, new WaitingCallers());
    }

    /** As {@link #start(int, Map, Duration)}, each request counted in {@code callers} from its body's arrival to its answer. */
    static LocalHttpApi start(int port, Map<String, Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> routes,
                              Duration readTimeout, WaitingCallers callers) throws java.io.IOException {
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 2);
        threads.setName("local-http-api");
        threads.setDaemon(true);
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        connector.setIdleTimeout(readTimeout.toMillis());
        server.addConnector(connector);
        server.setHandler(new Routes(routes, threads, callers));
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception stopping) {
                e.addSuppressed(stopping);
            }
            throw new java.io.IOException("the HTTP API did not start on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
        return new LocalHttpApi(server, connector);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    /** Reads the body without a thread, then runs the route's handler on the pool. */
    private static final class Routes extends Handler.Abstract.NonBlocking {
        private final Map<String, Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> routes;
        private final QueuedThreadPool threads;
        private final WaitingCallers callers;

        Routes(Map<String, Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> routes, QueuedThreadPool threads,
               WaitingCallers callers) {
            this.routes = routes;
            this.threads = threads;
            this.callers = callers;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            String path = request.getHttpURI().getPath();
            String routeKey = request.getMethod() + " " + path;
            var handler = routes.get(routeKey);
            if (handler == null) {
                boolean pathKnown = routes.keySet().stream().anyMatch(k -> k.endsWith(" " + path));
                write(response, callback, pathKnown ? 405 : 404, Map.of("content-type", "application/json"),
                        message(pathKnown ? "Method Not Allowed" : "Not Found"));
                return true;
            }
            Content.Source.asByteArrayAsync(request, MAX_READ).whenComplete((body, failure) -> {
                if (failure == null) {
                    callers.arrived(); // from here its caller waits on us, not on its own upload
                }
            }).whenCompleteAsync((body, failure) -> {
                if (failure != null) {
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure;
                    if (cause instanceof TimeoutException) {
                        write(response, callback, 408, Map.of("content-type", "application/json", "connection", "close"),
                                message("Request Timeout: the body did not arrive in time"));
                    } else if (cause instanceof IllegalArgumentException) {
                        write(response, callback, 413, Map.of("content-type", "application/json", "connection", "close"),
                                message("Request Entity Too Large"));
                    } else {
                        callback.failed(cause);
                    }
                    return;
                }
                try {
                    respond(request, response, callback, routeKey, handler, body);
                } finally {
                    callers.answered();
                }
            }, threads);
            return true;
        }

        private static void respond(Request request, Response response, Callback callback, String routeKey,
                                    Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler, byte[] body) {
            APIGatewayV2HTTPResponse answer;
            try {
                answer = handler.apply(event(request, routeKey, body));
            } catch (RuntimeException e) {
                write(response, callback, 500, Map.of("content-type", "application/json"), message("Internal Server Error"));
                return;
            }
            Map<String, String> headers = answer.getHeaders() == null ? Map.of() : answer.getHeaders();
            String text = answer.getBody() == null ? "" : answer.getBody();
            byte[] bytes = answer.getIsBase64Encoded() ? Base64.getDecoder().decode(text) : text.getBytes(StandardCharsets.UTF_8);
            write(response, callback, answer.getStatusCode(), headers, bytes);
        }
    }

    private static byte[] message(String message) {
        return ("{\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static APIGatewayV2HTTPEvent event(Request request, String routeKey, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (HttpField field : request.getHeaders()) {
            headers.merge(field.getName().toLowerCase(), field.getValue(), (a, b) -> a + "," + b);
        }
        String rawQuery = request.getHttpURI().getQuery();
        String rawPath = request.getHttpURI().getPath();
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(routeKey)
                .withRawPath(rawPath)
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
                                .withMethod(request.getMethod())
                                .withPath(rawPath)
                                .withProtocol(request.getConnectionMetaData().getProtocol())
                                .withSourceIp(Request.getRemoteAddr(request))
                                .withUserAgent(headers.get("user-agent"))
                                .build())
                        .build())
                .build();
    }

    private static void write(Response response, Callback callback, int status, Map<String, String> headers, byte[] body) {
        response.setStatus(status);
        headers.forEach((name, value) -> response.getHeaders().put(name, value));
        response.getHeaders().put("content-length", Long.toString(body.length));
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            // stopping a local server: nothing left to do
        }
    }
}
