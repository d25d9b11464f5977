package io.clusternode.openai;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Reads an HTTP {@code Retry-After} header: delta-seconds (fractions tolerated) or an HTTP date. */
final class RetryAfter {

    private RetryAfter() {
    }

    /** The wait the header asks for in nanoseconds; -1 when absent or unreadable, 0 for a date in the past. */
    static long nanos(String value) {
        if (value == null || value.isBlank()) {
            return -1;
        }
        String text = value.strip();
        try {
            double seconds = Double.parseDouble(text);
            return seconds < 0 || Double.isNaN(seconds) ? -1 : (long) Math.min(seconds * 1e9, Long.MAX_VALUE);
        } catch (NumberFormatException e) {
            try {
                Duration until = Duration.between(ZonedDateTime.now(),
                        ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME));
                return Math.max(0, until.toNanos());
            } catch (DateTimeParseException | ArithmeticException ignored) {
                return -1;
            }
        }
    }
}
