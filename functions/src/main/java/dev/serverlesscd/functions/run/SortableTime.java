package dev.serverlesscd.functions.run;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Instants as fixed-width UTC text ({@code 2024-05-01T12:00:00.000000000Z}), so that sort keys order by time.
 * {@link Instant#toString()} drops zero fractions and would sort {@code 12:00:00.5Z} before {@code 12:00:00Z}.
 */
public final class SortableTime {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    private SortableTime() {
    }

    public static String format(Instant instant) {
        return FORMAT.format(instant);
    }
}
