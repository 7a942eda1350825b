package com.example.orders;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The HTTP face of the service: {@code GET /health} answers {@code {"status":"UP"}}, {@code GET /price?items=..&coupon=..}
 * answers a {@link Quote} as JSON, or 400 with the reason.
 */
public final class OrdersHttpServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService workers;
    private final PriceCalculator calculator;

    private OrdersHttpServer(HttpServer server, ExecutorService workers, PriceCalculator calculator) {
        this.server = server;
        this.workers = workers;
        this.calculator = calculator;
    }

    /** Starts on the port (0 picks a free one). */
    public static OrdersHttpServer start(int port, PriceCalculator calculator) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        ExecutorService workers = Executors.newFixedThreadPool(4);
        OrdersHttpServer orders = new OrdersHttpServer(server, workers, calculator);
        server.createContext("/health", orders::health);
        server.createContext("/price", orders::price);
        server.setExecutor(workers);
        server.start();
        return orders;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void health(HttpExchange exchange) throws IOException {
        if (!"GET".equals(exchange.getRequestMethod())) {
            respond(exchange, 405, error("use GET"));
            return;
        }
        respond(exchange, 200, "{\"status\":\"UP\"}");
    }

    private void price(HttpExchange exchange) throws IOException {
        if (!"GET".equals(exchange.getRequestMethod())) {
            respond(exchange, 405, error("use GET"));
            return;
        }
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        try {
            Quote quote = calculator.quote(OrderParser.parse(query.get("items")), query.get("coupon"));
            respond(exchange, 200, quote.toJson());
        } catch (InvalidOrderException e) {
            respond(exchange, 400, error(e.getMessage()));
        }
    }

    static Map<String, String> query(String raw) {
        Map<String, String> values = new HashMap<>();
        if (raw == null) {
            return values;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                values.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
            }
        }
        return values;
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    private static String error(String message) {
        return "{\"error\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdown();
    }
}
