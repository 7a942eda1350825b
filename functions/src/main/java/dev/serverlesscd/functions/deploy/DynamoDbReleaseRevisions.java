package dev.serverlesscd.functions.deploy;

import static dev.serverlesscd.functions.common.Attributes.n;
import static dev.serverlesscd.functions.common.Attributes.putIfPresent;
import static dev.serverlesscd.functions.common.Attributes.s;
import static dev.serverlesscd.functions.common.Attributes.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.serverlesscd.functions.common.Json;
import dev.serverlesscd.functions.common.PipelineTable;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Release revisions in the pipeline's one table (docs/architecture.md, "Release revisions"): one partition per
 * environment, {@code pk = RELEASE#<namespace>/<deployment>}, a head item per revision, {@code sk = REV#<8-digit
 * number>}, written once with {@code attribute_not_exists} so two releases never share a number. The objects, summary
 * and changes are kept gzipped in {@code body}; a body above {@link #PART_BYTES} (an item may hold 400 KB) is split
 * into part items {@code sk = PART#<number>#<run>#<i>}, written before the head that counts them.
 */
public final class DynamoDbReleaseRevisions implements ReleaseRevisions {
    static final String PK_PREFIX = "RELEASE#";
    static final String TYPE = "RELEASE";
    static final int PART_BYTES = 300 * 1024;

    private final DynamoDbClient dynamo;
    private final String tableName;
    private final int partBytes;

    public DynamoDbReleaseRevisions(DynamoDbClient dynamo, String tableName) {
        this(dynamo, tableName, PART_BYTES);
    }

    /** With the part size given (tests split small bodies). */
    DynamoDbReleaseRevisions(DynamoDbClient dynamo, String tableName, int partBytes) {
        this.dynamo = Objects.requireNonNull(dynamo, "dynamo");
        if (tableName == null || tableName.isBlank()) {
            throw new IllegalArgumentException("Table name is not specified");
        }
        this.tableName = tableName;
        this.partBytes = partBytes;
    }

    @Override
    public ReleaseRevision record(ReleaseRevision revision) {
        int number = latest(revision.ref()).map(ReleaseRevision::number).orElse(0) + 1;
        String pk = pk(revision.ref());
        byte[] body = gzip(body(revision));
        int parts = body.length <= partBytes ? 0 : (body.length + partBytes - 1) / partBytes;
        for (int i = 0; i < parts; i++) {
            byte[] part = Arrays.copyOfRange(body, i * partBytes, Math.min(body.length, (i + 1) * partBytes));
            dynamo.putItem(PutItemRequest.builder().tableName(tableName).item(Map.of(
                    PipelineTable.PK, s(pk),
                    PipelineTable.SK, s(partKey(number, revision.runId(), i)),
                    "type", s(TYPE + "_PART"),
                    "chunk", AttributeValue.fromB(SdkBytes.fromByteArray(part)))).build());
        }
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PipelineTable.PK, s(pk));
        item.put(PipelineTable.SK, s(headKey(number)));
        item.put("type", s(TYPE));
        item.put("number", n(number));
        item.put("namespace", s(revision.ref().namespace()));
        item.put("deployment", s(revision.ref().deployment()));
        item.put("runId", s(revision.runId()));
        item.put("image", s(revision.image()));
        item.put("digest", s(revision.digest()));
        item.put("at", s(revision.at().toString()));
        putIfPresent(item, "environment", revision.environment());
        putIfPresent(item, "commit", revision.commit());
        putIfPresent(item, "version", revision.version());
        if (revision.rollbackOf() != null) {
            item.put("rollbackOf", n(revision.rollbackOf()));
        }
        if (parts == 0) {
            item.put("body", AttributeValue.fromB(SdkBytes.fromByteArray(body)));
        } else {
            item.put("parts", n(parts));
        }
        try {
            dynamo.putItem(PutItemRequest.builder().tableName(tableName).item(item)
                    .conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", PipelineTable.PK))
                    .build());
        } catch (ConditionalCheckFailedException e) {
            throw new DeployException("Deploy.AlreadyRecorded", "release revision " + number + " of " + revision.ref()
                    + " was recorded by another release meanwhile (run " + revision.runId() + " could not take it)", e);
        }
        return new ReleaseRevision(revision.ref(), revision.environment(), number, revision.runId(), revision.commit(),
                revision.version(), revision.image(), revision.digest(), revision.objects(), revision.summary(),
                revision.followed(), revision.changes(), revision.rollbackOf(), revision.at());
    }

    @Override
    public Optional<ReleaseRevision> latest(DeploymentRef ref) {
        return newest(ref, item -> true, 1).stream().findFirst();
    }

    @Override
    public Optional<ReleaseRevision> byRun(DeploymentRef ref, String runId) {
        return newest(ref, item -> runId.equals(text(item, "runId")), 1).stream().findFirst();
    }

    @Override
    public Optional<ReleaseRevision> byNumber(DeploymentRef ref, int number) {
        Map<String, AttributeValue> item = dynamo.getItem(GetItemRequest.builder().tableName(tableName)
                .key(Map.of(PipelineTable.PK, s(pk(ref)), PipelineTable.SK, s(headKey(number))))
                .consistentRead(true).build()).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(ref, item));
    }

    @Override
    public List<ReleaseRevision> recent(DeploymentRef ref, int limit) {
        return newest(ref, item -> true, limit);
    }

    private List<ReleaseRevision> newest(DeploymentRef ref, Predicate<Map<String, AttributeValue>> matching, int limit) {
        List<ReleaseRevision> found = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse page = dynamo.query(QueryRequest.builder()
                    .tableName(tableName)
                    .keyConditionExpression("#pk = :pk AND begins_with(#sk, :rev)")
                    .expressionAttributeNames(Map.of("#pk", PipelineTable.PK, "#sk", PipelineTable.SK))
                    .expressionAttributeValues(Map.of(":pk", s(pk(ref)), ":rev", s("REV#")))
                    .scanIndexForward(false)
                    .exclusiveStartKey(start)
                    .limit(25)
                    .build());
            for (Map<String, AttributeValue> item : page.items()) {
                if (matching.test(item)) {
                    found.add(fromItem(ref, item));
                    if (found.size() >= limit) {
                        return found;
                    }
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return found;
    }

    private ReleaseRevision fromItem(DeploymentRef ref, Map<String, AttributeValue> item) {
        int number = Integer.parseInt(item.get("number").n());
        byte[] body;
        if (item.containsKey("body")) {
            body = item.get("body").b().asByteArray();
        } else {
            int parts = Integer.parseInt(item.get("parts").n());
            ByteArrayOutputStream joined = new ByteArrayOutputStream();
            for (int i = 0; i < parts; i++) {
                Map<String, AttributeValue> part = dynamo.getItem(GetItemRequest.builder().tableName(tableName)
                        .key(Map.of(PipelineTable.PK, s(pk(ref)),
                                PipelineTable.SK, s(partKey(number, text(item, "runId"), i))))
                        .consistentRead(true).build()).item();
                if (part == null || !part.containsKey("chunk")) {
                    throw new DeployException("Deploy.RevisionIncomplete", "release revision " + number + " of " + ref
                            + " misses part " + (i + 1) + " of " + parts);
                }
                joined.writeBytes(part.get("chunk").b().asByteArray());
            }
            body = joined.toByteArray();
        }
        JsonNode content = read(gunzip(body));
        List<ObjectNode> objects = new ArrayList<>();
        content.path("objects").forEach(o -> objects.add((ObjectNode) o));
        List<String> changes = new ArrayList<>();
        content.path("changes").forEach(c -> changes.add(c.asText()));
        ReleaseSummary summary = Json.MAPPER.convertValue(content.path("summary"), ReleaseSummary.class);
        return new ReleaseRevision(ref, text(item, "environment"), number, text(item, "runId"), text(item, "commit"),
                text(item, "version"), text(item, "image"), text(item, "digest"), objects, summary,
                content.path("followed").asText(null), changes,
                item.containsKey("rollbackOf") ? Integer.valueOf(item.get("rollbackOf").n()) : null,
                Instant.parse(text(item, "at")));
    }

    private static byte[] body(ReleaseRevision revision) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode objects = body.putArray("objects");
        revision.objects().forEach(objects::add);
        body.set("summary", Json.MAPPER.valueToTree(revision.summary()));
        body.put("followed", revision.followed());
        ArrayNode changes = body.putArray("changes");
        revision.changes().forEach(changes::add);
        try {
            return Json.MAPPER.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(byte[] json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] gunzip(byte[] bytes) {
        try (GZIPInputStream gzip = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return gzip.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String pk(DeploymentRef ref) {
        return PK_PREFIX + ref;
    }

    private static String headKey(int number) {
        return String.format("REV#%08d", number);
    }

    private static String partKey(int number, String runId, int index) {
        return String.format("PART#%08d#%s#%03d", number, runId, index);
    }
}
