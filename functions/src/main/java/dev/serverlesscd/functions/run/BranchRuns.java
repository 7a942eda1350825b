package dev.serverlesscd.functions.run;

import static dev.serverlesscd.functions.common.Attributes.s;
import static dev.serverlesscd.functions.common.PipelineTable.PK;
import static dev.serverlesscd.functions.common.PipelineTable.SK;
import static dev.serverlesscd.functions.common.PipelineTable.TTL;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Supersession: the runs of each branch, {@code pk=BRANCH#<repository>#<branch>, sk=RUN#<runId>}, with
 * {@code receivedAt}, {@code supersededBy} once a newer push superseded the run, and {@code deployingAt} while the run
 * is deploying to an environment (from its Deploy to its RecordDeployment). A run is superseded only while it is not
 * deploying, and starts deploying only while it is not superseded: each is a conditional write on the other.
 *
 * <ul>
 *   <li>{@link #register}: a push to a branch registers its run and marks every older run of the branch that is
 *       neither deploying nor superseded as superseded by it; if a newer run is already registered (deliveries
 *       arrive out of order), the run itself is marked superseded by the newest. Put first, then a strongly
 *       consistent query, so of two concurrent pushes at least one sees the other.</li>
 *   <li>{@link #supersededBy}: what the approval and deploy steps ask; a superseded run stops there
 *       ({@code Approval.Superseded}).</li>
 *   <li>{@link #markDeploying}: what the deploy step calls before it changes an environment; false if the run was
 *       superseded first, and until {@link #doneDeploying} no newer push supersedes it.</li>
 *   <li>{@link #doneDeploying}: the environment is deployed; the run is supersedable again, and if a newer push
 *       registered while it deployed, it is superseded now. Remove first, then a strongly consistent query, so of
 *       this and a concurrent push at least one sees the other (as in {@link #register}).</li>
 * </ul>
 *
 * <p>The head of each ref ({@code pk=HEAD#<repository>#<ref>, sk=HEAD}): the commit its newest run holds, that run,
 * and {@code seen}, every commit that was the ref's head or a push's {@code before} on it. {@link #advanceHead} is one
 * conditional write: a push moves the head if its {@code before} is the head, or a commit never seen on the ref (a
 * newer push delivered before an older one), or the ref is new; a {@code before} that was an earlier head is a stale
 * push (a replay of a captured delivery, or an older push delivered late), refused with the current head.
 */
public final class BranchRuns {
    private final DynamoDbClient dynamo;
    private final String tableName;
    private final Duration retention;

    public BranchRuns(DynamoDbClient dynamo, String tableName, Duration retention) {
        this.dynamo = Objects.requireNonNull(dynamo, "DynamoDB client is not specified");
        if (tableName == null || tableName.isBlank()) {
            throw new IllegalArgumentException("Table name is not specified");
        }
        this.tableName = tableName;
        this.retention = Objects.requireNonNull(retention, "retention");
    }

    private record Entry(String runId, Instant receivedAt, boolean open) {
    }

    /** A ref's head: its commit (all zeros once the ref was deleted) and the run that brought it. */
    public record Head(String commit, String runId) {
    }

    private static final Comparator<Entry> ORDER =
            Comparator.comparing(Entry::receivedAt).thenComparing(Entry::runId);

    /**
     * Registers a run of the branch (idempotent) and applies supersession.
     *
     * @return the ids of the runs this registration marked superseded (possibly the run itself)
     */
    public List<String> register(String repository, String branch, String runId, Instant receivedAt, Instant now) {
        String pk = branchKey(repository, branch);
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, s(pk));
        item.put(SK, s("RUN#" + runId));
        item.put("type", s("BRANCH_RUN"));
        item.put("repository", s(repository));
        item.put("branch", s(branch));
        item.put("runId", s(runId));
        item.put("receivedAt", s(receivedAt.toString()));
        item.put(TTL, AttributeValue.fromN(Long.toString(now.plus(retention).getEpochSecond())));
        try {
            dynamo.putItem(PutItemRequest.builder().tableName(tableName).item(item)
                    .conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", PK))
                    .build());
        } catch (ConditionalCheckFailedException registered) {
            // a retried delivery: registered before, supersession below is idempotent
        }
        List<Entry> entries = entries(pk);
        Entry self = new Entry(runId, receivedAt, true);
        List<String> superseded = new ArrayList<>();
        for (Entry other : entries) {
            if (!other.runId().equals(runId) && other.open() && ORDER.compare(other, self) < 0
                    && supersede(pk, other.runId(), runId, now)) {
                superseded.add(other.runId());
            }
        }
        entries.stream()
                .filter(other -> ORDER.compare(other, self) > 0)
                .max(ORDER)
                .filter(newest -> supersede(pk, runId, newest.runId(), now))
                .ifPresent(newest -> superseded.add(runId));
        return superseded;
    }

    /** The newer run that superseded this one, if any: the run stops at its next approval or lock. */
    public Optional<String> supersededBy(String repository, String branch, String runId) {
        Map<String, AttributeValue> item = dynamo.getItem(GetItemRequest.builder()
                .tableName(tableName)
                .key(Map.of(PK, s(branchKey(repository, branch)), SK, s("RUN#" + runId)))
                .consistentRead(true)
                .build()).item();
        return Optional.ofNullable(item).map(i -> i.get("supersededBy")).map(AttributeValue::s);
    }

    /**
     * The run starts deploying to an environment: true unless a newer run superseded it first (or the run is not
     * registered: a caller that needs to tell the two apart asks {@link #supersededBy}). Idempotent.
     */
    public boolean markDeploying(String repository, String branch, String runId, Instant now) {
        try {
            dynamo.updateItem(UpdateItemRequest.builder()
                    .tableName(tableName)
                    .key(Map.of(PK, s(branchKey(repository, branch)), SK, s("RUN#" + runId)))
                    .updateExpression("SET deployingAt = if_not_exists(deployingAt, :now)")
                    .conditionExpression("attribute_exists(#pk) AND attribute_not_exists(supersededBy)")
                    .expressionAttributeNames(Map.of("#pk", PK))
                    .expressionAttributeValues(Map.of(":now", s(now.toString())))
                    .build());
            return true;
        } catch (ConditionalCheckFailedException supersededOrUnknown) {
            return false;
        }
    }

    /**
     * The run's deploy of an environment ended: it is no longer deploying, and if a newer run of the branch is
     * registered it is superseded by the newest now.
     *
     * @return the run that supersedes it, if any; empty for a run that is not registered
     */
    public Optional<String> doneDeploying(String repository, String branch, String runId, Instant now) {
        String pk = branchKey(repository, branch);
        Map<String, AttributeValue> item;
        try {
            item = dynamo.updateItem(UpdateItemRequest.builder()
                    .tableName(tableName)
                    .key(Map.of(PK, s(pk), SK, s("RUN#" + runId)))
                    .updateExpression("SET deployedAt = :now REMOVE deployingAt")
                    .conditionExpression("attribute_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", PK))
                    .expressionAttributeValues(Map.of(":now", s(now.toString())))
                    .returnValues(ReturnValue.ALL_NEW)
                    .build()).attributes();
        } catch (ConditionalCheckFailedException unknown) {
            return Optional.empty();
        }
        if (item.containsKey("supersededBy")) {
            return Optional.of(item.get("supersededBy").s());
        }
        Entry self = new Entry(runId, Instant.parse(item.get("receivedAt").s()), true);
        Optional<Entry> newest = entries(pk).stream().filter(other -> ORDER.compare(other, self) > 0).max(ORDER);
        if (newest.isEmpty()) {
            return Optional.empty();
        }
        if (supersede(pk, runId, newest.get().runId(), now)) {
            return Optional.of(newest.get().runId());
        }
        return supersededBy(repository, branch, runId);
    }

    /**
     * Moves the ref's head to {@code commit} for {@code runId}, unless the push is stale (see the class comment).
     * Idempotent for the same run.
     *
     * @param before the ref's head the push started from (a push's {@code before}; a pull request's head before a
     *               {@code synchronize}; for an opened or reopened pull request its head itself)
     * @return empty when the head moved (or already was this run's); else the current head, which is newer
     */
    public Optional<Head> advanceHead(String repository, String ref, String before, String commit, String runId,
                                      Instant now) {
        try {
            dynamo.updateItem(UpdateItemRequest.builder()
                    .tableName(tableName)
                    .key(headKey(repository, ref))
                    .updateExpression("SET #commit = :commit, runId = :runId, updatedAt = :now, #type = :type, "
                            + "repository = :repository, #ref = :ref ADD seen :seen")
                    .conditionExpression("attribute_not_exists(#pk) OR #commit = :before OR runId = :runId "
                            + "OR NOT contains(seen, :before)")
                    .expressionAttributeNames(Map.of("#pk", PK, "#commit", "commit", "#type", "type", "#ref", "ref"))
                    .expressionAttributeValues(Map.of(
                            ":commit", s(commit),
                            ":runId", s(runId),
                            ":before", s(before),
                            ":now", s(now.toString()),
                            ":type", s("REF_HEAD"),
                            ":repository", s(repository),
                            ":ref", s(ref),
                            ":seen", AttributeValue.fromSs(before.equals(commit) ? List.of(commit) : List.of(before, commit))))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                    .build());
            return Optional.empty();
        } catch (ConditionalCheckFailedException stale) {
            Map<String, AttributeValue> item = stale.hasItem() && !stale.item().isEmpty() ? stale.item()
                    : dynamo.getItem(GetItemRequest.builder().tableName(tableName).key(headKey(repository, ref))
                    .consistentRead(true).build()).item();
            return Optional.of(new Head(item.get("commit").s(), item.get("runId").s()));
        }
    }

    /** The ref's head, if any run ever moved it. */
    public Optional<Head> head(String repository, String ref) {
        Map<String, AttributeValue> item = dynamo.getItem(GetItemRequest.builder()
                .tableName(tableName)
                .key(headKey(repository, ref))
                .consistentRead(true)
                .build()).item();
        return item == null || item.isEmpty() ? Optional.empty()
                : Optional.of(new Head(item.get("commit").s(), item.get("runId").s()));
    }

    private static Map<String, AttributeValue> headKey(String repository, String ref) {
        return Map.of(PK, s("HEAD#" + repository + "#" + ref), SK, s("HEAD"));
    }

    private List<Entry> entries(String pk) {
        List<Entry> entries = new ArrayList<>();
        dynamo.queryPaginator(QueryRequest.builder()
                        .tableName(tableName)
                        .keyConditionExpression("#pk = :pk AND begins_with(#sk, :run)")
                        .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
                        .expressionAttributeValues(Map.of(":pk", s(pk), ":run", s("RUN#")))
                        .consistentRead(true)
                        .build())
                .items()
                .forEach(stored -> entries.add(new Entry(stored.get("runId").s(),
                        Instant.parse(stored.get("receivedAt").s()),
                        !stored.containsKey("supersededBy") && !stored.containsKey("deployingAt"))));
        return entries;
    }

    private boolean supersede(String pk, String runId, String by, Instant now) {
        try {
            dynamo.updateItem(UpdateItemRequest.builder()
                    .tableName(tableName)
                    .key(Map.of(PK, s(pk), SK, s("RUN#" + runId)))
                    .updateExpression("SET supersededBy = :by, supersededAt = :now")
                    .conditionExpression("attribute_exists(#pk) AND attribute_not_exists(supersededBy) "
                            + "AND attribute_not_exists(deployingAt)")
                    .expressionAttributeNames(Map.of("#pk", PK))
                    .expressionAttributeValues(Map.of(":by", s(by), ":now", s(now.toString())))
                    .build());
            return true;
        } catch (ConditionalCheckFailedException deployingOrAlreadySuperseded) {
            return false;
        }
    }

    private static String branchKey(String repository, String branch) {
        return "BRANCH#" + repository + "#" + branch;
    }
}
