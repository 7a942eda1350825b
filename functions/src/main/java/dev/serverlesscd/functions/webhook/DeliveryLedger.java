package dev.serverlesscd.functions.webhook;

import static dev.serverlesscd.functions.common.Attributes.n;
import static dev.serverlesscd.functions.common.Attributes.s;
import static dev.serverlesscd.functions.common.Attributes.text;
import static dev.serverlesscd.functions.common.PipelineTable.PK;
import static dev.serverlesscd.functions.common.PipelineTable.SK;
import static dev.serverlesscd.functions.common.PipelineTable.TTL;

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
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Who may start a delivery's execution, on the pipeline's one table: one item per GitHub delivery,
 * {@code pk=DELIVERY#<deliveryId>, sk=DELIVERY}, with {@code state}
 *
 * <pre>
 *   (none) ──claim──▶ STARTING ──markStarted──▶ STARTED
 *                      │   ▲
 *          release     │   │ claim (state RECEIVED, or STARTING with its lease expired)
 *          (start failed)  │
 *                      ▼   │
 *                     RECEIVED
 * </pre>
 *
 * {@link #claim} is one conditional write: of concurrent deliveries of the same id exactly one gets STARTING and
 * starts the execution; the others see STARTED (answer with the run id) or a live claim (wait, then answer).
 * A claim holds for {@code lease}, longer than a webhook invocation may run, so an attempt that died mid-way
 * (timeout, crash) leaves a claim the next redelivery may take over; the execution's deterministic name then keeps
 * a second start from making a second execution. Items expire after {@code retention} (TTL).
 */
public final class DeliveryLedger {
    public enum State { RECEIVED, STARTING, STARTED }

    /** A delivery's item as stored. */
    public record Delivery(String deliveryId, String runId, State state, String attempt, Instant leaseUntil,
                           int attempts, String executionArn, String lastError) {
    }

    /** The outcome of {@link #claim}. */
    public sealed interface Claim {
        /** This attempt holds the claim: start the execution, then {@link #markStarted} or {@link #release}. */
        record Claimed(int attempts) implements Claim {
        }

        /** The execution was started by an earlier attempt. */
        record AlreadyStarted(Delivery delivery) implements Claim {
        }

        /** Another attempt holds a live claim and is starting it right now. */
        record InProgress(Delivery delivery) implements Claim {
        }
    }

    private static final String SK_VALUE = "DELIVERY";

    private final DynamoDbClient dynamo;
    private final String tableName;
    private final Duration lease;
    private final Duration retention;

    public DeliveryLedger(DynamoDbClient dynamo, String tableName, Duration lease, Duration retention) {
        this.dynamo = Objects.requireNonNull(dynamo, "DynamoDB client is not specified");
        if (tableName == null || tableName.isBlank()) {
            throw new IllegalArgumentException("Table name is not specified");
        }
        this.tableName = tableName;
        this.lease = Objects.requireNonNull(lease, "lease");
        this.retention = Objects.requireNonNull(retention, "retention");
    }

    /** Takes the right to start this delivery's execution, if nobody holds it and it was not started. */
    public Claim claim(String deliveryId, String runId, String attempt, Instant now) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":starting", s(State.STARTING.name()));
        values.put(":received", s(State.RECEIVED.name()));
        values.put(":attempt", s(attempt));
        values.put(":lease", n(now.plus(lease).toEpochMilli()));
        values.put(":now", n(now.toEpochMilli()));
        values.put(":nowText", s(now.toString()));
        values.put(":runId", s(runId));
        values.put(":deliveryId", s(deliveryId));
        values.put(":type", s("DELIVERY"));
        values.put(":one", n(1));
        values.put(":expires", n(now.plus(retention).getEpochSecond()));
        try {
            Map<String, AttributeValue> stored = dynamo.updateItem(UpdateItemRequest.builder()
                    .tableName(tableName)
                    .key(key(deliveryId))
                    .updateExpression("SET #state = :starting, attempt = :attempt, leaseUntil = :lease, "
                            + "updatedAt = :nowText, runId = if_not_exists(runId, :runId), "
                            + "deliveryId = if_not_exists(deliveryId, :deliveryId), #type = if_not_exists(#type, :type), "
                            + "receivedAt = if_not_exists(receivedAt, :nowText), #ttl = if_not_exists(#ttl, :expires) "
                            + "ADD attempts :one")
                    .conditionExpression("attribute_not_exists(#pk) OR #state = :received "
                            + "OR (#state = :starting AND leaseUntil < :now)")
                    .expressionAttributeNames(Map.of("#pk", PK, "#state", "state", "#type", "type", "#ttl", TTL))
                    .expressionAttributeValues(values)
                    .returnValues(software.amazon.awssdk.services.dynamodb.model.ReturnValue.ALL_NEW)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                    .build()).attributes();
            return new Claim.Claimed(Integer.parseInt(stored.get("attempts").n()));
        } catch (ConditionalCheckFailedException taken) {
            Delivery current = taken.hasItem() && !taken.item().isEmpty()
                    ? toDelivery(taken.item())
                    : find(deliveryId).orElseThrow(() -> taken);
            return current.state() == State.STARTED ? new Claim.AlreadyStarted(current) : new Claim.InProgress(current);
        }
    }

    /** The start failed: give the claim back so a redelivery starts it. Does nothing if another attempt took over. */
    public void release(String deliveryId, String attempt, String error, Instant now) {
        try {
            dynamo.updateItem(UpdateItemRequest.builder()
                    .tableName(tableName)
                    .key(key(deliveryId))
                    .updateExpression("SET #state = :received, lastError = :error, updatedAt = :now REMOVE leaseUntil")
                    .conditionExpression("#state = :starting AND attempt = :attempt")
                    .expressionAttributeNames(Map.of("#state", "state"))
                    .expressionAttributeValues(Map.of(
                            ":received", s(State.RECEIVED.name()),
                            ":starting", s(State.STARTING.name()),
                            ":attempt", s(attempt),
                            ":error", s(error == null ? "unknown" : error),
                            ":now", s(now.toString())))
                    .build());
        } catch (ConditionalCheckFailedException takenOver) {
            // another attempt holds the claim now, or started it: its state stands
        }
    }

    /** The execution runs: no later delivery of this id starts anything. Idempotent. */
    public void markStarted(String deliveryId, String executionArn, Instant now) {
        dynamo.updateItem(UpdateItemRequest.builder()
                .tableName(tableName)
                .key(key(deliveryId))
                .updateExpression("SET #state = :started, executionArn = :arn, updatedAt = :now, "
                        + "startedAt = if_not_exists(startedAt, :now) REMOVE leaseUntil")
                .expressionAttributeNames(Map.of("#state", "state"))
                .expressionAttributeValues(Map.of(
                        ":started", s(State.STARTED.name()),
                        ":arn", s(executionArn),
                        ":now", s(now.toString())))
                .build());
    }

    public Optional<Delivery> find(String deliveryId) {
        Map<String, AttributeValue> item = dynamo.getItem(GetItemRequest.builder()
                .tableName(tableName)
                .key(key(deliveryId))
                .consistentRead(true)
                .build()).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toDelivery(item));
    }

    private static Delivery toDelivery(Map<String, AttributeValue> item) {
        return new Delivery(
                text(item, "deliveryId"),
                text(item, "runId"),
                State.valueOf(text(item, "state")),
                text(item, "attempt"),
                item.containsKey("leaseUntil") ? Instant.ofEpochMilli(Long.parseLong(item.get("leaseUntil").n())) : null,
                item.containsKey("attempts") ? Integer.parseInt(item.get("attempts").n()) : 0,
                text(item, "executionArn"),
                text(item, "lastError"));
    }

    private static Map<String, AttributeValue> key(String deliveryId) {
        return Map.of(PK, s("DELIVERY#" + deliveryId), SK, s(SK_VALUE));
    }
}
