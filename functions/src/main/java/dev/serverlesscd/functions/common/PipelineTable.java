package dev.serverlesscd.functions.common;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveSpecification;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveRequest;

/**
 * The one table's shape: typed items under a partition key {@code pk} and sort key {@code sk}, two GSIs
 * ({@code gsi1pk}, {@code gsi1sk}; {@code gsi2pk}, {@code gsi2sk}: runs per repository), TTL on {@code expiresAt} (epoch seconds). The CDK stack declares the same
 * shape; the local runtime and tests create it on DynamoDB Local with {@link #create}.
 */
public final class PipelineTable {
    public static final String PK = "pk";
    public static final String SK = "sk";
    public static final String GSI1 = "gsi1";
    public static final String GSI1_PK = "gsi1pk";
    public static final String GSI1_SK = "gsi1sk";
    public static final String GSI2 = "gsi2";
    public static final String GSI2_PK = "gsi2pk";
    public static final String GSI2_SK = "gsi2sk";
    public static final String TTL = "expiresAt";

    private PipelineTable() {
    }

    /**
     * Creates the table (on DynamoDB Local); if it exists (a persistent local database from an older version), adds
     * the indexes it lacks.
     */
    public static void create(DynamoDbClient dynamo, String tableName) {
        try {
            dynamo.createTable(CreateTableRequest.builder()
                    .tableName(tableName)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(
                            attribute(PK), attribute(SK), attribute(GSI1_PK), attribute(GSI1_SK),
                            attribute(GSI2_PK), attribute(GSI2_SK))
                    .keySchema(key(PK, KeyType.HASH), key(SK, KeyType.RANGE))
                    .globalSecondaryIndexes(index(GSI1, GSI1_PK, GSI1_SK), index(GSI2, GSI2_PK, GSI2_SK))
                    .build());
            dynamo.updateTimeToLive(UpdateTimeToLiveRequest.builder()
                    .tableName(tableName)
                    .timeToLiveSpecification(TimeToLiveSpecification.builder().attributeName(TTL).enabled(true).build())
                    .build());
        } catch (ResourceInUseException exists) {
            addMissingIndex(dynamo, tableName, GSI2, GSI2_PK, GSI2_SK);
        }
    }

    private static void addMissingIndex(DynamoDbClient dynamo, String tableName, String name, String pk, String sk) {
        var described = dynamo.describeTable(b -> b.tableName(tableName)).table();
        boolean present = described.hasGlobalSecondaryIndexes()
                && described.globalSecondaryIndexes().stream().anyMatch(i -> i.indexName().equals(name));
        if (!present) {
            dynamo.updateTable(b -> b.tableName(tableName)
                    .attributeDefinitions(attribute(pk), attribute(sk))
                    .globalSecondaryIndexUpdates(u -> u.create(c -> c.indexName(name)
                            .keySchema(key(pk, KeyType.HASH), key(sk, KeyType.RANGE))
                            .projection(Projection.builder().projectionType(ProjectionType.ALL).build()))));
        }
    }

    private static GlobalSecondaryIndex index(String name, String partitionKey, String sortKey) {
        return GlobalSecondaryIndex.builder()
                .indexName(name)
                .keySchema(key(partitionKey, KeyType.HASH), key(sortKey, KeyType.RANGE))
                .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                .build();
    }

    private static AttributeDefinition attribute(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }
}
