package dev.serverlesscd.functions.testing;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import dev.serverlesscd.functions.common.PipelineTable;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * DynamoDB Local, embedded in the test JVM (a real engine, not a map), with the pipeline's table created.
 * Use one per test class: {@code static final DynamoDbLocal DB = DynamoDbLocal.start();} and
 * {@code @AfterAll static void stop() { DB.close(); }}.
 */
public final class DynamoDbLocal implements AutoCloseable {
    private final AmazonDynamoDBLocal engine;
    private final DynamoDbClient client;
    private final String tableName;

    private DynamoDbLocal(AmazonDynamoDBLocal engine, String tableName) {
        this.engine = engine;
        this.client = engine.dynamoDbClient();
        this.tableName = tableName;
        PipelineTable.create(client, tableName);
    }

    public static DynamoDbLocal start() {
        return new DynamoDbLocal(DynamoDBEmbedded.create(), "pipeline-" + UUID.randomUUID());
    }

    public DynamoDbClient client() {
        return client;
    }

    public String tableName() {
        return tableName;
    }

    /** A second, empty table of the pipeline's shape, for a test that wants one of its own: its name. */
    public String newTable(String prefix) {
        String table = prefix + "-" + UUID.randomUUID();
        PipelineTable.create(client, table);
        return table;
    }

    /** Empties the shared table, for test classes whose tests each start from nothing. */
    public void deleteAllItems() {
        client.scan(r -> r.tableName(tableName)).items().forEach(item -> client.deleteItem(r -> r
                .tableName(tableName).key(java.util.Map.of("pk", item.get("pk"), "sk", item.get("sk")))));
    }

    @Override
    public void close() {
        engine.shutdown();
    }
}
