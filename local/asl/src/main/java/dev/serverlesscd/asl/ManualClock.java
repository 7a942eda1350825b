package dev.serverlesscd.asl;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A clock for tests: time moves only through {@link #advance(Duration)} (or {@link #set(Instant)}), and a thread in
 * {@link #sleepUntil(Instant)} wakes as soon as its deadline has passed. {@link #awaitSleepers(int, Duration)} lets a
 * test wait (in real time) until the executor is asleep before it advances time.
 */
public final class ManualClock implements AslClock {
    private Instant now;
    private final List<Instant> sleepers = new ArrayList<>();

    public ManualClock(Instant start) {
        this.now = start;
    }

    public ManualClock() {
        this(Instant.parse("2024-01-01T00:00:00Z"));
    }

    @Override
    public synchronized Instant now() {
        return now;
    }

    @Override
    public void sleepUntil(Instant deadline) throws InterruptedException {
        synchronized (this) {
            sleepers.add(deadline);
            notifyAll();
            try {
                while (now.isBefore(deadline)) {
                    wait();
                }
            } finally {
                sleepers.remove(deadline);
                notifyAll();
            }
        }
    }

    public synchronized void advance(Duration duration) {
        now = now.plus(duration);
        notifyAll();
    }

    public synchronized void set(Instant instant) {
        now = instant;
        notifyAll();
    }

    /** Deadlines of the threads asleep right now, earliest first. */
    public synchronized List<Instant> sleepers() {
        List<Instant> copy = new ArrayList<>(sleepers);
        copy.sort(null);
        return copy;
    }

    /** The earliest deadline a thread is sleeping towards. */
    public synchronized Optional<Instant> nextDeadline() {
        return sleepers.stream().min(Instant::compareTo);
    }

    /**
     * Waits, in real time, until at least {@code count} threads are asleep on this clock.
     *
     * @throws IllegalStateException if that does not happen within {@code realTimeout}
     */
    public synchronized void awaitSleepers(int count, Duration realTimeout) {
        long end = System.nanoTime() + realTimeout.toNanos();
        try {
            while (sleepers.size() < count) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("expected " + count + " sleepers on the clock, found " + sleepers.size());
                }
                wait(Math.max(1, left / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Advances time to the earliest deadline still in the future among the sleepers, waiting (in real time) until some
     * thread sleeps towards a future deadline.
     */
    public synchronized Instant advanceToNextDeadline(Duration realTimeout) {
        long end = System.nanoTime() + realTimeout.toNanos();
        try {
            while (true) {
                Instant next = sleepers.stream().filter(d -> d.isAfter(now)).min(Instant::compareTo).orElse(null);
                if (next != null) {
                    set(next);
                    return now;
                }
                long left = end - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("no thread is sleeping on the clock towards a future deadline");
                }
                wait(Math.max(1, left / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
