package dev.serverlesscd.asl;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class ClocksTest {

    @Test
    void manual_clock_wakes_a_sleeper_only_when_time_reaches_its_deadline() throws Exception {
        // GIVEN a thread sleeping 10 s on a manual clock
        ManualClock clock = new ManualClock(Instant.parse("2024-01-01T00:00:00Z"));
        CountDownLatch woke = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            try {
                clock.sleepUntil(clock.now().plusSeconds(10));
                woke.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.start();
        clock.awaitSleepers(1, Duration.ofSeconds(5));

        // WHEN 9 s pass it still sleeps; at 10 s it wakes
        clock.advance(Duration.ofSeconds(9));
        assertThat(woke.await(50, TimeUnit.MILLISECONDS)).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(woke.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(clock.sleepers()).isEmpty();
    }

    @Test
    void auto_advance_clock_jumps_to_the_deadline_without_sleeping() throws Exception {
        AutoAdvanceClock clock = new AutoAdvanceClock();
        Instant before = clock.now();
        long real = System.nanoTime();
        clock.sleepUntil(before.plus(Duration.ofHours(2)));
        assertThat(Duration.ofNanos(System.nanoTime() - real)).isLessThan(Duration.ofSeconds(1));
        assertThat(clock.now()).isAfterOrEqualTo(before.plus(Duration.ofHours(2)));
    }

    @Test
    void system_clock_returns_at_once_for_a_past_deadline() throws Exception {
        SystemAslClock clock = new SystemAslClock();
        clock.sleepUntil(clock.now().minusSeconds(1));
        assertThat(clock.now()).isCloseTo(Instant.now(), org.assertj.core.api.Assertions.within(1, java.time.temporal.ChronoUnit.SECONDS));
    }
}
