package dev.serverlesscd.functions.gate;

import static dev.serverlesscd.functions.common.Attributes.s;
import static dev.serverlesscd.functions.common.PipelineTable.PK;
import static dev.serverlesscd.functions.common.PipelineTable.SK;
import static dev.serverlesscd.functions.common.PipelineTable.TTL;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.serverlesscd.functions.common.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * {@link Baselines} on the pipeline's one table (docs/architecture.md, "Baselines"):
 *
 * <ul>
 *   <li>baseline: {@code pk=BASELINE#<repository>}, {@code sk=<kind>} (COVERAGE, BENCHMARK, IMAGE), with
 *       {@code runId}, {@code branch}, {@code measuredAt}, {@code values} and {@code units} (JSON), {@code detail},
 *       {@code promotedAt}; no TTL;</li>
 *   <li>candidate: {@code pk=BASELINE#<repository>}, {@code sk=CANDIDATE#<runId>#<kind>}, the same attributes,
 *       {@code expiresAt} 30 days on (a run that never succeeds leaves nothing behind for long).</li>
 * </ul>
 *
 * <p>Promotion puts each candidate as the baseline of its kind with the condition
 * {@code attribute_not_exists(pk) OR measuredAt <= :measuredAt}: a run that finishes late never replaces the
 * baseline of a newer run.
 */
public final class DynamoDbBaselines implements Baselines {
    static final Duration CANDIDATE_TTL = Duration.ofDays(30);
    private static final String CANDIDATE = "CANDIDATE#";
    private static final TypeReference<Map<String, Double>> VALUES = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, String>> UNITS = new TypeReference<>() {
    };

    private final DynamoDbClient dynamo;
    private final String tableName;

    public DynamoDbBaselines(DynamoDbClient dynamo, String tableName) {
        this.dynamo = Objects.requireNonNull(dynamo, "DynamoDB client is not specified");
        if (tableName == null || tableName.isBlank()) {
            throw new IllegalArgumentException("Table name is not specified");
        }
        this.tableName = tableName;
    }

    static String pk(String repository) {
        return "BASELINE#" + repository;
    }

    @Override
    public Optional<Baseline> find(String repository, Baseline.Kind kind) {
        Map<String, AttributeValue> item = dynamo.getItem(GetItemRequest.builder().tableName(tableName)
                .key(Map.of(PK, s(pk(repository)), SK, s(kind.name()))).consistentRead(true).build()).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(baseline(kind, item));
    }

    @Override
    public void propose(String repository, String runId, Baseline measured) {
        Map<String, AttributeValue> item = attributes(measured);
        item.put(PK, s(pk(repository)));
        item.put(SK, s(CANDIDATE + runId + "#" + measured.kind().name()));
        item.put("type", s("BASELINE_CANDIDATE"));
        item.put(TTL, AttributeValue.fromN(Long.toString(measured.measuredAt().plus(CANDIDATE_TTL).getEpochSecond())));
        dynamo.putItem(PutItemRequest.builder().tableName(tableName).item(item).build());
    }

    @Override
    public int promote(String repository, String runId, Instant at) {
        int promoted = 0;
        Map<String, AttributeValue> start = null;
        do {
            var page = dynamo.query(QueryRequest.builder().tableName(tableName)
                    .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
                    .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
                    .expressionAttributeValues(Map.of(":pk", s(pk(repository)), ":prefix", s(CANDIDATE + runId + "#")))
                    .consistentRead(true).exclusiveStartKey(start).build());
            for (Map<String, AttributeValue> candidate : page.items()) {
                String sk = candidate.get(SK).s();
                Baseline.Kind kind = Baseline.Kind.valueOf(sk.substring(sk.lastIndexOf('#') + 1));
                Map<String, AttributeValue> item = new HashMap<>(candidate);
                item.put(SK, s(kind.name()));
                item.put("type", s("BASELINE"));
                item.put("promotedAt", s(at.toString()));
                item.remove(TTL);
                try {
                    dynamo.putItem(PutItemRequest.builder().tableName(tableName).item(item)
                            .conditionExpression("attribute_not_exists(#pk) OR #measuredAt <= :measuredAt")
                            .expressionAttributeNames(Map.of("#pk", PK, "#measuredAt", "measuredAt"))
                            .expressionAttributeValues(Map.of(":measuredAt", candidate.get("measuredAt")))
                            .build());
                    promoted++;
                } catch (ConditionalCheckFailedException newerBaseline) {
                    // a newer run's measurement is already the baseline
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return promoted;
    }

    private static Map<String, AttributeValue> attributes(Baseline b) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("kind", s(b.kind().name()));
        item.put("runId", s(b.runId()));
        item.put("branch", s(b.branch()));
        // fixed-width UTC so that the promotion's condition compares times as text
        item.put("measuredAt", s(dev.serverlesscd.functions.run.SortableTime.format(b.measuredAt())));
        item.put("values", s(json(b.values())));
        item.put("units", s(json(b.units())));
        if (b.detail() != null) {
            item.put("detail", s(b.detail()));
        }
        return item;
    }

    private static Baseline baseline(Baseline.Kind kind, Map<String, AttributeValue> item) {
        try {
            return new Baseline(kind, item.get("runId").s(), item.get("branch").s(),
                    Instant.parse(item.get("measuredAt").s()),
                    Json.MAPPER.readValue(item.get("values").s(), VALUES),
                    item.containsKey("units") ? Json.MAPPER.readValue(item.get("units").s(), UNITS) : Map.of(),
                    item.containsKey("detail") ? item.get("detail").s() : null);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("baseline item " + item.get(PK).s() + "/" + item.get(SK).s()
                    + " holds invalid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String json(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
