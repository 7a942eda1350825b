package dev.serverlesscd.functions.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.serverlesscd.functions.common.Env;
import dev.serverlesscd.functions.common.JsonHandler;
import dev.serverlesscd.functions.github.CommitState;
import dev.serverlesscd.functions.github.StageStatuses;
import dev.serverlesscd.functions.run.EnvironmentTarget;
import dev.serverlesscd.functions.run.Supersession;
import java.time.Clock;
import java.time.Duration;

/**
 * The Deploy, Rollback and RecordDeployment tasks (docs/architecture.md, "Environments") and the manual rollback's
 * Restore and Record tasks ("Manual rollback"): {@code action} is {@code deploy}, {@code rollback}, {@code restore}
 * or {@code record}.
 */
public final class DeployHandler extends JsonHandler<DeployHandler.Request, Object> {

    /**
     * Every field any of the actions reads; {@code image} is {@code {imageUri, digest}} for deploy, a reference for
     * record. For restore, {@code runId} is the manual rollback's id, {@code version} the one to go back to (null: the
     * last good one) and {@code requestedBy} who asked.
     */
    public record Request(String action, String runId, String repository, EnvironmentTarget environment, JsonNode image,
                          String commit, String version, String previousImage, String status, String failedImage,
                          String reason, String requestedBy) {
    }

    private final DeployService service;
    private final StageStatuses statuses;

    public DeployHandler() {
        this(Env.system());
    }

    private DeployHandler(Env env) {
        this(DeployConfig.from(env).service(), StageStatuses.fromEnv(env));
    }

    public DeployHandler(Cluster cluster, DeploymentHistory history, Clock clock) {
        this(cluster, history, Supersession.NONE, clock);
    }

    public DeployHandler(Cluster cluster, DeploymentHistory history, Supersession supersession, Clock clock) {
        this(new DeployService(cluster, history, HealthEndpoints.none(), new JdkHttpProbe(Duration.ofSeconds(5)),
                supersession, clock));
    }

    public DeployHandler(DeployService service) {
        this(service, StageStatuses.off("no GitHub statuses configured for deploys"));
    }

    /** {@code statuses}: each environment's deploy is posted as commit status {@code serverless-cd/deploy-<env>}. */
    public DeployHandler(DeployService service, StageStatuses statuses) {
        super(Request.class);
        this.service = service;
        this.statuses = statuses;
    }

    @Override
    protected Object handle(Request request) {
        String action = request.action();
        if (action == null) {
            throw new InvalidDeployRequestException("action is missing: use deploy, rollback, restore or record");
        }
        return switch (action) {
            case "deploy" -> {
                JsonNode image = request.image();
                if (image == null || !image.isObject()) {
                    throw new InvalidDeployRequestException("image must be {\"imageUri\", \"digest\"} for deploy");
                }
                DeployResult deployed = service.deploy(request.runId(), request.environment(), text(image, "imageUri"),
                        text(image, "digest"), request.commit(), request.version());
                post(request, CommitState.PENDING, "Deploying " + describe(request) + ": " + deployed.image());
                yield deployed;
            }
            case "rollback" -> {
                DeployResult rolledBack = service.rollback(request.runId(), request.environment(), request.failedImage(),
                        request.reason());
                post(request, CommitState.FAILURE, "Rolled back to " + rolledBack.image() + ": " + request.reason());
                yield rolledBack;
            }
            case "restore" -> service.restore(request.runId(), request.environment(), request.version(),
                    request.reason(), request.requestedBy());
            case "record" -> {
                if (request.image() != null && !request.image().isTextual()) {
                    throw new InvalidDeployRequestException("image must be the image reference Deploy returned for record");
                }
                RecordResult recorded = service.record(request.runId(), request.environment(),
                        request.image() == null ? null : request.image().asText(), request.previousImage(),
                        request.status());
                if ("SUCCEEDED".equals(request.status())) {
                    post(request, CommitState.SUCCESS, "Deployed " + describe(request) + ", healthy");
                }
                yield recorded;
            }
            default -> throw new InvalidDeployRequestException("action '" + action
                    + "' is not one of deploy, rollback, restore, record");
        };
    }

    /** Posts the environment's commit status; not for a manual rollback, which names no repository. */
    private void post(Request request, CommitState state, String description) {
        if (request.environment() != null && request.repository() != null) {
            statuses.deploy(request.runId(), request.repository(), request.commit(), request.environment().name(), state,
                    description);
        }
    }

    private static String describe(Request request) {
        return (request.version() == null ? "" : request.version() + " ")
                + "to " + (request.environment() == null ? "?" : request.environment().name());
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
