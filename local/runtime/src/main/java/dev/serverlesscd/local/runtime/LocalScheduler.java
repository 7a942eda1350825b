package dev.serverlesscd.local.runtime;

import dev.serverlesscd.functions.config.PipelineConfig;
import dev.serverlesscd.functions.config.RepositoryConfig;
import dev.serverlesscd.functions.config.Schedule;
import dev.serverlesscd.functions.webhook.RequestedRuns;
import dev.serverlesscd.functions.webhook.WebhookAnswer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What EventBridge Scheduler does on AWS, for {@code pipeline local serve}: every configured schedule's cron
 * expression is evaluated on {@code clock}, and each time one comes due its run is started through
 * {@link RequestedRuns#scheduled} (the same path as the AWS schedule's target, so exactly once per schedule and
 * fire time). Fire times before the scheduler started are not caught up; when the clock jumps past several fire
 * times of one schedule (a laptop asleep), only the latest fires. {@link #fireDue} is what the timer calls; a test
 * moves its clock and calls it.
 */
public final class LocalScheduler implements AutoCloseable {
    /** How often the timer looks: cron has minutes, so a fire starts within this of its time. */
    static final Duration TICK = Duration.ofSeconds(5);

    /** What starts a schedule's run: {@link RequestedRuns#scheduled} (a test may count the calls instead). */
    @FunctionalInterface
    public interface Start {
        WebhookAnswer scheduled(String repository, String schedule, Instant fireTime);
    }

    /** A schedule that came due, and what starting its run answered. */
    public record Fired(String repository, String schedule, Instant at, WebhookAnswer answer) {
    }

    private final Start runs;
    private final Clock clock;
    private final Consumer<String> console;
    private final Map<Key, Instant> checkedUpTo = new LinkedHashMap<>();
    private ScheduledExecutorService timer;

    private record Key(String repository, Schedule schedule) {
    }

    public LocalScheduler(PipelineConfig config, Start runs, Clock clock, Consumer<String> console) {
        this.runs = Objects.requireNonNull(runs, "runs");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.console = Objects.requireNonNull(console, "console");
        Instant now = clock.instant();
        for (RepositoryConfig repository : config.repositories().values()) {
            for (Schedule schedule : repository.triggers().schedules()) {
                checkedUpTo.put(new Key(repository.name(), schedule), now);
            }
        }
    }

    /** The number of schedules it evaluates. */
    public int schedules() {
        return checkedUpTo.size();
    }

    /** Starts the timer (a daemon thread); without schedules nothing is started. */
    public LocalScheduler start() {
        if (!checkedUpTo.isEmpty() && timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "local-scheduler");
                thread.setDaemon(true);
                return thread;
            });
            timer.scheduleWithFixedDelay(this::fireDueLogged, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /** Starts the run of every schedule whose latest fire time lies between the last look and now. */
    public synchronized List<Fired> fireDue() {
        Instant now = clock.instant();
        List<Fired> fired = new ArrayList<>();
        for (Map.Entry<Key, Instant> entry : checkedUpTo.entrySet()) {
            Key key = entry.getKey();
            Optional<Instant> due = latestFire(key.schedule(), entry.getValue(), now);
            entry.setValue(now);
            if (due.isPresent()) {
                WebhookAnswer answer = runs.scheduled(key.repository(), key.schedule().name(), due.get());
                console.accept("schedule " + key.schedule().name() + " of " + key.repository() + " at " + due.get()
                        + ": " + answer.status() + " " + answer.messageText());
                fired.add(new Fired(key.repository(), key.schedule().name(), due.get(), answer));
            }
        }
        return fired;
    }

    private static Optional<Instant> latestFire(Schedule schedule, Instant after, Instant upTo) {
        Optional<Instant> latest = Optional.empty();
        Optional<Instant> next = schedule.cron().next(after);
        while (next.isPresent() && !next.get().isAfter(upTo)) {
            latest = next;
            next = schedule.cron().next(next.get());
        }
        return latest;
    }

    private void fireDueLogged() {
        try {
            fireDue();
        } catch (RuntimeException failed) {
            console.accept("scheduler: " + failed);
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
