package io.clusternode.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

class LoadTest {

    @Test
    void runsEveryOperationOnceAndCountsFailures() throws Exception {
        LongAdder calls = new LongAdder();
        Load.Result result = Load.run(10, 100, 0, true, null, (w, i) -> {
            calls.increment();
            if (i == 7) {
                throw new IllegalStateException("worker " + w + " failed");
            }
        });

        assertThat(calls.sum()).isEqualTo(1000);
        assertThat(result.ops()).isEqualTo(1000);
        assertThat(result.errors()).isEqualTo(10);
        assertThat(result.firstError()).contains("failed");
        assertThat(result.latencies().getTotalCount()).isEqualTo(1000);
        assertThat(result.perSecond()).isPositive();
    }

    @Test
    void stopsAtTheBudget() throws Exception {
        Load.Result result = Load.run(2, Long.MAX_VALUE, 20_000_000L, false, null, (w, i) -> Thread.onSpinWait());
        assertThat(result.ops()).isPositive().isLessThan(Long.MAX_VALUE);
        assertThat(result.latencies()).isNull();
    }

    @Test
    void progressSeesEveryOperation() throws Exception {
        java.io.StringWriter text = new java.io.StringWriter();
        try (Progress progress = new Progress(new java.io.PrintWriter(text, true), false, 1)) {
            progress.scenario("demo");
            progress.phase("phase one", 500);
            Load.run(5, 100, 0, false, progress, (w, i) -> { });
            progress.scenarioDone();
        }
        assertThat(text.toString()).contains("[1/1] demo: phase one").contains("[1/1] demo: done in");
    }
}
