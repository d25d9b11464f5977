package io.clusternode.bench.report;

import java.util.List;

/**
 * The verdicts of a run: how many rows have a target, how many met it, and the rows that missed it.
 *
 * @param targets rows with a target (none in quick mode, whose figures are not comparable)
 * @param met     rows whose target is met
 * @param missed  the rows whose target is missed, in table order
 * @param note    why there are no verdicts (quick mode); null otherwise
 */
public record Summary(int targets, int met, List<Missed> missed, String note) {

    /**
     * One missed target.
     *
     * @param id       the row's stable id
     * @param scenario the scenario
     * @param metric   what was measured
     * @param value    the measured value
     * @param unit     its unit
     * @param target   the target it missed, as text
     */
    public record Missed(String id, String scenario, String metric, Double value, String unit, String target) {
    }

    /** The verdicts of these rows. */
    public static Summary of(List<Row> rows) {
        int targets = (int) rows.stream().filter(row -> row.met() != null).count();
        List<Missed> missed = rows.stream().filter(row -> !row.meetsTarget())
                .map(row -> new Missed(row.id(), row.scenario(), row.metric(), row.value(), row.unit(), row.target()))
                .toList();
        return new Summary(targets, targets - missed.size(), missed, null);
    }

    /** No verdicts, with the reason. */
    public static Summary none(String note) {
        return new Summary(0, 0, List.of(), note);
    }
}
