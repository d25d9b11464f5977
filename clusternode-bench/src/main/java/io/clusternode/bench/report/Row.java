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
 *                    without a target or a value
 * @param note        why a value is missing, or what limited it
 */
public record Row(String scenario, String metric, Double value, String unit, String seed, String target,
                  Double targetValue, Better better, Double ratio, String note) {

    /** Which direction is better. */
    public enum Better { HIGHER, LOWER, NONE }

    public static Row of(String scenario, String metric, double value, String unit, String seed, String target,
                         Double targetValue, Better better) {
        return new Row(scenario, metric, value, unit, seed, target, targetValue, better,
                ratio(value, targetValue, better), null);
    }

    /** A measured value without a seed figure or target. */
    public static Row info(String scenario, String metric, double value, String unit) {
        return new Row(scenario, metric, value, unit, "", "", null, Better.NONE, null, null);
    }

    /** A measurement that could not be made, e.g. a backend that is not reachable. */
    public static Row missing(String scenario, String metric, String note) {
        return new Row(scenario, metric, null, "", "", "", null, Better.NONE, null, note);
    }

    public Row withNote(String value) {
        return new Row(scenario, metric, this.value, unit, seed, target, targetValue, better, ratio, value);
    }

    /** Whether the target is met; true when there is none. */
    public boolean meetsTarget() {
        return ratio == null || ratio >= 1.0;
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
