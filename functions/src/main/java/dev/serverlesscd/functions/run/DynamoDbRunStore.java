package dev.serverlesscd.functions.run;

import static dev.serverlesscd.functions.common.Attributes.instant;
import static dev.serverlesscd.functions.common.Attributes.putIfPresent;
import static dev.serverlesscd.functions.common.Attributes.s;
import static dev.serverlesscd.functions.common.Attributes.text;
import static dev.serverlesscd.functions.common.PipelineTable.GSI1;
import static dev.serverlesscd.functions.common.PipelineTable.GSI1_PK;
import static dev.serverlesscd.functions.common.PipelineTable.GSI1_SK;
import static dev.serverlesscd.functions.common.PipelineTable.GSI2;
import static dev.serverlesscd.functions.common.PipelineTable.GSI2_PK;
import static dev.serverlesscd.functions.common.PipelineTable.GSI2_SK;
import static dev.serverlesscd.functions.common.PipelineTable.PK;
import static dev.serverlesscd.functions.common.PipelineTable.SK;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.serverlesscd.functions.common.Json;
import dev.serverlesscd.functions.config.EnvironmentTarget;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * {@link RunStore} on the pipeline's one table (see docs/architecture.md, "State in DynamoDB").
 *
 * <ul>
 *   <li>run: {@code pk=RUN#<runId>, sk=RUN}, listed newest first through {@code gsi1} ({@code gsi1pk=RUNS},
 *       {@code gsi1sk=<createdAt>#<runId>}), and per repository through {@code gsi2} ({@code gsi2pk=RUNS#<repository>},
 *       {@code gsi2sk=<createdAt>#<runId>});</li>
 *   <li>stage: {@code pk=RUN#<runId>, sk=STAGE#<startedAt>#<stage>}, so a run's stages read back in time order and
 *       recording the same stage again (a retried task) overwrites it instead of adding a second one.</li>
 * </ul>
 *
 * <p>Status rule: {@code RECEIVED -> RUNNING -> final}. {@link #markStarted} applies to a RECEIVED or RUNNING run
 * (a retried start is harmless); {@link #finish} applies to a RECEIVED or RUNNING run, so the first final status
 * wins and a late finish fails with {@link RunAlreadyFinishedException} without writing anything.
 */
public final class DynamoDbRunStore implements RunStore {
    static final String RUNS_INDEX_KEY = "RUNS";
    static final String REPOSITORY_INDEX_PREFIX = "RUNS#";
    /** How many items one listing page reads at most while filters drop them (a page may then come back short). */
    static final int MAX_READ_PER_PAGE = 1_000;
    private static final String RUN_SK = "RUN";
    private static final String STAGE_PREFIX = "STAGE#";
    private static final String NOT_FINAL = "#status IN (:received, :running)";
    private static final TypeReference<List<Contributor>> CONTRIBUTORS = new TypeReference<>() {
    };
    private static final TypeReference<List<EnvironmentTarget>> ENVIRONMENTS = new TypeReference<>() {
    };

    private final DynamoDbClient dynamo;
    private final String tableName;

    public DynamoDbRunStore(DynamoDbClient dynamo, String tableName) {
        this.dynamo = Objects.requireNonNull(dynamo, "DynamoDB client is not specified");
        if (tableName == null || tableName.isBlank()) {
            throw new IllegalArgumentException("Table name is not specified");
        }
        this.tableName = tableName;
    }

    @Override
    public void create(Run run) {
        Objects.requireNonNull(run, "run");
        requireText(run.runId(), "Run runId");
        if (run.createdAt() == null) {
            throw new IllegalArgumentException("Run " + run.runId() + " has no createdAt");
        }
        if (run.status() != null && run.status() != RunStatus.RECEIVED) {
            throw new IllegalArgumentException(
                    "A new run is recorded as RECEIVED, not " + run.status() + " (run " + run.runId() + ")");
        }
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, s(runPk(run.runId())));
        item.put(SK, s(RUN_SK));
        item.put("type", s("RUN"));
        item.put(GSI1_PK, s(RUNS_INDEX_KEY));
        item.put(GSI1_SK, s(SortableTime.format(run.createdAt()) + "#" + run.runId()));
        if (run.repository() != null && !run.repository().isBlank()) {
            item.put(GSI2_PK, s(REPOSITORY_INDEX_PREFIX + run.repository()));
            item.put(GSI2_SK, s(SortableTime.format(run.createdAt()) + "#" + run.runId()));
        }
        putIfPresent(item, "runId", run.runId());
        putIfPresent(item, "deliveryId", run.deliveryId());
        putIfPresent(item, "repository", run.repository());
        putIfPresent(item, "cloneUrl", run.cloneUrl());
        putIfPresent(item, "event", run.event());
        putIfPresent(item, "ref", run.ref());
        putIfPresent(item, "branch", run.branch());
        putIfPresent(item, "defaultBranch", run.defaultBranch());
        putIfPresent(item, "tag", run.tag());
        putIfPresent(item, "commit", run.commit());
        putIfPresent(item, "baseCommit", run.baseCommit());
        putIfPresent(item, "author", run.author());
        if (!run.contributors().isEmpty()) {
            item.put("contributors", s(toJson(run.contributors())));
        }
        putIfPresent(item, "version", run.version());
        putIfPresent(item, "tier", run.tier());
        item.put("deploy", AttributeValue.fromBool(run.deploy()));
        item.put("environments", s(toJson(run.environments())));
        item.put("status", s(RunStatus.RECEIVED.name()));
        putIfPresent(item, "executionArn", run.executionArn());
        item.put("createdAt", s(run.createdAt().toString()));
        item.put("updatedAt", s(run.createdAt().toString()));
        if (run.firstCommitAt() != null) {
            item.put("firstCommitAt", s(run.firstCommitAt().toString()));
        }
        item.put("trigger", s(toJson(run.trigger())));
        try {
            dynamo.putItem(PutItemRequest.builder()
                    .tableName(tableName)
                    .item(item)
                    .conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", PK))
                    .build());
        } catch (ConditionalCheckFailedException taken) {
            throw new RunAlreadyExistsException(run.runId());
        }
    }

    @Override
    public Optional<Run> find(String runId) {
        requireText(runId, "runId");
        Map<String, AttributeValue> item = dynamo.getItem(GetItemRequest.builder()
                .tableName(tableName)
                .key(runKey(runId))
                .consistentRead(true)
                .build()).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toRun(item));
    }

    @Override
    public void markStarted(String runId, String executionArn, Instant at) {
        requireText(runId, "runId");
        Objects.requireNonNull(at, "at");
        Map<String, AttributeValue> values = new HashMap<>(notFinalValues());
        values.put(":running", s(RunStatus.RUNNING.name()));
        values.put(":at", s(at.toString()));
        String update = "SET #status = :running, updatedAt = :at, startedAt = if_not_exists(startedAt, :at)";
        if (executionArn != null) {
            values.put(":arn", s(executionArn));
            update += ", executionArn = :arn";
        }
        updateUnlessFinal(runId, update, values);
    }

    @Override
    public void finish(String runId, RunStatus status, String error, String cause, JsonNode summary, Instant at) {
        requireText(runId, "runId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(at, "at");
        if (!status.isFinal()) {
            throw new IllegalArgumentException("A run finishes with a final status, not " + status + " (run " + runId + ")");
        }
        Map<String, AttributeValue> values = new HashMap<>(notFinalValues());
        values.put(":status", s(status.name()));
        values.put(":at", s(at.toString()));
        StringBuilder update = new StringBuilder("SET #status = :status, updatedAt = :at, endedAt = :at");
        if (error != null) {
            values.put(":error", s(error));
            update.append(", #error = :error");
        }
        if (cause != null) {
            values.put(":cause", s(cause));
            update.append(", #cause = :cause");
        }
        if (summary != null && !summary.isNull()) {
            values.put(":summary", s(toJson(summary)));
            update.append(", summary = :summary");
        }
        updateUnlessFinal(runId, update.toString(), values);
    }

    @Override
    public void recordStage(StageRecord stage) {
        Objects.requireNonNull(stage, "stage");
        requireText(stage.runId(), "Stage runId");
        requireText(stage.stage(), "Stage name");
        requireText(stage.status(), "Stage status");
        Instant keyTime = stage.startedAt() != null ? stage.startedAt() : stage.endedAt();
        if (keyTime == null) {
            throw new IllegalArgumentException(
                    "Stage " + stage.stage() + " of run " + stage.runId() + " has neither startedAt nor endedAt");
        }
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, s(runPk(stage.runId())));
        item.put(SK, s(STAGE_PREFIX + SortableTime.format(keyTime) + "#" + stage.stage()));
        item.put("type", s("STAGE"));
        item.put("runId", s(stage.runId()));
        item.put("stage", s(stage.stage()));
        item.put("status", s(stage.status()));
        putIfPresent(item, "summary", stage.summary());
        if (stage.startedAt() != null) {
            item.put("startedAt", s(stage.startedAt().toString()));
        }
        if (stage.endedAt() != null) {
            item.put("endedAt", s(stage.endedAt().toString()));
        }
        try {
            dynamo.transactWriteItems(TransactWriteItemsRequest.builder()
                    .transactItems(
                            TransactWriteItem.builder().conditionCheck(ConditionCheck.builder()
                                    .tableName(tableName)
                                    .key(runKey(stage.runId()))
                                    .conditionExpression("attribute_exists(#pk)")
                                    .expressionAttributeNames(Map.of("#pk", PK))
                                    .build()).build(),
                            TransactWriteItem.builder().put(Put.builder()
                                    .tableName(tableName)
                                    .item(item)
                                    .build()).build())
                    .build());
        } catch (TransactionCanceledException cancelled) {
            if (!cancelled.cancellationReasons().isEmpty()
                    && "ConditionalCheckFailed".equals(cancelled.cancellationReasons().get(0).code())) {
                throw new RunNotFoundException(stage.runId());
            }
            throw cancelled;
        }
    }

    @Override
    public List<StageRecord> stages(String runId) {
        requireText(runId, "runId");
        List<StageRecord> stages = new ArrayList<>();
        dynamo.queryPaginator(QueryRequest.builder()
                        .tableName(tableName)
                        .keyConditionExpression("#pk = :pk AND begins_with(#sk, :stage)")
                        .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
                        .expressionAttributeValues(Map.of(":pk", s(runPk(runId)), ":stage", s(STAGE_PREFIX)))
                        .consistentRead(true)
                        .build())
                .items()
                .forEach(item -> stages.add(new StageRecord(
                        text(item, "runId"),
                        text(item, "stage"),
                        text(item, "status"),
                        text(item, "summary"),
                        instant(item, "startedAt"),
                        instant(item, "endedAt"))));
        return stages;
    }

    @Override
    public List<Run> recent(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        return dynamo.query(QueryRequest.builder()
                        .tableName(tableName)
                        .indexName(GSI1)
                        .keyConditionExpression("#gpk = :runs")
                        .expressionAttributeNames(Map.of("#gpk", GSI1_PK))
                        .expressionAttributeValues(Map.of(":runs", s(RUNS_INDEX_KEY)))
                        .scanIndexForward(false)
                        .limit(limit)
                        .build())
                .items().stream()
                .map(DynamoDbRunStore::toRun)
                .toList();
    }

    @Override
    public List<Run> unfinished() {
        List<Run> unfinished = new ArrayList<>();
        dynamo.queryPaginator(QueryRequest.builder()
                        .tableName(tableName)
                        .indexName(GSI1)
                        .keyConditionExpression("#gpk = :runs")
                        .filterExpression(NOT_FINAL)
                        .expressionAttributeNames(Map.of("#gpk", GSI1_PK, "#status", "status"))
                        .expressionAttributeValues(Map.of(":runs", s(RUNS_INDEX_KEY),
                                ":received", s(RunStatus.RECEIVED.name()), ":running", s(RunStatus.RUNNING.name())))
                        .scanIndexForward(false)
                        .build())
                .items()
                .forEach(item -> unfinished.add(toRun(item)));
        return unfinished;
    }

    @Override
    public RunPage page(RunQuery query, String cursor, int limit) {
        Objects.requireNonNull(query, "query");
        if (limit < 1 || limit > 100) {
            throw new IllegalArgumentException("limit must be between 1 and 100, was " + limit);
        }
        Listing listing = Listing.of(query);
        Map<String, AttributeValue> start = PageCursor.decode(cursor, listing.index(), listing.keyAttributes(),
                listing.partitionAttribute(), listing.partitionValue());
        List<Run> runs = new ArrayList<>();
        Map<String, AttributeValue> lastReturned = null;
        int read = 0;
        while (true) {
            QueryResponse page = dynamo.query(listing.request(tableName, query, start, limit - runs.size()));
            read += page.scannedCount();
            Map<String, AttributeValue> lastKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                    ? page.lastEvaluatedKey() : null;
            for (Map<String, AttributeValue> item : page.items()) {
                if (runs.size() >= limit) {
                    // the filtered read matched more than the page shows: go on after the last one shown
                    return new RunPage(runs, PageCursor.encode(listing.index(), listing.keyOf(lastReturned)));
                }
                runs.add(toRun(item));
                lastReturned = item;
            }
            if (lastKey == null) {
                return new RunPage(runs, null);
            }
            if (runs.size() >= limit) {
                return new RunPage(runs, PageCursor.encode(listing.index(), listing.keyOf(lastReturned)));
            }
            if (read >= MAX_READ_PER_PAGE) {
                // a short page: the filters dropped most of what was read; the cursor goes on from there
                return new RunPage(runs, PageCursor.encode(listing.index(), lastKey));
            }
            start = lastKey;
        }
    }

    /**
     * A window's runs are read in this many slices of time at once: one query reads its pages one after the other
     * (1 MB of items each, before the projection), so a month of runs is many round trips in a row.
     */
    static final int WINDOW_SLICES = 4;
    private static final java.util.concurrent.ExecutorService WINDOW_READERS =
            java.util.concurrent.Executors.newFixedThreadPool(WINDOW_SLICES, runnable -> {
                Thread thread = new Thread(runnable, "run-window-reader");
                thread.setDaemon(true);
                return thread;
            });

    @Override
    public List<Run> createdBetween(String repository, Instant from, Instant to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Listing listing = Listing.of(new RunQuery(repository, null, null));
        java.time.Duration span = java.time.Duration.between(from, to);
        if (span.isNegative() || span.isZero()) {
            return createdBetween(listing, from, to);
        }
        // slices [b(i), b(i+1)): a run created at a bound has the sort key "<bound>#<runId>", above the bound's own
        // text, so it falls in the slice the bound starts and in no other
        List<java.util.concurrent.CompletableFuture<List<Run>>> newestFirst = new ArrayList<>();
        for (int i = WINDOW_SLICES - 1; i >= 0; i--) {
            Instant start = from.plus(span.multipliedBy(i).dividedBy(WINDOW_SLICES));
            Instant end = i == WINDOW_SLICES - 1 ? to : from.plus(span.multipliedBy(i + 1).dividedBy(WINDOW_SLICES));
            newestFirst.add(java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> createdBetween(listing, start, end), WINDOW_READERS));
        }
        List<Run> runs = new ArrayList<>();
        for (java.util.concurrent.CompletableFuture<List<Run>> slice : newestFirst) {
            try {
                runs.addAll(slice.join());
            } catch (java.util.concurrent.CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }
        return runs;
    }

    /** The runs of {@code listing} created in {@code [from, to)}, newest first, one query. */
    private List<Run> createdBetween(Listing listing, Instant from, Instant to) {
        List<Run> runs = new ArrayList<>();
        dynamo.queryPaginator(QueryRequest.builder()
                        .tableName(tableName)
                        .indexName(listing.index())
                        .keyConditionExpression("#gpk = :p AND #gsk BETWEEN :from AND :to")
                        .expressionAttributeNames(windowNames(listing))
                        .projectionExpression(WINDOW_PROJECTION)
                        .expressionAttributeValues(Map.of(":p", s(listing.partitionValue()),
                                ":from", s(SortableTime.format(from)), ":to", s(SortableTime.format(to))))
                        .scanIndexForward(false)
                        .build())
                .items()
                .forEach(item -> runs.add(toRun(item)));
        return runs;
    }

    /** What a window's runs carry (the metrics' needs): not the environments, the clone URL or the summary. */
    private static final List<String> WINDOW_ATTRIBUTES = List.of("runId", "repository", "event", "ref", "branch",
            "tag", "status", "createdAt", "updatedAt", "error", "cause", "firstCommitAt", "commit", "version");
    private static final String WINDOW_PROJECTION = String.join(", ",
            WINDOW_ATTRIBUTES.stream().map(a -> "#w_" + a).toList());

    /** Every attribute by a name placeholder: some (commit, status, ref) are DynamoDB reserved words. */
    private static Map<String, String> windowNames(Listing listing) {
        Map<String, String> names = new HashMap<>(Map.of("#gpk", listing.partitionAttribute(),
                "#gsk", listing.sortAttribute()));
        WINDOW_ATTRIBUTES.forEach(a -> names.put("#w_" + a, a));
        return names;
    }

    /** A listing's index and partition: every run (gsi1) or one repository's (gsi2). */
    private record Listing(String index, String partitionAttribute, String sortAttribute, String partitionValue) {
        static Listing of(RunQuery query) {
            return query.repository() == null
                    ? new Listing(GSI1, GSI1_PK, GSI1_SK, RUNS_INDEX_KEY)
                    : new Listing(GSI2, GSI2_PK, GSI2_SK, REPOSITORY_INDEX_PREFIX + query.repository());
        }

        Set<String> keyAttributes() {
            return Set.of(PK, SK, partitionAttribute, sortAttribute);
        }

        Map<String, AttributeValue> keyOf(Map<String, AttributeValue> item) {
            Map<String, AttributeValue> key = new HashMap<>();
            keyAttributes().forEach(name -> key.put(name, item.get(name)));
            return key;
        }

        QueryRequest request(String table, RunQuery query, Map<String, AttributeValue> start, int wanted) {
            Map<String, String> names = new HashMap<>(Map.of("#gpk", partitionAttribute));
            Map<String, AttributeValue> values = new HashMap<>(Map.of(":p", s(partitionValue)));
            List<String> filters = new ArrayList<>();
            if (query.ref() != null) {
                names.put("#ref", "ref");
                values.put(":ref", s(query.ref()));
                filters.add("#ref = :ref");
            }
            if (query.status() != null) {
                names.put("#status", "status");
                values.put(":status", s(query.status().name()));
                filters.add("#status = :status");
            }
            // unfiltered: read what the page shows; filtered: read more per request, the filter drops some
            int read = filters.isEmpty() ? wanted : Math.max(wanted, 100);
            return QueryRequest.builder()
                    .tableName(table)
                    .indexName(index)
                    .keyConditionExpression("#gpk = :p")
                    .filterExpression(filters.isEmpty() ? null : String.join(" AND ", filters))
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .scanIndexForward(false)
                    .exclusiveStartKey(start)
                    .limit(read)
                    .build();
        }
    }

    private void updateUnlessFinal(String runId, String update, Map<String, AttributeValue> values) {
        Map<String, String> names = new HashMap<>(Map.of("#pk", PK, "#status", "status"));
        if (update.contains("#error")) {
            names.put("#error", "error");
        }
        if (update.contains("#cause")) {
            names.put("#cause", "cause");
        }
        try {
            dynamo.updateItem(UpdateItemRequest.builder()
                    .tableName(tableName)
                    .key(runKey(runId))
                    .updateExpression(update)
                    .conditionExpression("attribute_exists(#pk) AND " + NOT_FINAL)
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .build());
        } catch (ConditionalCheckFailedException refused) {
            Run stored = find(runId).orElseThrow(() -> new RunNotFoundException(runId));
            throw new RunAlreadyFinishedException(runId, stored.status());
        }
    }

    private static Map<String, AttributeValue> notFinalValues() {
        return Map.of(":received", s(RunStatus.RECEIVED.name()), ":running", s(RunStatus.RUNNING.name()));
    }

    static Run toRun(Map<String, AttributeValue> item) {
        String environments = text(item, "environments");
        String summary = text(item, "summary");
        String contributors = text(item, "contributors");
        String trigger = text(item, "trigger");
        try {
            return new Run(
                    text(item, "runId"),
                    text(item, "deliveryId"),
                    text(item, "repository"),
                    text(item, "cloneUrl"),
                    text(item, "event"),
                    text(item, "ref"),
                    text(item, "branch"),
                    text(item, "defaultBranch"),
                    text(item, "tag"),
                    text(item, "commit"),
                    text(item, "baseCommit"),
                    text(item, "author"),
                    contributors == null ? List.of() : Json.MAPPER.readValue(contributors, CONTRIBUTORS),
                    text(item, "version"),
                    text(item, "tier"),
                    item.containsKey("deploy") && Boolean.TRUE.equals(item.get("deploy").bool()),
                    environments == null ? List.of() : Json.MAPPER.readValue(environments, ENVIRONMENTS),
                    RunStatus.valueOf(text(item, "status")),
                    text(item, "executionArn"),
                    instant(item, "createdAt"),
                    instant(item, "updatedAt"),
                    text(item, "error"),
                    text(item, "cause"),
                    summary == null ? null : Json.MAPPER.readTree(summary),
                    instant(item, "firstCommitAt"),
                    trigger == null ? null : Json.MAPPER.readValue(trigger, Trigger.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Run item " + text(item, "runId") + " holds invalid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static Map<String, AttributeValue> runKey(String runId) {
        return Map.of(PK, s(runPk(runId)), SK, s(RUN_SK));
    }

    private static String runPk(String runId) {
        return "RUN#" + runId;
    }

    private static String toJson(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot write as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " is required");
        }
    }
}
