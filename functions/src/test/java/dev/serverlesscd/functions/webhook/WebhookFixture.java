package dev.serverlesscd.functions.webhook;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.serverlesscd.functions.approval.DynamoDbApprovalStore;
import dev.serverlesscd.functions.approval.PendingApprovals;
import dev.serverlesscd.functions.common.Json;
import dev.serverlesscd.functions.config.PipelineConfig;
import dev.serverlesscd.functions.config.PipelineConfigLoader;
import dev.serverlesscd.functions.lambda.WebhookHandler;
import dev.serverlesscd.functions.run.BranchRuns;
import dev.serverlesscd.functions.run.DynamoDbRunStore;
import dev.serverlesscd.functions.run.Run;
import dev.serverlesscd.functions.testing.DynamoDbLocal;
import dev.serverlesscd.functions.testing.MutableClock;
import dev.serverlesscd.functions.wiring.GivenPorts;
import dev.serverlesscd.functions.workflow.ExecutionStarter;
import dev.serverlesscd.functions.workflow.TaskCallbacks;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * The webhook wired as in production on a fresh table of DynamoDB Local, with {@link RecordingExecutionStarter}
 * for Step Functions and a clock the test moves.
 */
public final class WebhookFixture {
    public static final Instant T0 = Instant.parse("2025-11-20T10:00:00Z");
    static final PipelineConfig CONFIG = loadConfig();

    public final DynamoDbLocal db;
    public final String table;
    final MutableClock clock = new MutableClock(T0);
    public final RecordingExecutionStarter starter = new RecordingExecutionStarter();
    final DynamoDbRunStore runs;
    final DeliveryLedger ledger;
    public final BranchRuns branchRuns;
    /** What the launcher ends superseded runs' approvals through; a test may put the real one here. */
    volatile PendingApprovals pendingApprovals = PendingApprovals.NONE;
    final RunLauncher launcher;
    final WebhookService service;

    public WebhookFixture(DynamoDbLocal db) {
        this(db, Duration.ofMillis(200));
    }

    WebhookFixture(DynamoDbLocal db, Duration inFlightWait) {
        this.db = db;
        this.table = db.newTable("webhook");
        runs = new DynamoDbRunStore(db.client(), table);
        ledger = new DeliveryLedger(db.client(), table, WebhookConfig.START_LEASE, WebhookConfig.RETENTION);
        branchRuns = new BranchRuns(db.client(), table, WebhookConfig.RETENTION);
        launcher = new RunLauncher(runs, ledger, branchRuns,
                (runId, byRunId, branch, now) -> pendingApprovals.supersede(runId, byRunId, branch, now),
                starter, clock, inFlightWait,
                Duration.ofMillis(10), () -> UUID.randomUUID().toString());
        service = new WebhookService(new StaticWebhookSecret(Deliveries.SECRET), CONFIG, launcher, clock,
                WebhookConfig.MAX_BODY_BYTES);
    }

    APIGatewayV2HTTPResponse send(Deliveries delivery) {
        return WebhookHandler.handle(service, delivery.event());
    }

    /**
     * The fixture's stores, starter, clock and secret as the handler's ports (approvals on the same table; no approval
     * is ever pending here, so no task callback is ever made).
     */
    public GivenPorts ports() {
        return ports(CONFIG);
    }

    /** {@link #ports()} with another pipeline configuration. */
    public GivenPorts ports(PipelineConfig config) {
        return GivenPorts.builder()
                .runs(runs)
                .deliveries(ledger)
                .branchRuns(branchRuns)
                .approvals(new DynamoDbApprovalStore(db.client(), table))
                .callbacks(new TaskCallbacks() {
                    @Override
                    public void succeed(String taskToken, JsonNode output) {
                        throw new IllegalStateException("no approval is pending in the webhook's tests");
                    }

                    @Override
                    public void fail(String taskToken, String error, String cause) {
                        throw new IllegalStateException("no approval is pending in the webhook's tests");
                    }

                    @Override
                    public void heartbeat(String taskToken) {
                        throw new IllegalStateException("no approval is pending in the webhook's tests");
                    }
                })
                .executions(starter)
                .clock(clock)
                .webhookSecret(new StaticWebhookSecret(Deliveries.SECRET))
                .pipelineConfig(config)
                .build();
    }

    /** The webhook on a table, wired as {@code Services.webhook} wires it, with the given pending approvals. */
    static WebhookService onTable(DynamoDbClient dynamo, String tableName, ExecutionStarter starter,
                                  PendingApprovals pendingApprovals, WebhookSecret secret, PipelineConfig config,
                                  Clock clock) {
        return new WebhookService(secret, config, new RunLauncher(
                new DynamoDbRunStore(dynamo, tableName),
                new DeliveryLedger(dynamo, tableName, WebhookConfig.START_LEASE, WebhookConfig.RETENTION),
                new BranchRuns(dynamo, tableName, WebhookConfig.RETENTION),
                pendingApprovals, starter, clock, WebhookConfig.IN_FLIGHT_WAIT), clock, WebhookConfig.MAX_BODY_BYTES);
    }

    static JsonNode body(APIGatewayV2HTTPResponse response) {
        try {
            return Json.MAPPER.readTree(response.getBody());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every item in the table. */
    List<Map<String, AttributeValue>> items() {
        return db.client().scanPaginator(ScanRequest.builder().tableName(table).consistentRead(true).build())
                .items().stream().toList();
    }

    Optional<Run> run(String runId) {
        return runs.find(runId);
    }

    static String delivery() {
        return UUID.randomUUID().toString();
    }

    static String pushJson(String repository, String ref, String sha) {
        return """
                {"ref": "%s", "before": "%s", "after": "%s",
                 "created": false, "deleted": false, "forced": false,
                 "repository": {"full_name": "%s", "clone_url": "https://github.com/%s.git", "default_branch": "main"},
                 "pusher": {"name": "octocat"}, "sender": {"login": "octocat"}}
                """.formatted(ref, randomSha(), sha, repository, repository);
    }

    /**
     * A commit the webhook has not seen: each push of {@link #pushJson} starts from one, so repeated pushes to a ref
     * are current (as a newer push delivered out of order is), never stale.
     */
    static String randomSha() {
        return (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "").substring(0, 40);
    }

    static String pushJson(String ref) {
        return pushJson("acme/orders-service", ref, "6113728f27ae82c7b1a177c8d03f9e96e0adf246");
    }

    private static PipelineConfig loadConfig() {
        try (InputStream in = WebhookFixture.class.getResourceAsStream("/webhook/pipeline-config.yml")) {
            return PipelineConfigLoader.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "webhook/pipeline-config.yml");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
