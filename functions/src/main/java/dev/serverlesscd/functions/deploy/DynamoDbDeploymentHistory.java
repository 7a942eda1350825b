package dev.serverlesscd.functions.deploy;

import static dev.serverlesscd.functions.common.Attributes.putIfPresent;
import static dev.serverlesscd.functions.common.Attributes.s;
import static dev.serverlesscd.functions.common.Attributes.text;

import dev.serverlesscd.functions.common.PipelineTable;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The deployment history in the pipeline's one table (shape in docs/architecture.md, "Deployments in DynamoDB"):
 * one partition per Deployment, {@code pk = DEPLOY#<namespace>/<deployment>}, items sorted by
 * {@code sk = <time>#<runId>#<status>} with the time in a fixed-width UTC format so that text order is time order;
 * every item also sits in GSI1 under {@code gsi1pk = DEPLOYMENTS}, sorted by time, for metrics across environments.
 */
public final class DynamoDbDeploymentHistory implements DeploymentHistory {
    static final String PK_PREFIX = "DEPLOY#";
    static final String GSI1_PK_VALUE = "DEPLOYMENTS";
    static final String TYPE = "DEPLOYMENT";
    private static final DateTimeFormatter SORTABLE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final DynamoDbClient dynamo;
    private final String tableName;

    public DynamoDbDeploymentHistory(DynamoDbClient dynamo, String tableName) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        if (tableName == null || tableName.isBlank()) {
            throw new IllegalArgumentException("Table name is not specified");
        }
        this.tableName = tableName;
    }

    @Override
    public void record(DeploymentRecord record) {
        String time = SORTABLE.format(record.at());
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PipelineTable.PK, s(pk(record.ref())));
        item.put(PipelineTable.SK, s(time + "#" + record.runId() + "#" + record.status()));
        item.put(PipelineTable.GSI1_PK, s(GSI1_PK_VALUE));
        item.put(PipelineTable.GSI1_SK, s(time + "#" + record.ref() + "#" + record.runId()));
        item.put("type", s(TYPE));
        item.put("namespace", s(record.ref().namespace()));
        item.put("deployment", s(record.ref().deployment()));
        item.put("runId", s(record.runId()));
        item.put("status", s(record.status().name()));
        item.put("image", s(record.image()));
        item.put("at", s(time));
        putIfPresent(item, "environment", record.environment());
        putIfPresent(item, "previousImage", record.previousImage());
        putIfPresent(item, "commit", record.commit());
        putIfPresent(item, "version", record.version());
        putIfPresent(item, "reason", record.reason());
        putIfPresent(item, "requestedBy", record.requestedBy());
        try {
            dynamo.putItem(PutItemRequest.builder()
                    .tableName(tableName)
                    .item(item)
                    .conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", PipelineTable.PK))
                    .build());
        } catch (ConditionalCheckFailedException e) {
            throw new DeployException("Deploy.AlreadyRecorded", "run " + record.runId() + " already recorded "
                    + record.status() + " for " + record.ref() + " at " + time, e);
        }
    }

    @Override
    public Optional<DeploymentRecord> lastSucceeded(DeploymentRef ref, String excludedImage) {
        return newest(ref, r -> r.status() == DeploymentStatus.SUCCEEDED && !r.image().equals(excludedImage), 1)
                .stream().findFirst();
    }

    @Override
    public Optional<DeploymentRecord> lastSucceededVersion(DeploymentRef ref, String version) {
        return newest(ref, r -> r.status() == DeploymentStatus.SUCCEEDED && version.equals(r.version()), 1)
                .stream().findFirst();
    }

    @Override
    public List<DeploymentRecord> succeeded(DeploymentRef ref, int limit) {
        return newest(ref, r -> r.status() == DeploymentStatus.SUCCEEDED, limit);
    }

    @Override
    public Optional<DeploymentRecord> findByRun(DeploymentRef ref, String runId, DeploymentStatus status) {
        return newest(ref, r -> r.runId().equals(runId) && r.status() == status, 1).stream().findFirst();
    }

    @Override
    public List<DeploymentRecord> recent(DeploymentRef ref, int limit) {
        return newest(ref, r -> true, limit);
    }

    @Override
    public List<DeploymentRecord> between(Instant from, Instant to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        List<DeploymentRecord> found = new ArrayList<>();
        dynamo.queryPaginator(QueryRequest.builder()
                        .tableName(tableName)
                        .indexName(PipelineTable.GSI1)
                        .keyConditionExpression("#gpk = :deployments AND #gsk BETWEEN :from AND :to")
                        .expressionAttributeNames(Map.of("#gpk", PipelineTable.GSI1_PK, "#gsk", PipelineTable.GSI1_SK))
                        .expressionAttributeValues(Map.of(":deployments", s(GSI1_PK_VALUE),
                                ":from", s(SORTABLE.format(from)), ":to", s(SORTABLE.format(to))))
                        .build())
                .items()
                .forEach(item -> found.add(fromItem(
                        new DeploymentRef(text(item, "namespace"), text(item, "deployment")), item)));
        return found;
    }

    /** Walks the partition newest first, page by page, until {@code limit} items match. */
    private List<DeploymentRecord> newest(DeploymentRef ref, Predicate<DeploymentRecord> matching, int limit) {
        List<DeploymentRecord> found = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse page = dynamo.query(QueryRequest.builder()
                    .tableName(tableName)
                    .keyConditionExpression("#pk = :pk")
                    .expressionAttributeNames(Map.of("#pk", PipelineTable.PK))
                    .expressionAttributeValues(Map.of(":pk", s(pk(ref))))
                    .scanIndexForward(false)
                    .exclusiveStartKey(start)
                    .limit(50)
                    .build());
            for (Map<String, AttributeValue> item : page.items()) {
                DeploymentRecord record = fromItem(ref, item);
                if (matching.test(record)) {
                    found.add(record);
                    if (found.size() >= limit) {
                        return found;
                    }
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return found;
    }

    private static DeploymentRecord fromItem(DeploymentRef ref, Map<String, AttributeValue> item) {
        return new DeploymentRecord(
                ref,
                text(item, "environment"),
                text(item, "runId"),
                DeploymentStatus.valueOf(text(item, "status")),
                text(item, "image"),
                text(item, "previousImage"),
                text(item, "commit"),
                text(item, "version"),
                text(item, "reason"),
                text(item, "requestedBy"),
                Instant.from(SORTABLE.parse(text(item, "at"))));
    }

    static String pk(DeploymentRef ref) {
        return PK_PREFIX + ref;
    }
}
