package dev.serverlesscd.functions.lambda;

import dev.serverlesscd.functions.deploy.DeployService;
import dev.serverlesscd.functions.deploy.InvalidDeployRequestException;
import dev.serverlesscd.functions.wiring.AwsPorts;
import dev.serverlesscd.functions.wiring.Ports;
import dev.serverlesscd.functions.wiring.Services;

/**
 * The CheckRollout, CheckRollback and HealthCheck tasks (docs/architecture.md, "Environments"): {@code action} is
 * {@code rollout} or {@code health}.
 */
public final class RolloutStatusHandler extends JsonHandler<RolloutStatusHandler.Request, Object> {

    public record Request(String action, String namespace, String deployment, Long generation, String healthPath) {
    }

    private final DeployService service;
    private final Priming priming;

    /** Lambda's constructor: the container's {@link AwsPorts}. */
    public RolloutStatusHandler() {
        this(AwsPorts.container());
    }

    public RolloutStatusHandler(Ports ports) {
        super(Request.class);
        this.service = Services.deploy(ports);
        this.priming = Priming.register(this, () -> {
            read("{}");
            ports.deployments().lastSucceeded(Priming.NEVER_A_DEPLOYMENT, null);
        });
    }

    @Override
    protected Object handle(Request request) {
        String action = request.action();
        if (action == null) {
            throw new InvalidDeployRequestException("action is missing: use rollout or health");
        }
        return switch (action) {
            case "rollout" -> service.rollout(request.namespace(), request.deployment(), request.generation());
            case "health" -> service.health(request.namespace(), request.deployment(), request.healthPath());
            default -> throw new InvalidDeployRequestException("action '" + action + "' is not one of rollout, health");
        };
    }
}
