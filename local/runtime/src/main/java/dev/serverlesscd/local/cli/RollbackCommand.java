package dev.serverlesscd.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.serverlesscd.functions.common.AwsClients;
import dev.serverlesscd.functions.config.PipelineConfig;
import dev.serverlesscd.functions.config.PipelineConfigException;
import dev.serverlesscd.functions.config.PipelineConfigLoader;
import dev.serverlesscd.local.runtime.LocalDynamoDb;
import dev.serverlesscd.local.runtime.ManualRollback;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * {@code pipeline rollback --environment NAME [--to-version V] --reason TEXT}: a manual rollback through the running
 * {@code pipeline local serve}'s rollback state machine, followed to its end. Exit 0: rolled back and healthy; 1: the
 * rollback was refused or failed (the state machine's error and cause are printed); 2: the request itself is wrong
 * (unknown environment, no reason, no server).
 */
@Command(name = "rollback", mixinStandardHelpOptions = true,
        header = "Rolls an environment back to a version that succeeded there before.",
        description = "Rolls an environment back to a version that succeeded there before (or to the last good one), "
                + "through the rollback state machine of the running `pipeline local serve`: rollout followed, health "
                + "checked, recorded in the deployment history with the reason and who asked, notified.")
public final class RollbackCommand implements Callable<Integer> {

    @Option(names = "--environment", required = true, paramLabel = "NAME", description = "The environment, e.g. production.")
    String environment;

    @Option(names = "--to-version", paramLabel = "VERSION",
            description = "The version to go back to (default: the last good one other than what runs now).")
    String version;

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why (recorded and notified).")
    String reason;

    @Option(names = "--requested-by", paramLabel = "WHO",
            description = "Who asks (default: the user name; an address is mailed the outcome).")
    String requestedBy = System.getProperty("user.name");

    @Option(names = "--repository", paramLabel = "OWNER/NAME",
            description = "The repository whose environment it is (needed only when several have one of that name).")
    String repository;

    @Option(names = "--config", description = "The pipeline configuration (default: samples/pipeline-config.yml).")
    Path config;

    @Option(names = "--timeout", defaultValue = "PT30M", description = "How long to wait for the end (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--workspace", description = "The local state (default: .pipeline/ in the repository).")
    Path workspace;

    @Override
    public Integer call() {
        LocalState state = LocalState.at(workspace);
        ObjectNode input;
        try {
            PipelineConfig pipelineConfig = PipelineConfigLoader.load(
                    config != null ? config : state.repositoryRoot().resolve("samples/pipeline-config.yml"));
            input = ManualRollback.input(pipelineConfig, repository, environment, version, reason, requestedBy);
        } catch (PipelineConfigException | ManualRollback.InvalidRequestException e) {
            System.err.println("rollback refused: " + e.getMessage());
            return 2;
        }
        Optional<LocalState.Served> served = state.served();
        if (served.isEmpty() || served.get().rollbackStateMachineArn() == null) {
            System.err.println("no `pipeline local serve` with a rollback state machine is running for " + state.directory()
                    + ": the rollback runs there, against its cluster and deployment history");
            return 2;
        }
        try (SfnClient sfn = SfnClient.builder()
                .httpClient(AwsClients.http())
                .endpointOverride(served.get().stepFunctions())
                .region(LocalDynamoDb.region())
                .credentialsProvider(LocalDynamoDb.credentials())
                .build()) {
            String target = input.path("version").isNull() ? "the last good version" : input.path("version").asText();
            System.out.println("rolling " + environment + " back to " + target + " (" + input.path("reason").asText()
                    + ", asked by " + input.path("requestedBy").asText() + ")");
            ManualRollback.Outcome outcome = new ManualRollback(sfn, served.get().rollbackStateMachineArn())
                    .run(input, timeout);
            System.out.println("execution   " + outcome.executionArn());
            if (!outcome.succeeded()) {
                System.err.println("rollback " + outcome.status() + ": " + outcome.error() + ": " + outcome.cause());
                return 1;
            }
            JsonNode live = outcome.output();
            System.out.println("live now    " + live.path("environment").asText() + " (" + live.path("namespace").asText()
                    + "/" + live.path("deployment").asText() + ") runs " + live.path("image").asText());
            System.out.println("version     " + text(live.path("version")) + ", commit " + text(live.path("commit")));
            System.out.println("replaced    " + text(live.path("previousImage")));
            System.out.println("health      " + text(live.path("health")));
            return 0;
        } catch (RuntimeException e) {
            System.err.println("rollback failed: " + e.getMessage());
            return 1;
        }
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? "-" : node.asText();
    }
}
