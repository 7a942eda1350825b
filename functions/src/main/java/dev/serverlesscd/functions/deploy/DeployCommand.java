package dev.serverlesscd.functions.deploy;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import dev.serverlesscd.functions.config.EnvironmentTarget;
import java.util.Map;

/**
 * What the Deploy function is asked to do, by the {@code action} field of its input: the pipeline's Deploy, Rollback
 * and RecordDeployment tasks and the manual rollback's Restore (docs/architecture.md, "Environments", "Manual
 * rollback"). Each command carries only what its action reads and runs itself on {@link DeployService}.
 */
public sealed interface DeployCommand
        permits DeployCommand.Deploy, DeployCommand.Rollback, DeployCommand.Restore, DeployCommand.Record {

    /** The {@code action} of each command. */
    Map<String, Class<? extends DeployCommand>> ACTIONS = Map.of(
            "deploy", Deploy.class,
            "rollback", Rollback.class,
            "restore", Restore.class,
            "record", Record.class);

    /** Runs the command; the answer is what the task returns. */
    Object runOn(DeployService service);

    /** The class of {@code action}, refused with the actions there are when it is missing or unknown. */
    static Class<? extends DeployCommand> forAction(String action) {
        if (action == null) {
            throw new InvalidDeployRequestException("action is missing: use deploy, rollback, restore or record");
        }
        Class<? extends DeployCommand> type = ACTIONS.get(action);
        if (type == null) {
            throw new InvalidDeployRequestException("action '" + action
                    + "' is not one of deploy, rollback, restore, record");
        }
        return type;
    }

    /** Sets the image ({@code {imageUri, digest}}) on the environment. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Deploy(String runId, String repository, EnvironmentTarget environment, JsonNode image, String commit,
                  String version) implements DeployCommand {
        @Override
        public Object runOn(DeployService service) {
            return service.deploy(this);
        }
    }

    /** Sets the last good image back after {@code failedImage} failed. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Rollback(String runId, String repository, EnvironmentTarget environment, String commit, String version,
                    String failedImage, String reason) implements DeployCommand {
        @Override
        public Object runOn(DeployService service) {
            return service.rollback(this);
        }
    }

    /**
     * A manual rollback: {@code runId} is the rollback's id, {@code version} the one to go back to (null: the last
     * good one), {@code requestedBy} who asked.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Restore(String runId, EnvironmentTarget environment, String version, String reason, String requestedBy)
            implements DeployCommand {
        @Override
        public Object runOn(DeployService service) {
            return service.restore(runId, environment, version, reason, requestedBy);
        }
    }

    /** Records the environment's outcome; {@code image} is the reference Deploy returned. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Record(String runId, String repository, EnvironmentTarget environment, JsonNode image, String commit,
                  String version, String previousImage, String status) implements DeployCommand {
        @Override
        public Object runOn(DeployService service) {
            return service.record(this);
        }
    }
}
