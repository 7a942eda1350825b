package dev.serverlesscd.functions.run;

import dev.serverlesscd.functions.config.EnvironmentTarget;
import java.time.Instant;
import java.util.List;

/** Test fixtures: runs as the webhook records them. */
final class Runs {
    static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");

    private Runs() {
    }

    static Run received(String runId, Instant createdAt) {
        return new Run(runId, "delivery-" + runId, "acme/orders-service", "https://github.com/acme/orders-service.git",
                "push", "refs/heads/main", "main", "main", null, "6113728f27ae82c7b1a177c8d03f9e96e0adf246", null, "octocat", List.of(),
                "main-6113728", "full", true,
                List.of(new EnvironmentTarget("staging", "orders-staging", "orders", "orders", "/health", 0, List.of()),
                        new EnvironmentTarget("production", "orders-production", "orders", "orders", "/health", 1,
                                List.of("lead@example.com"))),
                RunStatus.RECEIVED, null, createdAt, createdAt, null, null, null);
    }
}
