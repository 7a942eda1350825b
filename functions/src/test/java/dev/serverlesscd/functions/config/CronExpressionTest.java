package dev.serverlesscd.functions.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class CronExpressionTest {

    private static Instant at(String text) {
        return Instant.parse(text);
    }

    @Test
    void next_shouldBeTheNextMatchingMinute_strictlyAfterTheGivenInstant() {
        CronExpression nightly = CronExpression.parse("0 2 * * *");

        assertThat(nightly.next(at("2026-12-06T01:59:59Z"))).contains(at("2026-12-06T02:00:00Z"));
        assertThat(nightly.next(at("2026-12-06T02:00:00Z"))).contains(at("2026-12-07T02:00:00Z"));
        assertThat(nightly.next(at("2026-12-31T03:00:00Z"))).contains(at("2027-01-01T02:00:00Z"));
    }

    @Test
    void next_shouldHonourDaysOfTheWeek_stepsListsAndRanges() {
        // 2026-12-06 is a Sunday
        assertThat(CronExpression.parse("30 6 * * MON-FRI").next(at("2026-12-05T12:00:00Z")))
                .contains(at("2026-12-07T06:30:00Z"));
        assertThat(CronExpression.parse("@weekly").next(at("2026-12-01T00:00:00Z")))
                .contains(at("2026-12-06T00:00:00Z"));
        assertThat(CronExpression.parse("0 0 * * 7").next(at("2026-12-01T00:00:00Z")))
                .as("7 is Sunday as 0 is").contains(at("2026-12-06T00:00:00Z"));
        assertThat(CronExpression.parse("*/20 9-10 * * *").next(at("2026-12-06T09:41:00Z")))
                .contains(at("2026-12-06T10:00:00Z"));
        assertThat(CronExpression.parse("5,35 * * * *").next(at("2026-12-06T09:06:00Z")))
                .contains(at("2026-12-06T09:35:00Z"));
        assertThat(CronExpression.parse("0 12 29 FEB *").next(at("2026-12-06T00:00:00Z")))
                .as("the next leap day").contains(at("2028-02-29T12:00:00Z"));
    }

    @Test
    void schedulerExpression_shouldBeEventBridgeSchedulersSixFields_withDayNamesAndOneQuestionMark() {
        assertThat(CronExpression.parse("0 2 * * *").schedulerExpression()).isEqualTo("cron(0 2 * * ? *)");
        assertThat(CronExpression.parse("0 2 * * 1-5").schedulerExpression()).isEqualTo("cron(0 2 ? * MON-FRI *)");
        assertThat(CronExpression.parse("@weekly").schedulerExpression()).isEqualTo("cron(0 0 ? * SUN *)");
        assertThat(CronExpression.parse("*/15 0 1,15 JAN-MAR *").schedulerExpression())
                .isEqualTo("cron(0,15,30,45 0 1,15 JAN-MAR ? *)");
    }

    @Test
    void parse_shouldRefuse_namingTheFieldAndTheProblem() {
        assertThatThrownBy(() -> CronExpression.parse("0 2 * *"))
                .hasMessageContaining("has 4 fields; a cron expression has 5");
        assertThatThrownBy(() -> CronExpression.parse("60 2 * * *"))
                .hasMessage("minute '60': 60 is outside 0-59");
        assertThatThrownBy(() -> CronExpression.parse("0 2 * * FUN"))
                .hasMessageContaining("day-of-week 'FUN': 'FUN' is not a number or a name (SUN, MON");
        assertThatThrownBy(() -> CronExpression.parse("0 5-2 * * *"))
                .hasMessage("hour '5-2': the range runs backwards");
        assertThatThrownBy(() -> CronExpression.parse("0 2 1 * MON"))
                .hasMessageContaining("restricts both day-of-month and day-of-week");
        assertThatThrownBy(() -> CronExpression.parse("0 0 30 FEB *"))
                .hasMessageContaining("never fires");
        assertThatThrownBy(() -> CronExpression.parse("@nightly"))
                .hasMessageContaining("unknown macro '@nightly'");
        assertThatThrownBy(() -> CronExpression.parse("*/0 * * * *"))
                .hasMessage("minute '*/0': 0 is outside 1-60");
    }
}
