package dev.serverlesscd.asl;

import java.time.Duration;
import java.time.Instant;

/**
 * Time that runs {@code factor} times faster than the wall clock, from the moment the clock is made: a 10 s
 * Wait takes 0.5 s at factor 20, while work done by tasks (a build, a rollout the cluster performs) still
 * takes its real time, which then counts {@code factor} times over. For local runs where Waits poll
 * something that moves in real time, unlike {@link AutoAdvanceClock}, which skips a Wait entirely.
 */
public final class ScaledClock implements AslClock {
    private final Instant origin;
    private final long originNanos;
    private final double factor;

    public ScaledClock(double factor) {
        if (!(factor >= 1.0)) {
            throw new IllegalArgumentException("factor must be at least 1, got " + factor);
        }
        this.origin = Instant.now();
        this.originNanos = System.nanoTime();
        this.factor = factor;
    }

    public double factor() {
        return factor;
    }

    @Override
    public Instant now() {
        long elapsed = System.nanoTime() - originNanos;
        return origin.plusNanos((long) (elapsed * factor));
    }

    @Override
    public void sleepUntil(Instant deadline) throws InterruptedException {
        while (true) {
            Duration left = Duration.between(now(), deadline);
            if (left.isZero() || left.isNegative()) {
                return;
            }
            long realMillis = (long) Math.ceil(left.toMillis() / factor);
            Thread.sleep(Math.max(1, Math.min(realMillis, 1000)));
        }
    }
}
