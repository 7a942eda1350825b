package dev.serverlesscd.functions.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * A run: one push, pull request or tag going through the pipeline. The fields up to {@code environments} are the
 * state machine's execution input (see docs/architecture.md, "Execution input"); the rest is what the store keeps
 * about its progress.
 */
public record Run(
        String runId,
        String deliveryId,
        String repository,
        String cloneUrl,
        String event,
        String ref,
        String branch,
        String tag,
        String commit,
        String author,
        String version,
        String tier,
        boolean deploy,
        List<EnvironmentTarget> environments,
        RunStatus status,
        String executionArn,
        Instant createdAt,
        Instant updatedAt,
        String error,
        String cause,
        JsonNode summary) {

    public Run {
        environments = environments == null ? List.of() : List.copyOf(environments);
    }
}
