package io.clusternode.bench.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the concurrency plot as a self-contained SVG: concurrency on a log2 x axis, throughput on the left
 * axis (blue) and p99 latency on the right axis (orange). Hand-written because it is one chart of two lines
 * and an SVG is plain text; a plotting library would be a large dependency for it.
 */
public final class SvgPlot {

    private static final int WIDTH = 760;
    private static final int HEIGHT = 420;
    private static final int LEFT = 90;
    private static final int RIGHT = 80;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;
    private static final String BLUE = "#1f77b4";
    private static final String ORANGE = "#ff7f0e";

    private SvgPlot() {
    }

    /**
     * The concurrency sweep as an SVG line chart: throughput and p99 latency against the number of users.
     *
     * @param title  the chart's title
     * @param points maps with {@code users}, {@code perSecond} and {@code p99Millis}, in increasing users
     */
    public static String throughputAndLatency(String title, List<Map<String, Object>> points) {
        if (points.isEmpty()) {
            throw new IllegalArgumentException("nothing to plot");
        }
        int n = points.size();
        double[] x = new double[n];
        double[] rate = new double[n];
        double[] p99 = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = ((Number) points.get(i).get("users")).doubleValue();
            rate[i] = ((Number) points.get(i).get("perSecond")).doubleValue();
            p99[i] = ((Number) points.get(i).get("p99Millis")).doubleValue();
        }
        double xMin = Math.log(x[0]) / Math.log(2);
        double xMax = Math.max(xMin + 1, Math.log(x[n - 1]) / Math.log(2));
        double rateMax = niceCeiling(max(rate));
        double latencyMax = niceCeiling(max(p99));
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;

        StringBuilder svg = new StringBuilder(8192);
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
                + "height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n",
                WIDTH, HEIGHT, WIDTH, HEIGHT));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
        svg.append(String.format(Locale.ROOT,
                "<text x=\"%d\" y=\"24\" text-anchor=\"middle\" font-size=\"15\">%s</text>%n",
                WIDTH / 2, escape(title)));
        for (int t = 0; t <= 5; t++) {
            double y = TOP + plotH - plotH * t / 5.0;
            svg.append(String.format(Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n", LEFT, y, LEFT + plotW, y));
            svg.append(String.format(Locale.ROOT,
                    "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"%s\">%s</text>%n", LEFT - 6, y + 4, BLUE,
                    compact(rateMax * t / 5)));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" fill=\"%s\">%s</text>%n",
                    LEFT + plotW + 6, y + 4, ORANGE, compact(latencyMax * t / 5)));
        }
        for (int i = 0; i < n; i++) {
            double px = xPos(x[i], xMin, xMax, plotW);
            svg.append(String.format(Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/>%n", px, TOP, px, TOP + plotH));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>%n",
                    px, TOP + plotH + 18, (long) x[i]));
        }
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" "
                + "stroke=\"#333\"/>%n", LEFT, TOP, plotW, plotH));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">concurrent users "
                + "(log scale)</text>%n", LEFT + plotW / 2, HEIGHT - 18));
        svg.append(String.format(Locale.ROOT, "<text transform=\"translate(20 %d) rotate(-90)\" text-anchor=\"middle\" "
                + "fill=\"%s\">throughput (agent runs/s)</text>%n", TOP + plotH / 2, BLUE));
        svg.append(String.format(Locale.ROOT, "<text transform=\"translate(%d %d) rotate(90)\" text-anchor=\"middle\" "
                + "fill=\"%s\">p99 latency (ms)</text>%n", WIDTH - 20, TOP + plotH / 2, ORANGE));
        line(svg, x, rate, rateMax, xMin, xMax, plotW, plotH, BLUE);
        line(svg, x, p99, latencyMax, xMin, xMax, plotW, plotH, ORANGE);
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"3\" fill=\"%s\"/>"
                + "<text x=\"%d\" y=\"%d\">throughput</text>%n", LEFT + 12, TOP + 12, BLUE, LEFT + 30, TOP + 17));
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"3\" fill=\"%s\"/>"
                + "<text x=\"%d\" y=\"%d\">p99 latency</text>%n", LEFT + 12, TOP + 30, ORANGE, LEFT + 30, TOP + 35));
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static void line(StringBuilder svg, double[] x, double[] y, double yMax, double xMin, double xMax,
                             int plotW, int plotH, String color) {
        StringBuilder pointsAttr = new StringBuilder();
        for (int i = 0; i < x.length; i++) {
            double px = xPos(x[i], xMin, xMax, plotW);
            double py = TOP + plotH - (yMax == 0 ? 0 : y[i] / yMax * plotH);
            pointsAttr.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
            svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n", px, py,
                    color));
        }
        svg.append(String.format(Locale.ROOT,
                "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n",
                pointsAttr.toString().trim(), color));
    }

    private static double xPos(double value, double xMin, double xMax, int plotW) {
        double log = Math.log(value) / Math.log(2);
        return LEFT + (log - xMin) / (xMax - xMin) * plotW;
    }

    private static double max(double[] values) {
        double max = 0;
        for (double v : values) {
            if (Double.isFinite(v)) {
                max = Math.max(max, v);
            }
        }
        return max;
    }

    /** The smallest 1, 2 or 5 times a power of ten at or above the value (1 for zero). */
    static double niceCeiling(double value) {
        if (value <= 0) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 5, 10}) {
            if (step * power >= value) {
                return step * power;
            }
        }
        return 10 * power;
    }

    private static String compact(double value) {
        if (value >= 1_000_000) {
            return String.format(Locale.ROOT, "%.1fM", value / 1_000_000);
        }
        if (value >= 1_000) {
            return String.format(Locale.ROOT, "%.0fk", value / 1_000);
        }
        if (value >= 10 || value == 0) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
