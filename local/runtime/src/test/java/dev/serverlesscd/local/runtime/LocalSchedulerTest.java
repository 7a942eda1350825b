package dev.serverlesscd.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.serverlesscd.functions.config.PipelineConfig;
import dev.serverlesscd.functions.config.PipelineConfigLoader;
import dev.serverlesscd.functions.webhook.WebhookAnswer;
import dev.serverlesscd.local.testing.MutableClock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** When {@code local serve}'s scheduler starts a schedule's run, on a clock the test moves. */
@Tag("unit")
class LocalSchedulerTest {
    private static final PipelineConfig CONFIG = PipelineConfigLoader.parse("""
            repositories:
              acme/orders-service:
                schedules:
                  - {name: nightly, cron: "0 2 * * *", ref: main}
                  - {name: hourly, cron: "@hourly", ref: main}
            """, "test");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-06T01:30:00Z"));
    private final List<String> started = new CopyOnWriteArrayList<>();
    private final LocalScheduler scheduler = new LocalScheduler(CONFIG, (repository, schedule, at) -> {
        started.add(schedule + "@" + at);
        return WebhookAnswer.message(202, "started");
    }, clock, line -> { });

    @Test
    void fireDue_startsEachScheduleOncePerFireTime_onlyOnceItIsDue() {
        // WHEN the scheduler looks before anything is due, then just after 02:00, then again
        List<LocalScheduler.Fired> early = scheduler.fireDue();
        clock.set(Instant.parse("2026-12-06T02:00:04Z"));
        List<LocalScheduler.Fired> due = scheduler.fireDue();
        List<LocalScheduler.Fired> again = scheduler.fireDue();

        // THEN nothing, then nightly and hourly for 02:00, then nothing more
        assertThat(early).isEmpty();
        assertThat(due).extracting(LocalScheduler.Fired::schedule).containsExactlyInAnyOrder("nightly", "hourly");
        assertThat(again).isEmpty();
        assertThat(started).containsExactlyInAnyOrder("nightly@2026-12-06T02:00:00Z", "hourly@2026-12-06T02:00:00Z");
    }

    @Test
    void fireDue_afterTheClockJumpedPastSeveralFireTimes_startsOnlyTheLatestOfEach() {
        // GIVEN the machine slept from 01:30 to 03:10 two days later
        clock.set(Instant.parse("2026-12-08T03:10:00Z"));

        // WHEN the scheduler looks
        scheduler.fireDue();

        // THEN each schedule's latest fire time only: no storm of missed runs
        assertThat(started).containsExactlyInAnyOrder("nightly@2026-12-08T02:00:00Z", "hourly@2026-12-08T03:00:00Z");
    }
}
