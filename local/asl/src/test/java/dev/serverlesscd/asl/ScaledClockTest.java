package dev.serverlesscd.asl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class ScaledClockTest {

    @Test
    void sleepUntil_returnsOnceScaledTimeReachesTheDeadline() throws InterruptedException {
        // GIVEN a clock 1000 times faster than the wall clock
        ScaledClock clock = new ScaledClock(1000);
        Instant deadline = clock.now().plusSeconds(20);

        // WHEN
        clock.sleepUntil(deadline);

        // THEN it is past the deadline in scaled time
        assertThat(clock.now()).isAfterOrEqualTo(deadline);
    }

    @Test
    void now_neverGoesBackwards() {
        ScaledClock clock = new ScaledClock(50);
        Instant previous = clock.now();
        for (int i = 0; i < 1000; i++) {
            Instant next = clock.now();
            assertThat(next).isAfterOrEqualTo(previous);
            previous = next;
        }
    }

    @Test
    void constructor_refusesAFactorBelowOne() {
        assertThatThrownBy(() -> new ScaledClock(0.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
    }
}
