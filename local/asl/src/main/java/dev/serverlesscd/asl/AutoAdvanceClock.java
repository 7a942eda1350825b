package dev.serverlesscd.asl;

import java.time.Duration;
import java.time.Instant;

/**
 * Real time plus an offset that jumps: a thread that sleeps (a Wait state, a retry back-off) moves the clock to its
 * deadline and returns at once. Timeouts are not sleeps (the executor polls {@link #now()} while a task runs), so
 * a long-running local task is not timed out by the jump, unless another branch's sleep jumps past its deadline.
 */
public final class AutoAdvanceClock implements AslClock {
    private Duration offset = Duration.ZERO;

    @Override
    public synchronized Instant now() {
        return Instant.now().plus(offset);
    }

    @Override
    public void sleepUntil(Instant deadline) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        synchronized (this) {
            Instant now = now();
            if (deadline.isAfter(now)) {
                offset = offset.plus(Duration.between(now, deadline));
            }
        }
    }
}
