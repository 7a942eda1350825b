package dev.serverlesscd.functions.deploy;

import static dev.serverlesscd.functions.common.Attributes.n;
import static dev.serverlesscd.functions.common.Attributes.s;
import static dev.serverlesscd.functions.common.Attributes.text;

import dev.serverlesscd.functions.common.PipelineTable;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The environment locks in the pipeline's one table (docs/architecture.md, "Environment locks in DynamoDB"): one item
 * per Deployment, {@code pk = LOCK#<namespace>/<deployment>}, {@code sk = LOCK}, with the {@code owner}, since when
 * ({@code since}) and {@code expiresAt} (epoch seconds, the table's TTL attribute). It also sits in GSI1 under
 * {@code gsi1pk = LOCKS#<owner>}, so the locks an owner still holds can be found and released at its end.
 *
 * <p>Acquire is a conditional PutItem (absent, the same owner, or expired: TTL deletes lazily, so the condition
 * checks the expiry itself); release a conditional DeleteItem (only by the owner).
 */
public final class DynamoDbEnvironmentLocks implements EnvironmentLocks {
    static final String PK_PREFIX = "LOCK#";
    static final String SK_VALUE = "LOCK";
    static final String GSI1_PK_PREFIX = "LOCKS#";
    static final String TYPE = "ENVIRONMENT_LOCK";
    private static final int ATTEMPTS = 3;

    private final DynamoDbClient dynamo;
    private final String tableName;

    public DynamoDbEnvironmentLocks(DynamoDbClient dynamo, String tableName) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        if (tableName == null || tableName.isBlank()) {
            throw new IllegalArgumentException("Table name is not specified");
        }
        this.tableName = tableName;
    }

    @Override
    public void acquire(DeploymentRef ref, String owner, Instant now) {
        requireOwner(owner);
        Instant expiresAt = now.plus(TTL);
        Map<String, AttributeValue> item = new HashMap<>(key(ref));
        item.put(PipelineTable.GSI1_PK, s(GSI1_PK_PREFIX + owner));
        item.put(PipelineTable.GSI1_SK, s(ref.toString()));
        item.put("type", s(TYPE));
        item.put("namespace", s(ref.namespace()));
        item.put("deployment", s(ref.deployment()));
        item.put("owner", s(owner));
        item.put("since", s(now.toString()));
        item.put(PipelineTable.TTL, n(expiresAt.getEpochSecond()));
        for (int attempt = 1; ; attempt++) {
            try {
                dynamo.putItem(PutItemRequest.builder()
                        .tableName(tableName)
                        .item(item)
                        .conditionExpression("attribute_not_exists(#pk) OR #owner = :owner OR #expiresAt <= :now")
                        .expressionAttributeNames(Map.of("#pk", PipelineTable.PK, "#owner", "owner",
                                "#expiresAt", PipelineTable.TTL))
                        .expressionAttributeValues(Map.of(":owner", s(owner), ":now", n(now.getEpochSecond())))
                        .build());
                return;
            } catch (ConditionalCheckFailedException held) {
                Map<String, AttributeValue> holder = dynamo.getItem(GetItemRequest.builder()
                        .tableName(tableName).key(key(ref)).consistentRead(true).build()).item();
                if (holder != null && !holder.isEmpty()) {
                    throw new EnvironmentLockedException(ref, owner, text(holder, "owner"),
                            Instant.parse(text(holder, "since")),
                            Instant.ofEpochSecond(Long.parseLong(holder.get(PipelineTable.TTL).n())));
                }
                if (attempt >= ATTEMPTS) {
                    throw new DeployException("Deploy.LockFailed", "could not take the lock of " + ref + " for "
                            + owner + ": it was released and taken " + ATTEMPTS + " times while we tried", held);
                }
                // released between our write and our read: try again
            }
        }
    }

    @Override
    public boolean release(DeploymentRef ref, String owner) {
        requireOwner(owner);
        return delete(key(ref), owner);
    }

    @Override
    public int releaseAll(String owner) {
        requireOwner(owner);
        int released = 0;
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse page = dynamo.query(QueryRequest.builder()
                    .tableName(tableName)
                    .indexName(PipelineTable.GSI1)
                    .keyConditionExpression("#gsi1pk = :gsi1pk")
                    .expressionAttributeNames(Map.of("#gsi1pk", PipelineTable.GSI1_PK))
                    .expressionAttributeValues(Map.of(":gsi1pk", s(GSI1_PK_PREFIX + owner)))
                    .exclusiveStartKey(start)
                    .build());
            for (Map<String, AttributeValue> item : page.items()) {
                if (delete(Map.of(PipelineTable.PK, item.get(PipelineTable.PK), PipelineTable.SK,
                        item.get(PipelineTable.SK)), owner)) {
                    released++;
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return released;
    }

    private boolean delete(Map<String, AttributeValue> key, String owner) {
        try {
            dynamo.deleteItem(DeleteItemRequest.builder()
                    .tableName(tableName)
                    .key(key)
                    .conditionExpression("#owner = :owner")
                    .expressionAttributeNames(Map.of("#owner", "owner"))
                    .expressionAttributeValues(Map.of(":owner", s(owner)))
                    .build());
            return true;
        } catch (ConditionalCheckFailedException notTheOwners) {
            return false;
        }
    }

    static Map<String, AttributeValue> key(DeploymentRef ref) {
        return Map.of(PipelineTable.PK, s(PK_PREFIX + ref), PipelineTable.SK, s(SK_VALUE));
    }

    private static void requireOwner(String owner) {
        if (owner == null || owner.isBlank()) {
            throw new InvalidDeployRequestException("the lock's owner (runId) is missing");
        }
    }
}
