package dev.serverlesscd.functions.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.serverlesscd.functions.lambda.DeployHandler;
import dev.serverlesscd.functions.testing.DynamoDbLocal;
import dev.serverlesscd.functions.testing.StreamHandlers;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the Deploy function's JSON tests start from: the function ({@link Fixtures#handler}, at
 * {@link Fixtures#CLOCK}) on the mock API server of the test class's {@code @EnableKubernetesMockClient(crud = true)},
 * which injects {@link #client} for each test, and the deployment history on the class's DynamoDB Local table,
 * emptied before each test. A test class keeps its own table: {@code static final DynamoDbLocal DB =
 * DynamoDbLocal.start();}, passed to this constructor, and closed in its {@code @AfterAll}.
 */
abstract class DeployFunctionFixture {
    private final DynamoDbLocal db;

    KubernetesClient client;
    DynamoDbDeploymentHistory history;
    DeployHandler handler;

    DeployFunctionFixture(DynamoDbLocal db) {
        this.db = db;
    }

    @BeforeEach
    void setUp() {
        // each test gets its own API server; the table is shared, so start from an empty partition
        db.deleteAllItems();
        history = new DynamoDbDeploymentHistory(db.client(), db.tableName());
        handler = Fixtures.handler(client, history, Fixtures.CLOCK);
    }

    /** The function's answer to {@code json}. */
    JsonNode invoke(String json) throws IOException {
        return StreamHandlers.invoke(handler, json);
    }
}
