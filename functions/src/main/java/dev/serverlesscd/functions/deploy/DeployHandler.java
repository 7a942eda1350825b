package dev.serverlesscd.functions.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.serverlesscd.functions.common.Env;
import dev.serverlesscd.functions.common.JsonHandler;
import dev.serverlesscd.functions.run.EnvironmentTarget;
import dev.serverlesscd.functions.run.Supersession;
import java.time.Clock;
import java.time.Duration;

/**
 * The Deploy, Rollback and RecordDeployment tasks (docs/architecture.md, "Environments"): {@code action} is
 * {@code deploy}, {@code rollback} or {@code record}.
 */
public final class DeployHandler extends JsonHandler<DeployHandler.Request, Object> {

    /** Every field any of the three actions reads; {@code image} is {@code {imageUri, digest}} for deploy, a reference for record. */
    public record Request(String action, String runId, EnvironmentTarget environment, JsonNode image, String commit,
                          String version, String previousImage, String status, String failedImage, String reason) {
    }

    private final DeployService service;

    public DeployHandler() {
        this(DeployConfig.from(Env.system()).service());
    }

    public DeployHandler(Cluster cluster, DeploymentHistory history, Clock clock) {
        this(cluster, history, Supersession.NONE, clock);
    }

    public DeployHandler(Cluster cluster, DeploymentHistory history, Supersession supersession, Clock clock) {
        this(new DeployService(cluster, history, HealthEndpoints.none(), new JdkHttpProbe(Duration.ofSeconds(5)),
                supersession, clock));
    }

    public DeployHandler(DeployService service) {
        super(Request.class);
        this.service = service;
    }

    @Override
    protected Object handle(Request request) {
        String action = request.action();
        if (action == null) {
            throw new InvalidDeployRequestException("action is missing: use deploy, rollback or record");
        }
        return switch (action) {
            case "deploy" -> {
                JsonNode image = request.image();
                if (image == null || !image.isObject()) {
                    throw new InvalidDeployRequestException("image must be {\"imageUri\", \"digest\"} for deploy");
                }
                yield service.deploy(request.runId(), request.environment(), text(image, "imageUri"),
                        text(image, "digest"), request.commit(), request.version());
            }
            case "rollback" -> service.rollback(request.runId(), request.environment(), request.failedImage(),
                    request.reason());
            case "record" -> {
                if (request.image() != null && !request.image().isTextual()) {
                    throw new InvalidDeployRequestException("image must be the image reference Deploy returned for record");
                }
                yield service.record(request.runId(), request.environment(),
                        request.image() == null ? null : request.image().asText(), request.previousImage(),
                        request.status());
            }
            default -> throw new InvalidDeployRequestException("action '" + action
                    + "' is not one of deploy, rollback, record");
        };
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
