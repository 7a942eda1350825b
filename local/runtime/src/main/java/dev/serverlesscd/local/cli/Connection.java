package dev.serverlesscd.local.cli;

import dev.serverlesscd.functions.approval.ApprovalService;
import dev.serverlesscd.functions.approval.DynamoDbApprovalStore;
import dev.serverlesscd.functions.approval.LinkSigner;
import dev.serverlesscd.functions.common.AwsClients;
import dev.serverlesscd.functions.config.PipelineConfig;
import dev.serverlesscd.functions.deploy.DeploymentHistory;
import dev.serverlesscd.functions.deploy.DynamoDbDeploymentHistory;
import dev.serverlesscd.functions.metrics.MetricsService;
import dev.serverlesscd.functions.run.DynamoDbRunStore;
import dev.serverlesscd.functions.run.RunStore;
import dev.serverlesscd.functions.wiring.GivenPorts;
import dev.serverlesscd.functions.wiring.Services;
import dev.serverlesscd.functions.workflow.SfnTaskCallbacks;
import dev.serverlesscd.local.runtime.LocalDynamoDb;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The stores the CLI reads: through a running {@code pipeline local serve} if there is one, else straight from the
 * DynamoDB Local data the demo and the server keep in {@code .pipeline/dynamodb}.
 */
final class Connection implements AutoCloseable {
    private final DynamoDbClient dynamo;
    private final LocalDynamoDb ownDatabase;
    private final Optional<LocalState.Served> served;
    private final LocalState state;

    private Connection(LocalState state, DynamoDbClient dynamo, LocalDynamoDb ownDatabase, Optional<LocalState.Served> served) {
        this.state = state;
        this.dynamo = dynamo;
        this.ownDatabase = ownDatabase;
        this.served = served;
    }

    static Connection open(LocalState state) {
        Optional<LocalState.Served> served = state.served();
        if (served.isPresent()) {
            DynamoDbClient client = DynamoDbClient.builder()
                    .httpClient(AwsClients.http())
                    .endpointOverride(served.get().dynamoDb())
                    .region(LocalDynamoDb.region())
                    .credentialsProvider(LocalDynamoDb.credentials())
                    .build();
            return new Connection(state, client, null, served);
        }
        LocalDynamoDb database = LocalDynamoDb.start(state.database());
        return new Connection(state, database.client(), database, Optional.empty());
    }

    RunStore runs() {
        return new DynamoDbRunStore(dynamo, LocalDynamoDb.TABLE_NAME);
    }

    DeploymentHistory deployments() {
        return new DynamoDbDeploymentHistory(dynamo, LocalDynamoDb.TABLE_NAME);
    }

    /** The metrics, read from the same stores as the pages read them. */
    MetricsService metrics(PipelineConfig config) {
        return new MetricsService(runs(), deployments(), new DynamoDbApprovalStore(dynamo, LocalDynamoDb.TABLE_NAME),
                config);
    }

    /** Approvals need the running server: deciding answers the waiting execution through its Step Functions API. */
    Optional<ApprovalService> approvals() {
        return served.map(s -> Services.approvals(GivenPorts.builder()
                .approvals(new DynamoDbApprovalStore(dynamo, LocalDynamoDb.TABLE_NAME))
                .callbacks(new SfnTaskCallbacks(SfnClient.builder()
                        .httpClient(AwsClients.http())
                        .endpointOverride(s.stepFunctions())
                        .region(LocalDynamoDb.region())
                        .credentialsProvider(LocalDynamoDb.credentials())
                        .build()))
                .linkSigner(new LinkSigner(state.linkSigningKey()))
                .build()));
    }

    @Override
    public void close() {
        if (ownDatabase != null) {
            ownDatabase.close();
        } else {
            dynamo.close();
        }
    }
}
