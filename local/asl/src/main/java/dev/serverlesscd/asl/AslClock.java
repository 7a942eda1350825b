package dev.serverlesscd.asl;

import java.time.Instant;

/**
 * The executor's only source of time. Wait states and retry back-off sleep through {@link #sleepUntil};
 * task, heartbeat and execution timeouts compare {@link #now()} against their deadline while they wait
 * for the task, so a {@link ManualClock} makes them fire exactly when a test advances time.
 */
public interface AslClock {
    Instant now();

    /** Blocks until {@link #now()} is at or after {@code deadline}. */
    void sleepUntil(Instant deadline) throws InterruptedException;
}
