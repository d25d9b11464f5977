package io.clusternode.bench.report;

import java.util.Locale;

/**
 * One line of the bench table and of the JSON report.
 *
 * @param id          stable identifier of the measurement, {@code scenario.what.unit} (e.g.
 *                    {@code agent.tool.single_thread.runs_per_s}): the same for every run with the same
 *                    options, so results can be compared run to run by machine
 * @param scenario    the scenario that measured it
 * @param metric      what was measured, in words
 * @param value       the measured value; null when the measurement was not possible (see {@code note})
 * @param unit        unit of {@code value} and {@code targetValue}
 * @param reference   hetumind's published figure for the same measurement, as its report states it
 * @param target      the target, as text
 * @param targetValue the target as a number in {@code unit}; null when there is none
 * @param better      whether higher or lower values are better
 * @param ratio       how many times better than the target the value is (above 1 = target beaten); null
 *                    without a target or a value, or when it is unbounded (e.g. zero errors against a target of
 *                    zero)
 * @param met         whether the target is met; null without a target, and in quick mode (no verdicts)
 * @param note        why a value is missing, or what limited it
 */
public record Row(String id, String scenario, String metric, Double value, String unit, String reference,
                  String target, Double targetValue, Better better, Double ratio, Boolean met, String note) {

    /** Which direction is better. */
    public enum Better { HIGHER, LOWER, NONE }

    /** A measured value with hetumind's published figure and a target; the id derives from the metric. */
    public static Row of(String scenario, String metric, double value, String unit, String reference, String target,
                         Double targetValue, Better better) {
        Double ratio = ratio(value, targetValue, better);
        Boolean met = ratio == null ? null : ratio >= 1.0;
        return new Row(id(scenario, slug(metric)), scenario, metric, value, unit, reference, target, targetValue,
                better, ratio == null || ratio.isInfinite() ? null : ratio, met, null);
    }

    /** A measured value without a published figure or target. */
    public static Row info(String scenario, String metric, double value, String unit) {
        return new Row(id(scenario, slug(metric)), scenario, metric, value, unit, "", "", null, Better.NONE, null,
                null, null);
    }

    /** A measurement that could not be made, e.g. a backend that is not reachable. */
    public static Row missing(String scenario, String metric, String note) {
        return new Row(id(scenario, slug(metric)), scenario, metric, null, "", "", "", null, Better.NONE, null,
                null, note);
    }

    /**
     * This row under the stable id {@code scenario.key}.
     *
     * @param key dot-separated lower-case words, e.g. {@code tool.single_thread.runs_per_s}
     */
    public Row withId(String key) {
        return new Row(id(scenario, key), scenario, metric, value, unit, reference, target, targetValue, better, ratio,
                met, note);
    }

    public Row withNote(String value) {
        return new Row(id, scenario, metric, this.value, unit, reference, target, targetValue, better, ratio, met,
                value);
    }

    /** This row without its verdict: quick-mode figures are not comparable with targets. */
    public Row withoutVerdict() {
        return new Row(id, scenario, metric, value, unit, reference, target, targetValue, better, null, null, note);
    }

    /** Whether the target is met; true when there is none. */
    public boolean meetsTarget() {
        return met == null || met;
    }

    private static String id(String scenario, String key) {
        return scenario.replace('-', '_') + "." + key;
    }

    /**
     * Words as an id part: lower case, runs of other characters as one underscore ("1 thread" gives
     * {@code 1_thread}). Also the fallback key of a row that names none.
     */
    public static String slug(String metric) {
        String slug = metric.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
        return slug.isEmpty() ? "value" : slug;
    }

    private static Double ratio(double value, Double target, Better better) {
        if (target == null || better == Better.NONE) {
            return null;
        }
        if (better == Better.HIGHER) {
            return value / target;
        }
        return value <= 0 ? Double.POSITIVE_INFINITY : target / value;
    }
}
