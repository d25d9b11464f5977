package io.clusternode.bench.report;

/**
 * One line of the bench table and of the JSON report.
 *
 * @param scenario    the scenario that measured it
 * @param metric      what was measured
 * @param value       the measured value; null when the measurement was not possible (see {@code note})
 * @param unit        unit of {@code value} and {@code targetValue}
 * @param seed        the seed report's figure for the same measurement, as the seed states it
 * @param target      the target, as text
 * @param targetValue the target as a number in {@code unit}; null when there is none
 * @param better      whether higher or lower values are better
 * @param ratio       how many times better than the target the value is (above 1 = target beaten); null
 *                    without a target or a value, or when it is unbounded (e.g. zero errors against a target of
 *                    zero)
 * @param met         whether the target is met; null without a target
 * @param note        why a value is missing, or what limited it
 */
public record Row(String scenario, String metric, Double value, String unit, String seed, String target,
                  Double targetValue, Better better, Double ratio, Boolean met, String note) {

    /** Which direction is better. */
    public enum Better { HIGHER, LOWER, NONE }

    public static Row of(String scenario, String metric, double value, String unit, String seed, String target,
                         Double targetValue, Better better) {
        Double ratio = ratio(value, targetValue, better);
        Boolean met = ratio == null ? null : ratio >= 1.0;
        return new Row(scenario, metric, value, unit, seed, target, targetValue, better,
                ratio == null || ratio.isInfinite() ? null : ratio, met, null);
    }

    /** A measured value without a seed figure or target. */
    public static Row info(String scenario, String metric, double value, String unit) {
        return new Row(scenario, metric, value, unit, "", "", null, Better.NONE, null, null, null);
    }

    /** A measurement that could not be made, e.g. a backend that is not reachable. */
    public static Row missing(String scenario, String metric, String note) {
        return new Row(scenario, metric, null, "", "", "", null, Better.NONE, null, null, note);
    }

    public Row withNote(String value) {
        return new Row(scenario, metric, this.value, unit, seed, target, targetValue, better, ratio, met, value);
    }

    /** Whether the target is met; true when there is none. */
    public boolean meetsTarget() {
        return met == null || met;
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
