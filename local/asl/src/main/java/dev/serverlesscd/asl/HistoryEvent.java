package dev.serverlesscd.asl;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

/**
 * One event as GetExecutionHistory returns it: {@code type} such as {@code TaskStateEntered}, and {@code details}
 * holding the one details member AWS sets for that type, e.g. {@code {"stateEnteredEventDetails": {...}}}.
 * JSON payloads inside details are strings of serialized JSON, as in the API.
 */
public record HistoryEvent(long id, long previousEventId, Instant timestamp, String type, ObjectNode details) {
}
