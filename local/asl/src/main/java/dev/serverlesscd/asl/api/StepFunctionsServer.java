package dev.serverlesscd.asl.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.serverlesscd.asl.AslClock;
import dev.serverlesscd.asl.AslExecutor;
import dev.serverlesscd.asl.SystemAslClock;
import dev.serverlesscd.asl.TaskBindings;
import dev.serverlesscd.asl.mock.MockConfig;
import dev.serverlesscd.asl.mock.MockedTaskBindings;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The AWS Step Functions API on localhost: the awsJson1_0 protocol ({@code POST /} with
 * {@code X-Amz-Target: AWSStepFunctions.<Operation>}) on the JDK's HTTP server, bound to 127.0.0.1. Point an AWS SDK
 * at {@link #endpoint()} with any credentials: requests are not signature-checked.
 *
 * <pre>{@code
 * try (StepFunctionsServer server = StepFunctionsServer.builder().port(0).bindings(bindings).start()) {
 *     SfnClient sfn = SfnClient.builder().endpointOverride(server.endpoint())...build();
 * }
 * }</pre>
 *
 * It prints nothing. Every request gets a response: the operation's result, or an AWS-shaped error
 * ({@code {"__type": ..., "message": ...}}, HTTP 400) for a bad request, and an {@code InternalFailure} (HTTP 500)
 * rather than a stack trace should the runtime itself fail.
 */
public final class StepFunctionsServer implements AutoCloseable {
    static final String TARGET_PREFIX = "AWSStepFunctions.";
    /** Request bodies over this many bytes are refused unread: a definition may be 1 MiB of characters, UTF-8 up to 4x. */
    static final int MAX_BODY = 4 * 1024 * 1024 + 64 * 1024;
    /** How much of a refused body is read and discarded before answering; past it the connection is just closed. */
    static final long DRAIN_LIMIT = 64L * 1024 * 1024;

    private final HttpServer http;
    private final ExecutorService threads;
    private final StepFunctionsService service;
    private final AslExecutor ownedExecutor;

    private StepFunctionsServer(HttpServer http, ExecutorService threads, StepFunctionsService service,
                                AslExecutor ownedExecutor) {
        this.http = http;
        this.threads = threads;
        this.service = service;
        this.ownedExecutor = ownedExecutor;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts a server on 127.0.0.1:{@code port} (0 for any free port) over an executor the caller owns. */
    public static StepFunctionsServer start(int port, AslExecutor executor) throws IOException {
        return builder().port(port).executor(executor).start();
    }

    /** Starts a server on 127.0.0.1:{@code port} with its own executor (system clock) over these bindings. */
    public static StepFunctionsServer start(int port, TaskBindings bindings) throws IOException {
        return builder().port(port).bindings(bindings).start();
    }

    public int port() {
        return http.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port>}: the endpoint override for an SDK client. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public StepFunctionsService service() {
        return service;
    }

    public AslExecutor executor() {
        return service.executor();
    }

    /** Stops accepting requests; closes the executor if the server built it. */
    public void stop() {
        http.stop(0);
        threads.shutdownNow();
        try {
            threads.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (ownedExecutor != null) {
            ownedExecutor.close();
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            String requestId = UUID.randomUUID().toString();
            int status;
            JsonNode body;
            try {
                body = dispatch(exchange);
                status = 200;
            } catch (SfnApiException e) {
                status = e.httpStatus();
                body = error(e.code(), e.getMessage());
                exchange.getResponseHeaders().set("x-amzn-ErrorType", e.code());
            } catch (RuntimeException | Error e) {
                status = 500;
                body = error("InternalFailure", "The local Step Functions runtime failed on this request: " + e);
                exchange.getResponseHeaders().set("x-amzn-ErrorType", "InternalFailure");
            }
            byte[] bytes = ApiRequests.write(body).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
            exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException | RuntimeException e) {
            // the client went away; nothing left to answer
        }
    }

    private JsonNode dispatch(HttpExchange exchange) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            throw new SfnApiException("UnknownOperationException", "The Step Functions API takes POST requests, not "
                    + exchange.getRequestMethod());
        }
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        if (target == null || !target.startsWith(TARGET_PREFIX)
                || !StepFunctionsService.OPERATIONS.contains(target.substring(TARGET_PREFIX.length()))) {
            throw new SfnApiException("UnknownOperationException", target == null ? "Missing X-Amz-Target header"
                    : "Unknown operation " + target);
        }
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType != null && !contentType.startsWith("application/x-amz-json-1.0")
                && !contentType.startsWith("application/json")) {
            throw new SfnApiException("UnknownOperationException", "Content-Type " + contentType
                    + " is not application/x-amz-json-1.0");
        }
        byte[] raw = readBody(exchange);
        JsonNode request;
        if (raw.length == 0) {
            request = StepFunctionsService.MAPPER.createObjectNode();
        } else {
            try {
                request = StepFunctionsService.MAPPER.readTree(raw);
            } catch (JsonProcessingException e) {
                throw new SfnApiException("SerializationException", "The request body is not valid JSON: " + e.getOriginalMessage());
            }
        }
        return service.handle(target.substring(TARGET_PREFIX.length()), request);
    }

    /**
     * The body, up to {@link #MAX_BODY} bytes. A larger one is refused; it is read and discarded up to
     * {@link #DRAIN_LIMIT} first so that the client, still sending, receives the error rather than a reset connection.
     */
    private static byte[] readBody(HttpExchange exchange) throws IOException {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        long declared = -1;
        if (length != null) {
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                throw new SfnApiException("SerializationException", "Invalid Content-Length: " + length);
            }
            if (declared > DRAIN_LIMIT) {
                throw tooLarge();
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 && declared <= MAX_BODY ? (int) declared : 8192);
        byte[] buffer = new byte[16384];
        long total = 0;
        try (InputStream in = exchange.getRequestBody()) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
                if (total > DRAIN_LIMIT) {
                    break;
                }
                if (total <= MAX_BODY) {
                    out.write(buffer, 0, n);
                }
            }
        }
        if (total > MAX_BODY) {
            throw tooLarge();
        }
        return out.toByteArray();
    }

    private static SfnApiException tooLarge() {
        return new SfnApiException("ValidationException", "Request body is larger than " + MAX_BODY + " bytes", 413);
    }

    private static ObjectNode error(String code, String message) {
        ObjectNode o = StepFunctionsService.MAPPER.createObjectNode();
        o.put("__type", code);
        o.put("message", message);
        return o;
    }

    /** Options of a server: port, region, account, and either an executor or the bindings (and clock) to build one. */
    public static final class Builder {
        private int port;
        private String region = "us-east-1";
        private String account = "123456789012";
        private AslExecutor executor;
        private TaskBindings bindings;
        private AslClock clock;
        private MockConfig mockConfig;

        private Builder() {
        }

        /** 0 (the default) for any free port. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0-65535: " + port);
            }
            this.port = port;
            return this;
        }

        public Builder region(String region) {
            this.region = Objects.requireNonNull(region);
            return this;
        }

        public Builder account(String account) {
            if (!account.matches("[0-9]{12}")) {
                throw new IllegalArgumentException("account must be 12 digits: " + account);
            }
            this.account = account;
            return this;
        }

        /** An executor the caller owns (and closes); excludes {@link #bindings}, {@link #clock} and {@link #mockConfig}. */
        public Builder executor(AslExecutor executor) {
            this.executor = Objects.requireNonNull(executor);
            return this;
        }

        /** The bindings of the executor the server builds and closes. */
        public Builder bindings(TaskBindings bindings) {
            this.bindings = Objects.requireNonNull(bindings);
            return this;
        }

        /** The clock of the executor the server builds; the system clock by default. */
        public Builder clock(AslClock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /**
         * A Step Functions Local mock configuration: StartExecution with {@code stateMachineArn#TestCase} runs that test
         * case, its mocked states answered from the file and the others by the bindings.
         */
        public Builder mockConfig(MockConfig mockConfig) {
            this.mockConfig = Objects.requireNonNull(mockConfig);
            return this;
        }

        public StepFunctionsServer start() throws IOException {
            if (executor != null && (bindings != null || clock != null || mockConfig != null)) {
                throw new IllegalStateException("Give either an executor, or the bindings/clock/mock config to build one");
            }
            AslExecutor owned = null;
            MockedTaskBindings mocks = null;
            AslExecutor ex = executor;
            if (ex == null) {
                TaskBindings b = bindings == null ? TaskBindings.none() : bindings;
                if (mockConfig != null) {
                    mocks = new MockedTaskBindings(b, null);
                    b = mocks.bindings();
                }
                owned = new AslExecutor(b, clock == null ? new SystemAslClock() : clock);
                if (mocks != null) {
                    mocks.attach(owned);
                }
                ex = owned;
            }
            StepFunctionsService service = new StepFunctionsService(ex, region, account, mockConfig, mocks);
            AtomicInteger n = new AtomicInteger();
            // a cached pool: a client that trickles its body holds one thread, never the whole endpoint
            ExecutorService pool = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "sfn-http-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            HttpServer http;
            try {
                http = HttpServer.create(new InetSocketAddress(InetAddress.getByAddress(new byte[]{127, 0, 0, 1}), port), 64);
            } catch (IOException e) {
                pool.shutdownNow();
                if (owned != null) {
                    owned.close();
                }
                throw e;
            }
            StepFunctionsServer server = new StepFunctionsServer(http, pool, service, owned);
            http.createContext("/", server::handle);
            http.setExecutor(pool);
            http.start();
            return server;
        }
    }
}
