package dev.serverlesscd.functions.testing;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import dev.serverlesscd.functions.common.PipelineTable;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * DynamoDB Local, embedded in the test JVM (a real engine, not a map): one engine per test JVM, started by the first
 * test class that asks, and a fresh table of the pipeline's shape for each class.
 * Use one per test class: {@code static final DynamoDbLocal DB = DynamoDbLocal.start();} and
 * {@code @AfterAll static void stop() { DB.close(); }} (which deletes the class's tables; the engine stops with the
 * JVM).
 */
public final class DynamoDbLocal implements AutoCloseable {
    private static final Object LOCK = new Object();
    private static AmazonDynamoDBLocal engine;
    private static DynamoDbClient sharedClient;

    private final DynamoDbClient client;
    private final String tableName;
    private final List<String> tables = new CopyOnWriteArrayList<>();

    private DynamoDbLocal(DynamoDbClient client, String tableName) {
        this.client = client;
        this.tableName = tableName;
        createTable(tableName);
    }

    /** A fresh pipeline table on the JVM's one engine (started now if no class started it before). */
    public static DynamoDbLocal start() {
        return new DynamoDbLocal(engineClient(), "pipeline-" + UUID.randomUUID());
    }

    private static DynamoDbClient engineClient() {
        synchronized (LOCK) {
            if (engine == null) {
                AmazonDynamoDBLocal started = DynamoDBEmbedded.create();
                engine = started;
                sharedClient = started.dynamoDbClient();
                Runtime.getRuntime().addShutdownHook(new Thread(started::shutdown, "dynamodb-local-shutdown"));
            }
            return sharedClient;
        }
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
        createTable(table);
        return table;
    }

    /**
     * The pipeline's table, with its TTL switched off again: the tests run on fixed clocks (2024, early 2026), so
     * every item they write has long expired by the engine's own clock, and DynamoDB Local's TTL sweep would delete
     * items under a running test. The code's own expiry rules compare with the {@code now} they are given, which is
     * what the tests assert.
     */
    private void createTable(String table) {
        PipelineTable.create(client, table);
        client.updateTimeToLive(r -> r.tableName(table).timeToLiveSpecification(ttl -> ttl
                .attributeName(PipelineTable.TTL).enabled(false)));
        tables.add(table);
    }

    /** Empties the shared table, for test classes whose tests each start from nothing. */
    public void deleteAllItems() {
        client.scan(r -> r.tableName(tableName)).items().forEach(item -> client.deleteItem(r -> r
                .tableName(tableName).key(java.util.Map.of("pk", item.get("pk"), "sk", item.get("sk")))));
    }

    /** Deletes the class's tables; the engine serves the next class. */
    @Override
    public void close() {
        for (String table : tables) {
            try {
                client.deleteTable(r -> r.tableName(table));
            } catch (ResourceNotFoundException alreadyGone) {
                // a test deleted it itself
            }
        }
        tables.clear();
    }
}
