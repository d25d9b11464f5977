package io.clusternode.js;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Luxon subset behind $now, $today and DateTime, in a fixed zone with summer time. */
class DateTimeTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private final JsSandbox js = JsSandbox.create(JsSandbox.Limits.defaults().withZone(BERLIN));

    private Object eval(String expression) {
        return js.evaluate(expression, Map.of());
    }

    @Test
    void formatsAsLuxonDoes() {
        String at = "DateTime.fromISO('2024-03-05T14:07:09.012Z')";
        assertThat(eval(at + ".toISO()")).isEqualTo("2024-03-05T15:07:09.012+01:00");
        assertThat(eval(at + ".toString()")).isEqualTo("2024-03-05T15:07:09.012+01:00");
        assertThat(eval("String(" + at + ")")).isEqualTo("2024-03-05T15:07:09.012+01:00");
        assertThat(eval(at + ".toISODate()")).isEqualTo("2024-03-05");
        assertThat(eval(at + ".toFormat('yyyy-LL-dd HH:mm:ss')")).isEqualTo("2024-03-05 15:07:09");
        assertThat(eval(at + ".toFormat('dd/MM/yy h:mm a')")).isEqualTo("05/03/24 3:07 PM");
        assertThat(eval(at + ".toFormat('d. LLLL yyyy')")).isEqualTo("5. March 2024");
        assertThat(eval(at + ".toFormat('EEE, MMM d')")).isEqualTo("Tue, Mar 5");
        assertThat(eval(at + ".toFormat('cccc')")).isEqualTo("Tuesday");
        assertThat(eval(at + ".toFormat(\"yyyy'T'HH 'at' ZZ Z ZZZ\")")).isEqualTo("2024T15 at +01:00 +1 +0100");
        assertThat(eval(at + ".toFormat('S SSS o ooo q X x')")).isEqualTo("12 012 65 065 1 1709647629 1709647629012");
        assertThat(eval("DateTime.fromISO('2024-07-01T10:00:00Z').toISO()")).isEqualTo("2024-07-01T12:00:00.000+02:00");
    }

    @Test
    void readsFieldsAndComputes() {
        String at = "DateTime.fromISO('2024-01-31T10:30:00Z')";
        assertThat(eval("[" + at + ".year, " + at + ".month, " + at + ".day, " + at + ".hour, " + at + ".minute, "
                + at + ".weekday, " + at + ".monthLong, " + at + ".weekdayShort]"))
                .isEqualTo(List.of(2024L, 1L, 31L, 11L, 30L, 3L, "January", "Wed"));
        assertThat(eval(at + ".plus({months: 1}).toISODate()")).isEqualTo("2024-02-29");
        assertThat(eval(at + ".plus({days: 1, hours: 2}).toISO()")).isEqualTo("2024-02-01T13:30:00.000+01:00");
        assertThat(eval(at + ".minus({years: 1, weeks: 1}).toISODate()")).isEqualTo("2023-01-24");
        assertThat(eval(at + ".startOf('month').toISO()")).isEqualTo("2024-01-01T00:00:00.000+01:00");
        assertThat(eval(at + ".startOf('week').toISODate()")).isEqualTo("2024-01-29");
        assertThat(eval(at + ".endOf('day').toISO()")).isEqualTo("2024-01-31T23:59:59.999+01:00");
        // Crossing into summer time keeps the wall-clock hour for calendar units.
        assertThat(eval("DateTime.fromISO('2024-03-30T12:00:00+01:00').plus({days: 1}).toISO()"))
                .isEqualTo("2024-03-31T12:00:00.000+02:00");
        assertThat(eval(at + " < " + at + ".plus({minutes: 1})")).isEqualTo(true);
        assertThat(eval(at + ".equals(DateTime.fromMillis(" + at + ".toMillis()))")).isEqualTo(true);
        assertThat(eval("DateTime.fromISO('not a date').isValid")).isEqualTo(false);
        assertThat(eval("DateTime.fromISO('not a date').toISO()")).isNull();
    }

    @Test
    void nowAndTodayAreTheCurrentTimeInTheSandboxZone() {
        long before = System.currentTimeMillis();
        long now = (Long) eval("$now.toMillis()");
        long after = System.currentTimeMillis();
        assertThat(now).isBetween(before, after);
        String today = LocalDate.now(BERLIN).atStartOfDay(BERLIN).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        Object value = eval("$today.toISO()");
        // Around midnight the two clocks may straddle a day; accept either side.
        String yesterday = LocalDate.now(BERLIN).minusDays(1).atStartOfDay(BERLIN).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        assertThat(List.of(today.replace("+01:00", ".000+01:00").replace("+02:00", ".000+02:00"),
                yesterday.replace("+01:00", ".000+01:00").replace("+02:00", ".000+02:00"))).contains((String) value);
        // A DateTime result travels as its ISO text, as n8n writes it into items.
        String iso = (String) eval("$now");
        assertThat(ZonedDateTime.parse(iso).toInstant()).isBetween(Instant.ofEpochMilli(before), Instant.now());
    }

    @Test
    void aBindingNamedLikeAHelperWins() {
        assertThat(js.evaluate("$now", Map.of("$now", "bound"))).isEqualTo("bound");
    }
}
