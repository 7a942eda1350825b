package dev.serverlesscd.asl;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One event as GetExecutionHistory returns it: {@code type} such as {@code TaskStateEntered}, and {@code details}
 * holding the one details member AWS sets for that type, e.g. {@code {"stateEnteredEventDetails": {...}}}.
 * JSON payloads inside details are strings of serialized JSON, as in the API.
 *
 * <p>The executor records the payloads themselves and writes the details the first time they are asked for: the
 * full history is always there, and an execution nobody reads the history of does not pay for serializing it.
 */
public final class HistoryEvent {
    private final long id;
    private final long previousEventId;
    private final Instant timestamp;
    private final String type;
    private Supplier<ObjectNode> pending;
    private volatile ObjectNode details;

    public HistoryEvent(long id, long previousEventId, Instant timestamp, String type, ObjectNode details) {
        this.id = id;
        this.previousEventId = previousEventId;
        this.timestamp = timestamp;
        this.type = type;
        this.details = details;
    }

    /** An event whose details are built from its (immutable) payloads when first read. */
    HistoryEvent(long id, long previousEventId, Instant timestamp, String type, Supplier<ObjectNode> details) {
        this.id = id;
        this.previousEventId = previousEventId;
        this.timestamp = timestamp;
        this.type = type;
        this.pending = details;
    }

    public long id() {
        return id;
    }

    public long previousEventId() {
        return previousEventId;
    }

    public Instant timestamp() {
        return timestamp;
    }

    public String type() {
        return type;
    }

    public ObjectNode details() {
        ObjectNode d = details;
        if (d == null) {
            synchronized (this) {
                if (details == null) {
                    details = pending.get();
                    pending = null;
                }
                d = details;
            }
        }
        return d;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HistoryEvent e && id == e.id && previousEventId == e.previousEventId
                && Objects.equals(timestamp, e.timestamp) && Objects.equals(type, e.type)
                && Objects.equals(details(), e.details());
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, previousEventId, timestamp, type);
    }

    @Override
    public String toString() {
        return "HistoryEvent[id=" + id + ", previousEventId=" + previousEventId + ", timestamp=" + timestamp + ", type="
                + type + ", details=" + details() + "]";
    }
}
