package dev.serverlesscd.asl;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** Timestamps as Step Functions writes and reads them. */
final class AslTime {
    private AslTime() {
    }

    /** RFC 3339 (ISO-8601 with an offset or Z), or null if it is not one. */
    static Instant parseTimestamp(String text) {
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static final java.util.regex.Pattern WAIT_TIMESTAMP =
            java.util.regex.Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z");

    /**
     * A Wait state's timestamp as AWS takes it ("Wait workflow state": an uppercase T between date and time, an
     * uppercase Z, seconds required, fractional seconds allowed; a date or time that does not exist is refused), or
     * null.
     */
    static Instant parseWaitTimestamp(String text) {
        if (text == null || !WAIT_TIMESTAMP.matcher(text).matches()) {
            return null;
        }
        return parseTimestamp(text);
    }

    /** As the context object shows times: {@code 2019-03-26T20:14:13.192Z}. */
    static String format(Instant instant) {
        Instant millis = instant.truncatedTo(ChronoUnit.MILLIS);
        String s = DateTimeFormatter.ISO_INSTANT.format(millis);
        if (millis.getNano() == 0) {
            s = s.substring(0, s.length() - 1) + ".000Z";
        }
        return s;
    }
}
