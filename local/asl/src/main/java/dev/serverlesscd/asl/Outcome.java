package dev.serverlesscd.asl;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/** How a state ends: its output, the variables it assigns, and the next state (null: the state's Next, or the end). */
record Outcome(JsonNode output, Map<String, JsonNode> assigned, String next) {
    Outcome(JsonNode output, Map<String, JsonNode> assigned) {
        this(output, assigned, null);
    }
}
