package dev.serverlesscd.functions.deploy;

import dev.serverlesscd.functions.common.Env;
import dev.serverlesscd.functions.common.JsonHandler;
import java.time.Clock;
import java.time.Duration;

/**
 * The CheckRollout, CheckRollback and HealthCheck tasks (docs/architecture.md, "Environments"): {@code action} is
 * {@code rollout} or {@code health}.
 */
public final class RolloutStatusHandler extends JsonHandler<RolloutStatusHandler.Request, Object> {

    public record Request(String action, String namespace, String deployment, Long generation, String healthPath) {
    }

    private final DeployService service;

    public RolloutStatusHandler() {
        this(DeployConfig.from(Env.system()).service());
    }

    public RolloutStatusHandler(Cluster cluster, DeploymentHistory history, Clock clock) {
        this(new DeployService(cluster, history, HealthEndpoints.none(), new JdkHttpProbe(Duration.ofSeconds(5)), clock));
    }

    public RolloutStatusHandler(DeployService service) {
        super(Request.class);
        this.service = service;
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
