package com.example.orders;

import java.io.IOException;

/** Starts the service on {@code PORT} (default 8080). */
public final class OrdersApp {
    private OrdersApp() {
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        OrdersHttpServer server = OrdersHttpServer.start(port, PriceCalculator.standard());
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        System.out.println("orders-service listening on port " + server.port());
    }
}
