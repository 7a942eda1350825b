package dev.serverlesscd.functions.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.serverlesscd.functions.common.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DynamoDB's own cursor ({@code LastEvaluatedKey}: the key attributes of the last item read) as opaque text for a
 * URL: base64url of a small JSON object of string attributes, with the index it belongs to. Decoding checks that
 * the cursor names the listing's index and only its key attributes, so a cursor cannot steer a query elsewhere.
 */
final class PageCursor {
    private PageCursor() {
    }

    static String encode(String index, Map<String, AttributeValue> key) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("i", index);
        ObjectNode k = node.putObject("k");
        key.forEach((name, value) -> k.put(name, value.s()));
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.MAPPER.writeValueAsBytes(node));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write a cursor", e);
        }
    }

    /** The start key the cursor holds; null for a null or blank cursor (the first page). */
    static Map<String, AttributeValue> decode(String cursor, String index, Set<String> keyAttributes,
                                              String partitionAttribute, String partitionValue) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(new String(Base64.getUrlDecoder().decode(cursor.trim()), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | IOException e) {
            throw new InvalidCursorException("cursor is not one this listing handed out (not base64url JSON)");
        }
        if (node == null || !index.equals(node.path("i").asText()) || !node.path("k").isObject()) {
            throw new InvalidCursorException("cursor belongs to another listing; start again without it");
        }
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        node.path("k").fields().forEachRemaining(e -> key.put(e.getKey(), AttributeValue.fromS(e.getValue().asText())));
        if (!key.keySet().equals(keyAttributes) || !partitionValue.equals(key.get(partitionAttribute).s())) {
            throw new InvalidCursorException("cursor belongs to another listing; start again without it");
        }
        return key;
    }
}
