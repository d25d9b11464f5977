package io.clusternode.bench.report;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Prints the rows as an aligned plain-text table (ASCII only, so it survives any terminal and log file). */
public final class TablePrinter {

    private static final String[] HEADERS = {"scenario", "metric", "measured", "hetumind's published figure", "target",
        "vs target"};

    private TablePrinter() {
    }

    /** What quick mode prints instead of the verdicts. */
    public static final String QUICK_NOTE = "Quick mode: tiny sizes check that every scenario works; the figures are"
            + " not comparable with the targets or hetumind's published figures, so no target is judged.";

    /**
     * Prints the table, then the verdicts: how many targets were met and which were missed, one per line.
     *
     * @param quick whether the run used quick-mode sizes: the verdicts are left out and {@link #QUICK_NOTE}
     *              printed instead
     */
    public static void print(List<Row> rows, boolean quick, PrintWriter out) {
        List<String[]> cells = new ArrayList<>();
        cells.add(HEADERS);
        for (Row row : rows) {
            row = quick ? row.withoutVerdict() : row;
            cells.add(new String[] {row.scenario(), row.metric(), measured(row), row.reference(), row.target(),
                ratio(row)});
        }
        int[] widths = new int[HEADERS.length];
        for (String[] line : cells) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        for (int r = 0; r < cells.size(); r++) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                String cell = cells.get(r)[i];
                boolean right = i == 2 || i == 5;
                sb.append(right ? " ".repeat(widths[i] - cell.length()) + cell
                        : cell + " ".repeat(widths[i] - cell.length()));
                if (i < widths.length - 1) {
                    sb.append(" | ");
                }
            }
            out.println(sb.toString().stripTrailing());
            if (r == 0) {
                StringBuilder rule = new StringBuilder();
                for (int i = 0; i < widths.length; i++) {
                    rule.append("-".repeat(widths[i])).append(i < widths.length - 1 ? "-+-" : "");
                }
                out.println(rule);
            }
        }
        out.println();
        if (quick) {
            out.println(QUICK_NOTE);
            return;
        }
        Summary summary = Summary.of(rows);
        out.println(summary.met() + " of " + summary.targets() + " targets met" + (summary.missed().isEmpty() ? "."
                : "; missed:"));
        for (Summary.Missed missed : summary.missed()) {
            out.println("  " + missed.scenario() + " / " + missed.metric());
        }
    }

    /** Longest note shown in the table; the JSON report keeps the whole text. */
    private static final int NOTE_WIDTH = 60;

    /** The value with its unit, or the note (shortened to fit the column) when there is no value. */
    public static String measured(Row row) {
        if (row.value() == null) {
            String note = row.note() == null ? "n/a" : row.note();
            return note.length() <= NOTE_WIDTH ? note : note.substring(0, NOTE_WIDTH - 3) + "...";
        }
        return format(row.value(), row.unit());
    }

    public static String format(double value, String unit) {
        String number;
        double abs = Math.abs(value);
        if (unit.endsWith("/s") || unit.equals("B") || unit.equals("requests") || unit.equals("count")) {
            number = String.format(Locale.ROOT, "%,.0f", value);
        } else if (abs == 0) {
            number = "0";
        } else if (abs < 0.01) {
            number = String.format(Locale.ROOT, "%.4f", value);
        } else if (abs < 10) {
            number = String.format(Locale.ROOT, "%.3f", value);
        } else {
            number = String.format(Locale.ROOT, "%,.1f", value);
        }
        return unit.isEmpty() ? number : number + " " + unit;
    }

    private static String ratio(Row row) {
        if (row.met() == null) {
            return "";
        }
        String verdict = row.met() ? "met" : "MISSED";
        return row.ratio() == null ? verdict : String.format(Locale.ROOT, "%,.1fx %s", row.ratio(), verdict);
    }
}
