package dev.serverlesscd.functions.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The half-open time window {@code [from, to)} metrics are computed over, split into weeks from {@code from}. */
public record Window(Instant from, Instant to) {
    private static final Pattern SINCE = Pattern.compile("([1-9][0-9]{0,3})([dwh])");
    /** The longest window: a year and a bit, so a page never reads the whole history. */
    static final Duration MAX = Duration.ofDays(400);

    public Window {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("window must start before it ends: " + from + " .. " + to);
        }
    }

    /**
     * The window ending at {@code now} that {@code since} names: {@code 30d}, {@code 12w} or {@code 48h}.
     *
     * @throws IllegalArgumentException with the accepted forms, for anything else or a window over 400 days
     */
    public static Window since(String since, Instant now) {
        Matcher m = SINCE.matcher(since == null ? "" : since.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("since must be a number and a unit: 30d, 12w or 48h (was '" + since + "')");
        }
        long n = Long.parseLong(m.group(1));
        Duration length = switch (m.group(2)) {
            case "d" -> Duration.ofDays(n);
            case "w" -> Duration.ofDays(7 * n);
            default -> Duration.ofHours(n);
        };
        if (length.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("since may be at most 400 days (was '" + since + "')");
        }
        return new Window(now.minus(length), now);
    }

    public boolean contains(Instant at) {
        return at != null && !at.isBefore(from) && at.isBefore(to);
    }

    public Duration length() {
        return Duration.between(from, to);
    }

    /** The weeks from {@code from}; the last one may be shorter (it ends at {@code to}). */
    public List<Window> weeks() {
        List<Window> weeks = new ArrayList<>();
        for (Instant start = from; start.isBefore(to); start = start.plus(Duration.ofDays(7))) {
            Instant end = start.plus(Duration.ofDays(7));
            weeks.add(new Window(start, end.isAfter(to) ? to : end));
        }
        return weeks;
    }
}
