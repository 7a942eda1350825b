package dev.serverlesscd.asl.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/** Reading API requests (members, page sizes, paging tokens) and writing API values (epoch seconds, JSON text). */
final class ApiRequests {
    private static final ObjectMapper MAPPER = StepFunctionsService.MAPPER;
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ApiRequests() {
    }

    /** A string member; SerializationException when it is not a string, ValidationException when missing or too long. */
    static String str(ObjectNode r, String field, boolean required, int maxLength) {
        JsonNode v = r.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw SfnApiException.missing(field);
            }
            return null;
        }
        if (!v.isTextual()) {
            throw new SfnApiException("SerializationException", "Expected a string for '" + field + "', found "
                    + v.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        String s = v.textValue();
        if (s.length() > maxLength) {
            throw SfnApiException.tooLong(field, s, maxLength);
        }
        return s;
    }

    static boolean bool(ObjectNode r, String field) {
        JsonNode v = r.get(field);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw new SfnApiException("SerializationException", "Expected a boolean for '" + field + "'");
        }
        return v.booleanValue();
    }

    /** maxResults: 0 to 1000, 0 (or absent) meaning the default page of 100. */
    static int maxResults(ObjectNode r) {
        JsonNode v = r.get("maxResults");
        if (v == null || v.isNull()) {
            return 100;
        }
        if (!v.isIntegralNumber()) {
            throw new SfnApiException("SerializationException", "Expected an integer for 'maxResults'");
        }
        long n = v.longValue();
        if (n < 0 || n > 1000) {
            throw SfnApiException.validation("1 validation error detected: Value '" + v.asText() + "' at 'maxResults' failed to "
                    + "satisfy constraint: Member must have value " + (n < 0 ? "greater than or equal to 0" : "less than or equal to 1000"));
        }
        return n == 0 ? 100 : (int) n;
    }

    record Page<T>(List<T> items, String nextToken) {
        void writeToken(ObjectNode out) {
            if (nextToken != null) {
                out.put("nextToken", nextToken);
            }
        }
    }

    /**
     * One page of {@code all}, after the item the request's nextToken names. Tokens are opaque: they carry the list
     * they belong to and the key of the last item returned, so a list that grows between calls pages on correctly.
     */
    static <T> Page<T> page(ObjectNode r, String listKey, List<T> all, Function<T, String> key, int max) {
        String token = str(r, "nextToken", false, 1024);
        int from = 0;
        if (token != null) {
            String decoded;
            try {
                decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw invalidToken(token);
            }
            String prefix = listKey + "|after|";
            if (!decoded.startsWith(prefix)) {
                throw invalidToken(token);
            }
            String after = decoded.substring(prefix.length());
            from = -1;
            for (int i = 0; i < all.size(); i++) {
                if (key.apply(all.get(i)).equals(after)) {
                    from = i + 1;
                    break;
                }
            }
            if (from < 0) {
                throw invalidToken(token);
            }
        }
        int to = Math.min(all.size(), from + max);
        List<T> items = all.subList(from, to);
        String next = to < all.size() ? Base64.getUrlEncoder().withoutPadding().encodeToString(
                (listKey + "|after|" + key.apply(all.get(to - 1))).getBytes(StandardCharsets.UTF_8)) : null;
        return new Page<>(items, next);
    }

    static SfnApiException invalidToken(String token) {
        return new SfnApiException("InvalidToken", "Invalid Token: '" + (token.length() > 64 ? token.substring(0, 64) + "..." : token)
                + "'");
    }

    static JsonNode epoch(Instant t) {
        return F.numberNode(BigDecimal.valueOf(t.toEpochMilli()).movePointLeft(3));
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode tree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new SfnApiException("InvalidDefinition", "Invalid State Machine Definition: '" + e.getOriginalMessage() + "'");
        }
    }

    static ObjectNode defaultLogging() {
        ObjectNode o = F.objectNode();
        o.put("level", "OFF");
        o.put("includeExecutionData", false);
        return o;
    }

    static ObjectNode defaultTracing() {
        return F.objectNode().put("enabled", false);
    }
}
