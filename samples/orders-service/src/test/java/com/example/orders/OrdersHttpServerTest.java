package com.example.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OrdersHttpServerTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private OrdersHttpServer server;

    @BeforeEach
    void start() throws Exception {
        server = OrdersHttpServer.start(0, PriceCalculator.standard());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void healthAnswersUp() throws Exception {
        HttpResponse<String> response = get("/health");

        assertEquals(200, response.statusCode());
        assertEquals("{\"status\":\"UP\"}", response.body());
    }

    @Test
    void priceAnswersTheQuoteAsJson() throws Exception {
        HttpResponse<String> response = get("/price?items=LAMP-2:1:100.00&coupon=SAVE10");

        assertEquals(200, response.statusCode());
        assertEquals("{\"items\":1,\"subtotal\":\"100.00\",\"discount\":\"10.00\",\"tax\":\"18.00\",\"total\":\"108.00\"}",
                response.body());
    }

    @Test
    void priceAnswersBadRequestWithTheReason() throws Exception {
        HttpResponse<String> response = get("/price?items=LAMP-2:1:100.00&coupon=FREE");

        assertEquals(400, response.statusCode());
        assertEquals("{\"error\":\"unknown coupon 'FREE'\"}", response.body());
    }

    @Test
    void priceRefusesPost() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/price"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(405, response.statusCode());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + server.port() + path);
    }
}
