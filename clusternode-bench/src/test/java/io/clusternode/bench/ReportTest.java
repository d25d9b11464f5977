package io.clusternode.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusternode.bench.report.Row;
import io.clusternode.bench.report.Row.Better;
import io.clusternode.bench.report.Summary;
import io.clusternode.bench.report.SvgPlot;
import io.clusternode.bench.report.TablePrinter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportTest {

    @Test
    void ratioSaysHowManyTimesBetterThanTheTarget() {
        assertThat(Row.of("s", "m", 500, "req/s", "", "", 250.0, Better.HIGHER).ratio()).isEqualTo(2.0);
        assertThat(Row.of("s", "m", 5, "ms", "", "", 10.0, Better.LOWER).ratio()).isEqualTo(2.0);
        assertThat(Row.of("s", "m", 20, "ms", "", "", 10.0, Better.LOWER).meetsTarget()).isFalse();
        Row zeroErrors = Row.of("s", "errors", 0, "count", "", "0", 0.0, Better.LOWER);
        assertThat(zeroErrors.meetsTarget()).isTrue();
        assertThat(zeroErrors.ratio()).as("unbounded ratios are not written as Infinity").isNull();
        assertThat(Row.of("s", "errors", 3, "count", "", "0", 0.0, Better.LOWER).meetsTarget()).isFalse();
        assertThat(Row.info("s", "m", 1, "ms").ratio()).isNull();
        assertThat(Row.info("s", "m", 1, "ms").met()).isNull();
        assertThat(Row.missing("s", "m", "not reachable").value()).isNull();
    }

    @Test
    void tableShowsValuesNotesAndMissedTargets() {
        StringWriter text = new StringWriter();
        TablePrinter.print(List.of(
                Row.of("stress", "throughput", 300_000, "req/s", "2000 req/s", ">= 250,000", 250_000.0, Better.HIGHER),
                Row.of("memory", "store", 0.2, "ms", "", "< 0.05 ms", 0.05, Better.LOWER),
                Row.missing("memory", "redis", "not reachable")), false, new PrintWriter(text, true));

        assertThat(text.toString())
                .contains("300,000 req/s").contains("1.2x met")
                .contains("0.200 ms").contains("0.3x MISSED")
                .contains("not reachable")
                .contains("1 of 2 targets met; missed:" + System.lineSeparator() + "  memory / store"
                        + System.lineSeparator());
    }

    @Test
    void quickModeJudgesNoTarget() {
        StringWriter text = new StringWriter();
        TablePrinter.print(List.of(
                Row.of("stress", "throughput", 300_000, "req/s", "2000 req/s", ">= 250,000", 250_000.0, Better.HIGHER),
                Row.of("memory", "store", 0.2, "ms", "", "< 0.05 ms", 0.05, Better.LOWER)), true,
                new PrintWriter(text, true));

        assertThat(text.toString()).contains("300,000 req/s").contains(">= 250,000")
                .doesNotContain("x met").doesNotContain("targets met").doesNotContain("MISSED")
                .contains("not comparable with the targets");
    }

    @Test
    void rowsCarryStableIds() {
        assertThat(Row.of("agent", "ClusterNode runs/s, 1 thread", 1, "runs/s", "", "", null, Better.NONE)
                .withId("tool.single_thread.runs_per_s").id()).isEqualTo("agent.tool.single_thread.runs_per_s");
        assertThat(Row.info("concurrency-sweep", "agent p99 at 8 users", 1, "ms").id())
                .isEqualTo("concurrency_sweep.agent_p99_at_8_users");
        assertThat(Row.slug("ClusterNode OkHttp, 64 callers")).isEqualTo("clusternode_okhttp_64_callers");
    }

    @Test
    void summaryListsEveryMissedRow() {
        Summary summary = Summary.of(List.of(
                Row.of("s", "a", 5, "ms", "", "< 1 ms", 1.0, Better.LOWER).withId("a_ms"),
                Row.of("s", "b", 0.5, "ms", "", "< 1 ms", 1.0, Better.LOWER).withId("b_ms"),
                Row.of("s", "c", 9, "ms", "", "< 1 ms", 1.0, Better.LOWER).withId("c_ms"),
                Row.info("s", "d", 1, "ms")));

        assertThat(summary.targets()).isEqualTo(3);
        assertThat(summary.met()).isEqualTo(1);
        assertThat(summary.missed()).extracting(Summary.Missed::id).containsExactly("s.a_ms", "s.c_ms");
    }

    @Test
    void formatsSmallAndLargeNumbers() {
        assertThat(TablePrinter.format(0.00123, "ms")).isEqualTo("0.0012 ms");
        assertThat(TablePrinter.format(1234.5, "ms")).isEqualTo("1,234.5 ms");
        assertThat(TablePrinter.format(1234567, "req/s")).isEqualTo("1,234,567 req/s");
    }

    @Test
    void svgPlotHasBothSeriesAndAllPoints() {
        String svg = SvgPlot.throughputAndLatency("t < 1 & 2", List.of(
                Map.of("users", 1, "perSecond", 100_000.0, "p99Millis", 0.01),
                Map.of("users", 2, "perSecond", 150_000.0, "p99Millis", 0.02),
                Map.of("users", 4, "perSecond", 140_000.0, "p99Millis", 0.05)));

        assertThat(svg).startsWith("<svg").contains("t &lt; 1 &amp; 2");
        assertThat(svg.split("<polyline", -1)).hasSize(3);
        assertThat(svg.split("<circle", -1)).hasSize(7);
        assertThat(svg).contains("200k");
    }
}
