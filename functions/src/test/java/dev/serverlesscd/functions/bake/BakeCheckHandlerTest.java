package dev.serverlesscd.functions.bake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.serverlesscd.functions.deploy.HealthEndpoints;
import dev.serverlesscd.functions.deploy.JdkHttpProbe;
import dev.serverlesscd.functions.lambda.BakeCheckHandler;
import dev.serverlesscd.functions.testing.StreamHandlers;
import dev.serverlesscd.functions.wiring.GivenPorts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The CheckBake contract as pipeline.asl.json uses it: the environment target (as the run carries it) and the last
 * check's progress in, the verdict and the progress for the next check out; the probe against a real HTTP server on
 * localhost that answers 200 until told to answer 500.
 */
@Tag("unit")
class BakeCheckHandlerTest {
    HttpServer service;
    final AtomicInteger status = new AtomicInteger(200);
    BakeCheckHandler handler;
    String url;

    @BeforeEach
    void start() throws IOException {
        service = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        service.createContext("/health", exchange -> {
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        service.start();
        url = "http://127.0.0.1:" + service.getAddress().getPort() + "/health";
        handler = new BakeCheckHandler(GivenPorts.builder()
                .probe(new JdkHttpProbe(Duration.ofSeconds(5)))
                .healthEndpoints(HealthEndpoints.none())
                .alarms(new InMemoryAlarms().set("orders-5xx", "OK", "fine"))
                .build());
    }

    @AfterEach
    void stop() {
        service.stop(0);
    }

    @Test
    void checkBake_shouldBakeOn_carryItsProgress_andFireWhenTheErrorRateClimbs() throws IOException {
        // GIVEN staging's target as the run carries it: 3 checks of 5 requests, at most 20% errors
        String target = """
                {"name": "staging", "namespace": "orders-staging", "deployment": "orders", "container": "orders",
                 "healthPath": "/health", "requiredApprovals": 0, "approvers": [],
                 "bake": {"durationSeconds": 90, "intervalSeconds": 30, "alarms": ["orders-5xx"],
                          "probe": {"path": null, "url": "%s", "requests": 5, "maxErrorRatePercent": 20,
                                    "maxLatencyMs": null, "latencyPercentile": 90}}}""".formatted(url);

        // WHEN the first check finds all well
        JsonNode first = invoke("{\"environment\": " + target + ", \"progress\": null}");

        // THEN it bakes on, and says what it saw
        assertThat(first.path("status").asText()).isEqualTo("BAKING");
        assertThat(first.path("progress").path("checks").asInt()).isEqualTo(1);
        assertThat(first.path("progress").path("requests").asInt()).isEqualTo(5);
        assertThat(first.path("detail").asText()).startsWith("check 1 of 3; alarms: orders-5xx OK; probe: 0 of 5 failed (0.0%), p90 ");

        // WHEN the service answers 500 from then on: 5 of 10 failed, 50% > 20%
        status.set(500);
        JsonNode second = invoke("{\"environment\": " + target + ", \"progress\": " + first.path("progress") + "}");

        // THEN the signal and its numbers
        assertThat(second.path("status").asText()).isEqualTo("FIRED");
        assertThat(second.path("signal").asText()).isEqualTo("probe error rate");
        assertThat(second.path("reason").asText()).isEqualTo("probe error rate 50.0% > 20% over 10 requests "
                + "(5 failed; last: GET " + url + " answered 500)");
        assertThat(second.path("progress").path("latenciesMs")).hasSize(10);
    }

    private JsonNode invoke(String json) throws IOException {
        return StreamHandlers.invoke(handler, json);
    }
}
