package dev.serverlesscd.functions.github;

import dev.serverlesscd.functions.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A clock that stands still until something sleeps on it: the sleep is recorded and moves the clock, nobody waits. */
final class FakeTime extends MutableClock implements Sleeper {
    private final List<Duration> sleeps = new ArrayList<>();

    FakeTime(Instant start) {
        super(start);
    }

    @Override
    public synchronized void sleep(Duration duration) {
        sleeps.add(duration);
        advance(duration);
    }

    synchronized List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }
}
