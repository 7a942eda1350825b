package dev.serverlesscd.functions.gate;

import dev.serverlesscd.functions.run.Run;
import dev.serverlesscd.functions.run.RunStatus;
import java.time.Instant;
import java.util.List;

/** A run as the webhook records it before the gate judges it: the store records stages of recorded runs only. */
final class RecordedRuns {
    private RecordedRuns() {
    }

    static Run received(String runId, Instant at) {
        return new Run(runId, "delivery-" + runId, "acme/orders-service", "https://github.com/acme/orders-service.git",
                "push", "refs/heads/main", "main", "main", null, "6113728f27ae82c7b1a177c8d03f9e96e0adf246", null, "octocat", List.of(),
                "main-6113728", "full", false, List.of(), RunStatus.RECEIVED, null, at, at, null, null, null);
    }
}
