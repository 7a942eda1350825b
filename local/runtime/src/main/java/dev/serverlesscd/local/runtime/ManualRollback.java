package dev.serverlesscd.local.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.serverlesscd.functions.common.Json;
import dev.serverlesscd.functions.config.EnvironmentTarget;
import dev.serverlesscd.functions.config.PipelineConfig;
import dev.serverlesscd.functions.config.RepositoryConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.UUID;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * A manual rollback as the CLI (or an API caller) asks for it: the rollback state machine's input, with the
 * environment resolved from the pipeline configuration, started through the Step Functions API and followed to its
 * end (docs/architecture.md, "Manual rollback").
 */
public final class ManualRollback {
    private static final DateTimeFormatter NAME_TIME =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

    private final SfnClient sfn;
    private final String stateMachineArn;

    public ManualRollback(SfnClient sfn, String stateMachineArn) {
        this.sfn = Objects.requireNonNull(sfn, "sfn");
        this.stateMachineArn = Objects.requireNonNull(stateMachineArn, "stateMachineArn");
    }

    /** What the caller asked for; refused before anything starts when it cannot be a rollback. */
    public static final class InvalidRequestException extends IllegalArgumentException {
        public InvalidRequestException(String message) {
            super(message);
        }
    }

    /**
     * How the execution ended: {@code status} SUCCEEDED with the state machine's output (what runs now), or FAILED
     * (or TIMED_OUT, ABORTED) with its error and cause.
     */
    public record Outcome(String executionArn, String status, JsonNode output, String error, String cause) {
        public boolean succeeded() {
            return "SUCCEEDED".equals(status);
        }
    }

    /**
     * The state machine's input: {@code {"repository", "environment": <target>, "version", "reason", "requestedBy"}}.
     *
     * @param repository  the repository whose environment it is; null: the one repository that has an environment of
     *                    that name
     * @param version     the version to go back to; null or blank: the last good one other than what runs now
     * @throws InvalidRequestException naming what is wrong: no reason, nobody asking, an unknown environment (with the
     *                                 known ones) or one several repositories have
     */
    public static ObjectNode input(PipelineConfig config, String repository, String environment, String version,
                                   String reason, String requestedBy) {
        if (reason == null || reason.isBlank()) {
            throw new InvalidRequestException("a reason is required: say why the environment is rolled back (--reason)");
        }
        if (requestedBy == null || requestedBy.isBlank()) {
            throw new InvalidRequestException("who asks is required (--requested-by)");
        }
        if (environment == null || environment.isBlank()) {
            throw new InvalidRequestException("an environment is required (--environment); known: " + known(config));
        }
        Map.Entry<String, RepositoryConfig> owner = owner(config, repository, environment);
        EnvironmentTarget target = owner.getValue().environments().get(environment);
        ObjectNode input = Json.MAPPER.createObjectNode();
        input.put("repository", owner.getKey());
        input.set("environment", Json.MAPPER.valueToTree(target));
        input.put("version", version == null || version.isBlank() ? null : version.strip());
        input.put("reason", reason.strip());
        input.put("requestedBy", requestedBy.strip());
        return input;
    }

    /** Starts the rollback state machine with {@code input} and waits for its end, at most {@code limit}. */
    public Outcome run(ObjectNode input, Duration limit) {
        String name = "rollback-" + input.path("environment").path("name").asText() + "-" + NAME_TIME.format(Instant.now())
                + "-" + UUID.randomUUID().toString().substring(0, 8);
        String executionArn = sfn.startExecution(r -> r.stateMachineArn(stateMachineArn).name(name)
                .input(input.toString())).executionArn();
        Instant deadline = Instant.now().plus(limit);
        while (Instant.now().isBefore(deadline)) {
            DescribeExecutionResponse execution = sfn.describeExecution(r -> r.executionArn(executionArn));
            if (execution.status() != ExecutionStatus.RUNNING) {
                return new Outcome(executionArn, execution.statusAsString(), parse(execution.output()),
                        execution.error(), execution.cause());
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + executionArn, e);
            }
        }
        throw new IllegalStateException("the rollback " + executionArn + " did not end within " + limit
                + "; it goes on: follow it with the Step Functions API");
    }

    private static Map.Entry<String, RepositoryConfig> owner(PipelineConfig config, String repository,
                                                             String environment) {
        if (repository != null && !repository.isBlank()) {
            RepositoryConfig found = config.repository(repository).orElseThrow(() -> new InvalidRequestException(
                    "unknown repository '" + repository + "'; known: " + String.join(", ",
                            new TreeSet<>(config.repositories().keySet()))));
            if (!found.environments().containsKey(environment)) {
                throw new InvalidRequestException("unknown environment '" + environment + "' of " + repository
                        + "; known: " + String.join(", ", found.environments().keySet()));
            }
            return Map.entry(found.name(), found);
        }
        List<Map.Entry<String, RepositoryConfig>> owners = config.repositories().entrySet().stream()
                .filter(e -> e.getValue().environments().containsKey(environment))
                .toList();
        if (owners.isEmpty()) {
            throw new InvalidRequestException("unknown environment '" + environment + "'; known: " + known(config));
        }
        if (owners.size() > 1) {
            throw new InvalidRequestException("environment '" + environment + "' is one of several repositories ("
                    + String.join(", ", owners.stream().map(Map.Entry::getKey).toList()) + "): name one (--repository)");
        }
        return owners.get(0);
    }

    private static String known(PipelineConfig config) {
        TreeSet<String> names = new TreeSet<>();
        config.repositories().values().forEach(r -> names.addAll(r.environments().keySet()));
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    private static JsonNode parse(String output) {
        if (output == null) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(output);
        } catch (JsonProcessingException e) {
            return Json.MAPPER.getNodeFactory().textNode(output);
        }
    }
}
