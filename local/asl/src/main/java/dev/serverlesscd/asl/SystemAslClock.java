package dev.serverlesscd.asl;

import java.time.Duration;
import java.time.Instant;

/** Wall-clock time; sleeps for real. */
public final class SystemAslClock implements AslClock {
    @Override
    public Instant now() {
        return Instant.now();
    }

    @Override
    public void sleepUntil(Instant deadline) throws InterruptedException {
        while (true) {
            long millis = Duration.between(Instant.now(), deadline).toMillis();
            if (millis <= 0) {
                return;
            }
            Thread.sleep(Math.min(millis, 1000));
        }
    }
}
