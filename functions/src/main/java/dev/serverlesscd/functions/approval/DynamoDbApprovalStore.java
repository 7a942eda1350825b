package dev.serverlesscd.functions.approval;

import static dev.serverlesscd.functions.common.Attributes.instant;
import static dev.serverlesscd.functions.common.Attributes.putIfPresent;
import static dev.serverlesscd.functions.common.Attributes.s;
import static dev.serverlesscd.functions.common.Attributes.text;
import static dev.serverlesscd.functions.common.PipelineTable.GSI1;
import static dev.serverlesscd.functions.common.PipelineTable.GSI1_PK;
import static dev.serverlesscd.functions.common.PipelineTable.GSI1_SK;
import static dev.serverlesscd.functions.common.PipelineTable.PK;
import static dev.serverlesscd.functions.common.PipelineTable.SK;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.serverlesscd.functions.common.Json;
import dev.serverlesscd.functions.common.PipelineTable;
import dev.serverlesscd.functions.config.EnvironmentTarget;
import dev.serverlesscd.functions.run.Contributor;
import dev.serverlesscd.functions.run.SortableTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * {@link ApprovalStore} on the pipeline's one table (docs/architecture.md, "State in DynamoDB"):
 *
 * <ul>
 *   <li>approval: {@code pk=APPROVAL#<approvalId>, sk=APPROVAL}; while PENDING it is in {@code gsi1} under
 *       {@code gsi1pk=APPROVALS#PENDING, gsi1sk=<deadline>#<approvalId>} (a sparse index: ending removes it), and always in
 *       {@code gsi2} under {@code gsi2pk=APPROVALS, gsi2sk=<requestedAt>#<approvalId>} ({@link #requestedBetween});</li>
 *   <li>decision: {@code pk=APPROVAL#<approvalId>, sk=DECISION#<approver>}, put with {@code attribute_not_exists},
 *       so each approver decides once;</li>
 *   <li>run's approval: {@code pk=APPROVALS#RUN#<runId>, sk=APPROVAL#<approvalId>}, put in the same transaction as the
 *       approval, so {@link #ofRun} finds a run's approvals with a strongly consistent query.</li>
 * </ul>
 */
public final class DynamoDbApprovalStore implements ApprovalStore {
    /** Every approval sits in gsi2 under this key, by the time it was requested (the metrics' waiting times). */
    static final String REQUESTED_INDEX_KEY = "APPROVALS";
    static final String PENDING_INDEX_KEY = "APPROVALS#PENDING";
    private static final String APPROVAL_SK = "APPROVAL";
    private static final String DECISION_PREFIX = "DECISION#";
    private static final String RUN_APPROVALS_PREFIX = "APPROVALS#RUN#";
    private static final int CONFLICT_ATTEMPTS = 5;

    private final DynamoDbClient dynamo;
    private final String tableName;

    public DynamoDbApprovalStore(DynamoDbClient dynamo, String tableName) {
        this.dynamo = Objects.requireNonNull(dynamo, "DynamoDB client is not specified");
        if (tableName == null || tableName.isBlank()) {
            throw new IllegalArgumentException("Table name is not specified");
        }
        this.tableName = tableName;
    }

    @Override
    public void create(Approval approval, String taskToken) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, s(pk(approval.approvalId())));
        item.put(SK, s(APPROVAL_SK));
        item.put("type", s("APPROVAL"));
        item.put(GSI1_PK, s(PENDING_INDEX_KEY));
        item.put(GSI1_SK, s(SortableTime.format(approval.deadline()) + "#" + approval.approvalId()));
        item.put(PipelineTable.GSI2_PK, s(REQUESTED_INDEX_KEY));
        item.put(PipelineTable.GSI2_SK, s(SortableTime.format(approval.requestedAt()) + "#" + approval.approvalId()));
        item.put("approvalId", s(approval.approvalId()));
        putIfPresent(item, "runId", approval.runId());
        putIfPresent(item, "repository", approval.repository());
        putIfPresent(item, "commit", approval.commit());
        putIfPresent(item, "author", approval.author());
        if (!approval.contributors().isEmpty()) {
            item.put("contributors", s(json(approval.contributors())));
        }
        putIfPresent(item, "version", approval.version());
        item.put("environmentName", s(approval.environment().name()));
        item.put("environment", s(json(approval.environment())));
        if (approval.image() != null) {
            item.put("image", s(json(approval.image())));
        }
        if (approval.gate() != null && !approval.gate().isNull()) {
            item.put("gate", s(json(approval.gate())));
        }
        item.put("requiredApprovals", AttributeValue.fromN(Integer.toString(approval.requiredApprovals())));
        item.put("status", s(ApprovalStatus.PENDING.name()));
        item.put("requestedAt", s(approval.requestedAt().toString()));
        item.put("deadline", s(approval.deadline().toString()));
        item.put("taskToken", s(taskToken));
        TransactWriteItem putApproval = TransactWriteItem.builder().put(Put.builder()
                .tableName(tableName)
                .item(item)
                .conditionExpression("attribute_not_exists(#pk)")
                .expressionAttributeNames(Map.of("#pk", PK))
                .build()).build();
        List<TransactWriteItem> writes = new ArrayList<>(List.of(putApproval));
        if (approval.runId() != null) {
            writes.add(TransactWriteItem.builder().put(Put.builder()
                    .tableName(tableName)
                    .item(Map.of(
                            PK, s(RUN_APPROVALS_PREFIX + approval.runId()),
                            SK, s(pk(approval.approvalId())),
                            "type", s("RUN_APPROVAL"),
                            "runId", s(approval.runId()),
                            "approvalId", s(approval.approvalId()),
                            "environmentName", s(approval.environment().name()),
                            "requestedAt", s(approval.requestedAt().toString())))
                    .build()).build());
        }
        for (int attempt = 1; ; attempt++) {
            try {
                dynamo.transactWriteItems(r -> r.transactItems(writes));
                return;
            } catch (TransactionCanceledException cancelled) {
                List<String> codes = cancelled.cancellationReasons().stream().map(CancellationReason::code).toList();
                if (!codes.isEmpty() && "ConditionalCheckFailed".equals(codes.get(0))) {
                    throw new ApprovalAlreadyExistsException(approval.approvalId());
                }
                if (codes.contains("TransactionConflict") && attempt < CONFLICT_ATTEMPTS) {
                    pause(attempt);
                    continue;
                }
                throw cancelled;
            }
        }
    }

    @Override
    public Optional<Approval> find(String approvalId) {
        return item(approvalId).map(DynamoDbApprovalStore::toApproval);
    }

    @Override
    public Optional<String> taskToken(String approvalId) {
        return item(approvalId).map(item -> text(item, "taskToken"));
    }

    @Override
    public void markNotified(String approvalId, String approver) {
        try {
            dynamo.updateItem(r -> r.tableName(tableName)
                    .key(approvalKey(approvalId))
                    .updateExpression("ADD notified :approver")
                    .conditionExpression("attribute_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", PK))
                    .expressionAttributeValues(Map.of(":approver", AttributeValue.fromSs(List.of(approver)))));
        } catch (ConditionalCheckFailedException missing) {
            throw new ApprovalNotFoundException(approvalId);
        }
    }

    @Override
    public void recordDecision(DecisionRecord decision) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, s(pk(decision.approvalId())));
        item.put(SK, s(DECISION_PREFIX + decision.approver()));
        item.put("type", s("DECISION"));
        item.put("approvalId", s(decision.approvalId()));
        item.put("approver", s(decision.approver()));
        item.put("decision", s(decision.decision().name()));
        putIfPresent(item, "reason", decision.reason());
        item.put("decidedAt", s(decision.decidedAt().toString()));

        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":pending", s(ApprovalStatus.PENDING.name()));
        values.put(":at", s(decision.decidedAt().toString()));
        String update;
        if (decision.decision() == Decision.APPROVE) {
            values.put(":me", AttributeValue.fromSs(List.of(decision.approver())));
            update = "ADD approvedBy :me SET updatedAt = :at";
        } else {
            values.put(":rejected", s(ApprovalStatus.REJECTED.name()));
            values.put(":me", s(decision.approver()));
            update = "SET #status = :rejected, rejectedBy = :me, decidedAt = :at, updatedAt = :at REMOVE #gpk, #gsk";
        }
        Map<String, String> names = new HashMap<>(Map.of("#pk", PK, "#status", "status"));
        if (decision.decision() == Decision.REJECT) {
            names.put("#gpk", GSI1_PK);
            names.put("#gsk", GSI1_SK);
        }
        TransactWriteItem putDecision = TransactWriteItem.builder().put(Put.builder()
                .tableName(tableName)
                .item(item)
                .conditionExpression("attribute_not_exists(#pk)")
                .expressionAttributeNames(Map.of("#pk", PK))
                .build()).build();
        TransactWriteItem applyToApproval = TransactWriteItem.builder().update(Update.builder()
                .tableName(tableName)
                .key(approvalKey(decision.approvalId()))
                .updateExpression(update)
                .conditionExpression("attribute_exists(#pk) AND #status = :pending")
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .build()).build();
        for (int attempt = 1; ; attempt++) {
            try {
                dynamo.transactWriteItems(r -> r.transactItems(putDecision, applyToApproval));
                return;
            } catch (TransactionCanceledException cancelled) {
                List<String> codes = cancelled.cancellationReasons().stream().map(CancellationReason::code).toList();
                if (codes.contains("TransactionConflict") && attempt < CONFLICT_ATTEMPTS) {
                    pause(attempt);
                    continue;
                }
                if (codes.size() == 2 && "ConditionalCheckFailed".equals(codes.get(0))) {
                    DecisionRecord earlier = decisionOf(decision.approvalId(), decision.approver()).orElse(null);
                    throw new DecisionRefusedException(DecisionRefusedException.Reason.ALREADY_DECIDED,
                            decision.approver() + " already decided on approval " + decision.approvalId()
                                    + (earlier == null ? "" : ": " + earlier.decision() + " at " + earlier.decidedAt()));
                }
                if (codes.size() == 2 && "ConditionalCheckFailed".equals(codes.get(1))) {
                    Approval approval = find(decision.approvalId())
                            .orElseThrow(() -> new ApprovalNotFoundException(decision.approvalId()));
                    throw new DecisionRefusedException(DecisionRefusedException.Reason.CLOSED,
                            "Approval " + decision.approvalId() + " is already " + approval.status() + "; decisions are closed");
                }
                throw cancelled;
            }
        }
    }

    @Override
    public boolean end(String approvalId, ApprovalStatus status, String endReason, Instant at) {
        if (status == ApprovalStatus.PENDING) {
            throw new IllegalArgumentException("An approval ends APPROVED, REJECTED or EXPIRED, not PENDING");
        }
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":pending", s(ApprovalStatus.PENDING.name()),
                ":status", s(status.name()),
                ":at", s(at.toString())));
        String set = "SET #status = :status, decidedAt = :at, updatedAt = :at"
                + (endReason == null ? "" : ", endReason = :why");
        if (endReason != null) {
            values.put(":why", s(endReason));
        }
        try {
            dynamo.updateItem(r -> r.tableName(tableName)
                    .key(approvalKey(approvalId))
                    .updateExpression(set + " REMOVE #gpk, #gsk")
                    .conditionExpression("attribute_exists(#pk) AND #status = :pending")
                    .expressionAttributeNames(Map.of("#pk", PK, "#status", "status", "#gpk", GSI1_PK, "#gsk", GSI1_SK))
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException notPending) {
            if (item(approvalId).isEmpty()) {
                throw new ApprovalNotFoundException(approvalId);
            }
            return false;
        }
    }

    @Override
    public void markExpired(String approvalId, String endReason, Instant at) {
        try {
            dynamo.updateItem(r -> r.tableName(tableName)
                    .key(approvalKey(approvalId))
                    .updateExpression("SET #status = :expired, endReason = :why, updatedAt = :at REMOVE #gpk, #gsk, taskToken")
                    .conditionExpression("attribute_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", PK, "#status", "status", "#gpk", GSI1_PK, "#gsk", GSI1_SK))
                    .expressionAttributeValues(Map.of(
                            ":expired", s(ApprovalStatus.EXPIRED.name()),
                            ":why", s(endReason),
                            ":at", s(at.toString()))));
        } catch (ConditionalCheckFailedException missing) {
            throw new ApprovalNotFoundException(approvalId);
        }
    }

    @Override
    public void forgetTaskToken(String approvalId) {
        dynamo.updateItem(r -> r.tableName(tableName)
                .key(approvalKey(approvalId))
                .updateExpression("REMOVE taskToken")
                .conditionExpression("attribute_exists(#pk)")
                .expressionAttributeNames(Map.of("#pk", PK)));
    }

    @Override
    public Optional<DecisionRecord> decisionOf(String approvalId, String approver) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(tableName)
                .key(Map.of(PK, s(pk(approvalId)), SK, s(DECISION_PREFIX + approver)))
                .consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toDecision(item));
    }

    @Override
    public List<DecisionRecord> decisions(String approvalId) {
        List<DecisionRecord> decisions = new ArrayList<>();
        dynamo.queryPaginator(QueryRequest.builder()
                        .tableName(tableName)
                        .keyConditionExpression("#pk = :pk AND begins_with(#sk, :decision)")
                        .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
                        .expressionAttributeValues(Map.of(":pk", s(pk(approvalId)), ":decision", s(DECISION_PREFIX)))
                        .consistentRead(true)
                        .build())
                .items()
                .forEach(item -> decisions.add(toDecision(item)));
        decisions.sort(Comparator.comparing(DecisionRecord::decidedAt).thenComparing(DecisionRecord::approver));
        return decisions;
    }

    @Override
    public List<Approval> ofRun(String runId) {
        if (runId == null || runId.isBlank()) {
            throw new IllegalArgumentException("runId is required");
        }
        List<Approval> approvals = new ArrayList<>();
        dynamo.queryPaginator(QueryRequest.builder()
                        .tableName(tableName)
                        .keyConditionExpression("#pk = :pk")
                        .expressionAttributeNames(Map.of("#pk", PK))
                        .expressionAttributeValues(Map.of(":pk", s(RUN_APPROVALS_PREFIX + runId)))
                        .consistentRead(true)
                        .build())
                .items()
                .forEach(pointer -> find(text(pointer, "approvalId")).ifPresent(approvals::add));
        approvals.sort(Comparator.comparing(Approval::requestedAt).thenComparing(Approval::approvalId));
        return approvals;
    }

    @Override
    public List<Approval> requestedBetween(Instant from, Instant to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        List<Approval> approvals = new ArrayList<>();
        dynamo.queryPaginator(QueryRequest.builder()
                        .tableName(tableName)
                        .indexName(PipelineTable.GSI2)
                        .keyConditionExpression("#gpk = :requested AND #gsk BETWEEN :from AND :to")
                        .expressionAttributeNames(Map.of("#gpk", PipelineTable.GSI2_PK, "#gsk", PipelineTable.GSI2_SK))
                        .expressionAttributeValues(Map.of(":requested", s(REQUESTED_INDEX_KEY),
                                ":from", s(SortableTime.format(from)), ":to", s(SortableTime.format(to))))
                        .build())
                .items()
                .forEach(item -> approvals.add(toApproval(item)));
        return approvals;
    }

    @Override
    public List<Approval> pending(Instant now) {
        List<Approval> pending = new ArrayList<>();
        dynamo.queryPaginator(QueryRequest.builder()
                        .tableName(tableName)
                        .indexName(GSI1)
                        .keyConditionExpression("#gpk = :pending AND #gsk > :now")
                        .expressionAttributeNames(Map.of("#gpk", GSI1_PK, "#gsk", GSI1_SK))
                        .expressionAttributeValues(Map.of(
                                ":pending", s(PENDING_INDEX_KEY),
                                ":now", s(SortableTime.format(now))))
                        .build())
                .items()
                .forEach(item -> pending.add(toApproval(item)));
        return pending;
    }

    private Optional<Map<String, AttributeValue>> item(String approvalId) {
        if (approvalId == null || approvalId.isBlank()) {
            throw new IllegalArgumentException("approvalId is required");
        }
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(tableName)
                .key(approvalKey(approvalId))
                .consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    private static Approval toApproval(Map<String, AttributeValue> item) {
        try {
            String image = text(item, "image");
            String gate = text(item, "gate");
            String contributors = text(item, "contributors");
            return new Approval(
                    text(item, "approvalId"),
                    text(item, "runId"),
                    text(item, "repository"),
                    text(item, "commit"),
                    text(item, "author"),
                    contributors == null ? List.of()
                            : List.of(Json.MAPPER.readValue(contributors, Contributor[].class)),
                    text(item, "version"),
                    Json.MAPPER.readValue(text(item, "environment"), EnvironmentTarget.class),
                    image == null ? null : Json.MAPPER.readValue(image, ApprovalRequest.Image.class),
                    gate == null ? null : Json.MAPPER.readTree(gate),
                    ApprovalStatus.valueOf(text(item, "status")),
                    instant(item, "requestedAt"),
                    instant(item, "deadline"),
                    item.containsKey("approvedBy") ? item.get("approvedBy").ss() : List.of(),
                    text(item, "rejectedBy"),
                    instant(item, "decidedAt"),
                    text(item, "endReason"),
                    item.containsKey("notified") ? Set.copyOf(item.get("notified").ss()) : Set.of());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Approval item " + text(item, "approvalId") + " holds invalid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static DecisionRecord toDecision(Map<String, AttributeValue> item) {
        return new DecisionRecord(text(item, "approvalId"), text(item, "approver"),
                Decision.valueOf(text(item, "decision")), text(item, "reason"), instant(item, "decidedAt"));
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(20L * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String json(Object value) {
        try {
            return value instanceof JsonNode node ? Json.MAPPER.writeValueAsString(node) : Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot write as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static Map<String, AttributeValue> approvalKey(String approvalId) {
        return Map.of(PK, s(pk(approvalId)), SK, s(APPROVAL_SK));
    }

    private static String pk(String approvalId) {
        return "APPROVAL#" + approvalId;
    }
}
