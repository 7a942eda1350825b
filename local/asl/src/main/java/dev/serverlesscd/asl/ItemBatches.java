package dev.serverlesscd.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.serverlesscd.asl.json.Json;

import java.util.ArrayList;
import java.util.List;

/**
 * ItemBatcher of a Distributed Map ("ItemBatcher (Map)"): the items go to child executions in batches of at most
 * MaxItemsPerBatch items and MaxInputBytesPerBatch bytes, each child's input {@code {"BatchInput": ..., "Items": [...]}}
 * (BatchInput only when the batcher sets one).
 */
final class ItemBatches {
    /** The largest batch input, in bytes: the payload quota. */
    static final long MAX_BYTES = AslExecutor.MAX_PAYLOAD_BYTES;

    private ItemBatches() {
    }

    static List<JsonNode> of(JsonNode batcher, StateRun s, ObjectNode context, JsonNode effective, List<JsonNode> items) {
        long maxItems = limit(batcher, "MaxItemsPerBatch", s, context, effective, Long.MAX_VALUE);
        long maxBytes = Math.min(MAX_BYTES, limit(batcher, "MaxInputBytesPerBatch", s, context, effective, MAX_BYTES));
        JsonNode batchInput = batcher.get("BatchInput");
        if (batchInput != null) {
            batchInput = s.jsonata()
                    ? JsonataSupport.evaluateTemplate(batchInput, "ItemBatcher/BatchInput", s.env(null, null, context))
                    : DataFlow.template(s, batchInput, effective, context);
        }
        List<JsonNode> batches = new ArrayList<>();
        ObjectNode batch = null;
        for (JsonNode item : items) {
            if (batch != null && (batch.get("Items").size() >= maxItems || exceeds(batch, item, maxBytes))) {
                batches.add(batch);
                batch = null;
            }
            if (batch == null) {
                batch = Json.obj();
                if (batchInput != null) {
                    batch.set("BatchInput", batchInput);
                }
                batch.putArray("Items");
            }
            ((ArrayNode) batch.get("Items")).add(item);
        }
        if (batch != null) {
            batches.add(batch);
        }
        return batches;
    }

    private static boolean exceeds(ObjectNode batch, JsonNode item, long maxBytes) {
        ObjectNode grown = batch.deepCopy();
        ((ArrayNode) grown.get("Items")).add(item);
        return Json.utf8SizeExceeds(grown, maxBytes);
    }

    /** A positive whole number from the field, its Path, or (JSONata) an expression; {@code dflt} when unset. */
    private static long limit(JsonNode batcher, String field, StateRun s, ObjectNode context, JsonNode effective,
                              long dflt) {
        JsonNode v;
        if (batcher.has(field + "Path")) {
            v = DataFlow.readPath(s, effective, batcher.get(field + "Path").asText());
        } else if (batcher.has(field)) {
            v = s.jsonata() ? DataFlow.value(batcher.get(field), "ItemBatcher/" + field, s.env(null, null, context))
                    : batcher.get(field);
        } else {
            return dflt;
        }
        if (!v.isIntegralNumber() || v.longValue() < 1) {
            throw s.runtimeError("The ItemBatcher field " + field + " must be a positive integer, not " + v);
        }
        return v.longValue();
    }
}
