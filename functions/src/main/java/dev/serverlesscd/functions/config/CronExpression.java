package dev.serverlesscd.functions.config;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A schedule's cron expression, in UTC: five fields as crontab writes them, {@code minute hour day-of-month month
 * day-of-week} (minute 0-59, hour 0-23, day 1-31, month 1-12 or JAN-DEC, day of week 0-7 or SUN-SAT, 0 and 7 both
 * Sunday), each {@code *}, a value, a range {@code a-b}, a step {@code * /n} or {@code a-b/n}, or a list of those;
 * or one of {@code @hourly}, {@code @daily} ({@code @midnight}), {@code @weekly}, {@code @monthly}.
 *
 * <p>Day of month and day of week cannot both be restricted: crontab would fire on either, EventBridge Scheduler
 * (which fires them on AWS, {@link #schedulerExpression}) refuses the pair, so the file is refused here. An
 * expression that never fires (February 30th) is refused too.
 */
public final class CronExpression {
    private static final Map<String, String> MACROS = Map.of(
            "@hourly", "0 * * * *",
            "@daily", "0 0 * * *",
            "@midnight", "0 0 * * *",
            "@weekly", "0 0 * * 0",
            "@monthly", "0 0 1 * *");
    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP",
            "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
    /** How far {@link #next} looks: a valid expression fires at least once in 4 years plus a leap day's cycle. */
    private static final int SEARCH_YEARS = 9;

    private final String text;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    private final boolean dayOfMonthRestricted;
    private final boolean dayOfWeekRestricted;

    private CronExpression(String text, BitSet minutes, BitSet hours, BitSet daysOfMonth, BitSet months,
                           BitSet daysOfWeek, boolean dayOfMonthRestricted, boolean dayOfWeekRestricted) {
        this.text = text;
        this.minutes = minutes;
        this.hours = hours;
        this.daysOfMonth = daysOfMonth;
        this.months = months;
        this.daysOfWeek = daysOfWeek;
        this.dayOfMonthRestricted = dayOfMonthRestricted;
        this.dayOfWeekRestricted = dayOfWeekRestricted;
    }

    /**
     * @throws IllegalArgumentException naming the field and what is wrong with it
     */
    public static CronExpression parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a cron expression is required, e.g. \"0 2 * * *\" (02:00 UTC daily)");
        }
        String trimmed = text.trim();
        String expanded = trimmed.startsWith("@")
                ? Optional.ofNullable(MACROS.get(trimmed.toLowerCase(Locale.ROOT))).orElseThrow(() ->
                new IllegalArgumentException("unknown macro '" + trimmed + "'; known: @hourly, @daily, @midnight, "
                        + "@weekly, @monthly"))
                : trimmed;
        String[] fields = expanded.split("\\s+");
        if (fields.length != 5) {
            throw new IllegalArgumentException("'" + trimmed + "' has " + fields.length + " fields; a cron expression "
                    + "has 5: minute hour day-of-month month day-of-week");
        }
        BitSet minutes = field(fields[0], "minute", 0, 59, List.of(), 0);
        BitSet hours = field(fields[1], "hour", 0, 23, List.of(), 0);
        BitSet days = field(fields[2], "day-of-month", 1, 31, List.of(), 1);
        BitSet months = field(fields[3], "month", 1, 12, MONTHS, 1);
        BitSet weekdays = field(fields[4], "day-of-week", 0, 7, DAYS, 0);
        if (weekdays.get(7)) {
            weekdays.set(0);
            weekdays.clear(7);
        }
        boolean domRestricted = !fields[2].equals("*");
        boolean dowRestricted = !fields[4].equals("*");
        if (domRestricted && dowRestricted) {
            throw new IllegalArgumentException("'" + trimmed + "' restricts both day-of-month and day-of-week; "
                    + "restrict one and leave the other *, as EventBridge Scheduler requires");
        }
        CronExpression cron = new CronExpression(trimmed, minutes, hours, days, months, weekdays, domRestricted,
                dowRestricted);
        if (cron.next(Instant.parse("2000-01-01T00:00:00Z")).isEmpty()) {
            throw new IllegalArgumentException("'" + trimmed + "' never fires (no such day in those months)");
        }
        return cron;
    }

    /** The first fire time strictly after {@code after}, at a whole minute (UTC); empty if it never fires. */
    public Optional<Instant> next(Instant after) {
        ZonedDateTime t = after.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        ZonedDateTime end = t.plusYears(SEARCH_YEARS);
        while (t.isBefore(end)) {
            if (!months.get(t.getMonthValue())) {
                t = t.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).plusMonths(1);
            } else if (!daysOfMonth.get(t.getDayOfMonth()) || !daysOfWeek.get(sundayZero(t.getDayOfWeek()))) {
                t = t.truncatedTo(ChronoUnit.DAYS).plusDays(1);
            } else if (!hours.get(t.getHour())) {
                t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
            } else if (!minutes.get(t.getMinute())) {
                t = t.plusMinutes(1);
            } else {
                return Optional.of(t.toInstant());
            }
        }
        return Optional.empty();
    }

    /**
     * The same schedule as EventBridge Scheduler writes it (six fields, day names, {@code ?} for the day field left
     * open; evaluated in UTC): {@code 0 2 * * 1-5} is {@code cron(0 2 ? * MON-FRI *)}.
     */
    public String schedulerExpression() {
        String dom = dayOfWeekRestricted ? "?" : dayOfMonthRestricted ? values(daysOfMonth, 1, 31, null) : "*";
        String dow = dayOfWeekRestricted ? values(daysOfWeek, 0, 6, DAYS) : "?";
        return "cron(" + values(minutes, 0, 59, null) + " " + values(hours, 0, 23, null) + " " + dom + " "
                + values(months, 1, 12, MONTHS) + " " + dow + " *)";
    }

    /** The expression as written in the configuration. */
    public String text() {
        return text;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CronExpression cron && cron.schedulerExpression().equals(schedulerExpression());
    }

    @Override
    public int hashCode() {
        return schedulerExpression().hashCode();
    }

    @Override
    public String toString() {
        return text;
    }

    private static int sundayZero(DayOfWeek day) {
        return day.getValue() % 7;
    }

    /** {@code *} when every value is set, else ranges and single values, named where {@code names} are given. */
    private static String values(BitSet set, int min, int max, List<String> names) {
        if (set.nextClearBit(min) > max) {
            return "*";
        }
        StringBuilder out = new StringBuilder();
        for (int v = set.nextSetBit(min); v >= 0 && v <= max; v = set.nextSetBit(v + 1)) {
            int end = v;
            while (end + 1 <= max && set.get(end + 1)) {
                end++;
            }
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(name(v, min, names));
            if (end > v) {
                out.append('-').append(name(end, min, names));
            }
            v = end;
        }
        return out.toString();
    }

    private static String name(int value, int min, List<String> names) {
        return names == null ? Integer.toString(value) : names.get(value - min);
    }

    private static BitSet field(String text, String field, int min, int max, List<String> names, int firstName) {
        BitSet set = new BitSet(max + 1);
        for (String part : text.split(",", -1)) {
            String range = part;
            int step = 1;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                range = part.substring(0, slash);
                step = number(part.substring(slash + 1), field, part, 1, max - min + 1, List.of(), 0);
            }
            int from;
            int to;
            if (range.equals("*")) {
                from = min;
                to = max == 7 ? 6 : max;
            } else if (range.indexOf('-') > 0) {
                String[] ends = range.split("-", 2);
                from = number(ends[0], field, part, min, max, names, firstName);
                to = number(ends[1], field, part, min, max, names, firstName);
                if (to < from) {
                    throw new IllegalArgumentException(field + " '" + part + "': the range runs backwards");
                }
            } else {
                from = number(range, field, part, min, max, names, firstName);
                to = slash >= 0 ? (max == 7 ? 6 : max) : from;
            }
            for (int v = from; v <= to; v += step) {
                set.set(v);
            }
        }
        return set;
    }

    private static int number(String text, String field, String part, int min, int max, List<String> names,
                              int firstName) {
        int named = names.indexOf(text.toUpperCase(Locale.ROOT));
        if (named >= 0) {
            return named + firstName;
        }
        try {
            int value = Integer.parseInt(text);
            if (value < min || value > max) {
                throw new IllegalArgumentException(field + " '" + part + "': " + value + " is outside " + min + "-" + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + " '" + part + "': '" + text + "' is not a number"
                    + (names.isEmpty() ? "" : " or a name (" + String.join(", ", names) + ")"));
        }
    }
}
