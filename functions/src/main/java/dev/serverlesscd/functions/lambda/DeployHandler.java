package dev.serverlesscd.functions.lambda;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.serverlesscd.functions.common.Json;
import dev.serverlesscd.functions.deploy.DeployCommand;
import dev.serverlesscd.functions.deploy.DeployService;
import dev.serverlesscd.functions.deploy.InvalidDeployRequestException;
import dev.serverlesscd.functions.wiring.AwsPorts;
import dev.serverlesscd.functions.wiring.Ports;
import dev.serverlesscd.functions.wiring.Services;

/**
 * The Deploy, Rollback and RecordDeployment tasks (docs/architecture.md, "Environments") and the manual rollback's
 * Restore and Record tasks ("Manual rollback"): the input's {@code action} names the {@link DeployCommand}, which
 * runs on {@link DeployService}.
 */
public final class DeployHandler extends JsonHandler<JsonNode, Object> {
    private final DeployService service;
    private final Priming priming;

    /** Lambda's constructor: the container's {@link AwsPorts}. */
    public DeployHandler() {
        this(AwsPorts.container());
    }

    public DeployHandler(Ports ports) {
        super(JsonNode.class);
        this.service = Services.deploy(ports);
        this.priming = Priming.register(this, () -> {
            read("{}");
            ports.deployments().lastSucceeded(Priming.NEVER_A_DEPLOYMENT, null);
        });
    }

    @Override
    protected Object handle(JsonNode request) {
        JsonNode action = request == null ? null : request.get("action");
        Class<? extends DeployCommand> type = DeployCommand.forAction(
                action == null || action.isNull() ? null : action.asText());
        try {
            return Json.MAPPER.treeToValue(request, type).runOn(service);
        } catch (JsonProcessingException e) {
            throw new InvalidDeployRequestException("the " + action.asText() + " request cannot be read: "
                    + e.getOriginalMessage());
        }
    }
}
