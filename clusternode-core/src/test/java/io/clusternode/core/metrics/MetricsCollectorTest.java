package io.clusternode.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.spi.NodeType;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MetricsCollectorTest {

    @Test
    void emptyCollectorReportsZeros() {
        MetricsSnapshot snapshot = new MetricsCollector().snapshot();
        assertThat(snapshot.totalRequests()).isZero();
        assertThat(snapshot.successfulRequests()).isZero();
        assertThat(snapshot.failedRequests()).isZero();
        assertThat(snapshot.averageMillis()).isZero();
        assertThat(snapshot.errorRate()).isZero();
        assertThat(snapshot.heapUsedBytes()).isPositive();
        assertThat(snapshot.heapCommittedBytes()).isGreaterThanOrEqualTo(snapshot.heapUsedBytes());
    }

    @Test
    void countsSuccessesAndFailuresAndAveragesDurations() {
        MetricsCollector collector = new MetricsCollector();
        collector.record(Duration.ofMillis(10), true);
        collector.record(Duration.ofMillis(20), true);
        collector.record(Duration.ofMillis(30), false);

        MetricsSnapshot snapshot = collector.snapshot();
        assertThat(snapshot.totalRequests()).isEqualTo(3);
        assertThat(snapshot.successfulRequests()).isEqualTo(2);
        assertThat(snapshot.failedRequests()).isEqualTo(1);
        assertThat(snapshot.averageMillis()).isCloseTo(20.0, within(1e-9));
        assertThat(snapshot.maxMillis()).isCloseTo(30.0, within(1e-9));
        assertThat(snapshot.errorRate()).isCloseTo(1.0 / 3, within(1e-9));
    }

    @Test
    void taskPercentilesComeFromTheTaskHistogram() {
        MetricsCollector collector = new MetricsCollector();
        assertThat(collector.taskLatencyMillis("agent", 50)).as("no task recorded yet").isNaN();
        // 1..1000 ms, one of each: a percentile is within one bucket of its rank (buckets grow by about a third).
        for (int ms = 1; ms <= 1000; ms++) {
            collector.recordTask("agent", NodeType.AGENT, TimeUnit.MILLISECONDS.toNanos(ms), null, null);
        }
        assertThat(collector.taskLatencyMillis("agent", 50)).isBetween(400.0, 600.0);
        assertThat(collector.taskLatencyMillis("agent", 95)).isBetween(800.0, 1000.0);
        assertThat(collector.taskLatencyMillis("agent", 99)).isBetween(900.0, 1000.0);
        assertThat(collector.taskLatencyMillis("agent", 100)).isBetween(900.0, 1000.0);
        assertThat(collector.taskLatencyMillis("agent", 1)).isLessThan(50.0);
        assertThat(collector.taskLatencyMillis("other", 50)).isNaN();
        assertThatThrownBy(() -> collector.taskLatencyMillis("agent", 0)).isInstanceOf(NodeExecutionException.class);
        assertThatThrownBy(() -> collector.taskLatencyMillis("agent", 101)).isInstanceOf(NodeExecutionException.class);
    }

    @Test
    void aTaskSlowerThanTheLastBucketReadsAsTheSlowestRecorded() {
        MetricsCollector collector = new MetricsCollector();
        collector.recordTask("agent", NodeType.AGENT, TimeUnit.MINUTES.toNanos(20), null, null);
        assertThat(collector.taskLatencyMillis("agent", 99)).isCloseTo(20 * 60_000.0, within(1.0));
    }

    @Test
    void microsecondTasksStillGetDistinctPercentiles() {
        MetricsCollector collector = new MetricsCollector();
        for (int i = 0; i < 90; i++) {
            collector.recordTask("agent", NodeType.AGENT, 20_000, null, null);
        }
        for (int i = 0; i < 10; i++) {
            collector.recordTask("agent", NodeType.AGENT, 2_000_000, null, null);
        }
        assertThat(collector.taskLatencyMillis("agent", 50)).isLessThan(0.05);
        assertThat(collector.taskLatencyMillis("agent", 99)).isBetween(1.0, 3.0);
    }

    @Test
    void percentilesFollowTheDistribution() {
        MetricsCollector collector = new MetricsCollector();
        // 1..100 ms: p95 is about 95 ms and p99 about 99 ms; Micrometer interpolates from a histogram,
        // so allow a few percent.
        for (int ms = 1; ms <= 100; ms++) {
            collector.record(Duration.ofMillis(ms), true);
        }
        MetricsSnapshot snapshot = collector.snapshot();
        assertThat(snapshot.p95Millis()).isBetween(90.0, 100.0);
        assertThat(snapshot.p99Millis()).isBetween(95.0, 105.0);
        assertThat(snapshot.p99Millis()).isGreaterThanOrEqualTo(snapshot.p95Millis());
        assertThat(snapshot.averageMillis()).isCloseTo(50.5, within(1e-9));
    }

    @Test
    void negativeDurationsCountAsZero() {
        MetricsCollector collector = new MetricsCollector();
        collector.record(-5, true);
        assertThat(collector.snapshot().totalRequests()).isEqualTo(1);
        assertThat(collector.snapshot().maxMillis()).isZero();
    }

    @Test
    void timeRecordsTheOutcomeAndPropagatesFailures() {
        MetricsCollector collector = new MetricsCollector();
        assertThat(collector.time(() -> "ok")).isEqualTo("ok");
        assertThatThrownBy(() -> collector.time(() -> {
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class).hasMessage("boom");

        MetricsSnapshot snapshot = collector.snapshot();
        assertThat(snapshot.totalRequests()).isEqualTo(2);
        assertThat(snapshot.successfulRequests()).isEqualTo(1);
        assertThat(snapshot.failedRequests()).isEqualTo(1);
    }

    @Test
    void registersMetersInTheGivenRegistry() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MetricsCollector collector = new MetricsCollector(registry, "agent.runs", Tags.of("agent", "demo"));
        collector.record(Duration.ofMillis(4), true);
        collector.record(Duration.ofMillis(6), false);

        assertThat(collector.registry()).isSameAs(registry);
        assertThat(registry.get("agent.runs").tag("agent", "demo").timer().count()).isEqualTo(2);
        assertThat(registry.get("agent.runs").timer().totalTime(TimeUnit.MILLISECONDS)).isCloseTo(10.0, within(1e-9));
        assertThat(registry.get("agent.runs.outcome").tag("outcome", "success").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("agent.runs.outcome").tag("outcome", "failure").counter().count()).isEqualTo(1.0);
    }

    @Test
    void twoCollectorsOnOneRegistryShareTheirMeters() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new MetricsCollector(registry).record(Duration.ofMillis(1), true);
        new MetricsCollector(registry).record(Duration.ofMillis(1), true);
        assertThat(new MetricsCollector(registry).snapshot().totalRequests()).isEqualTo(2);
    }

    @Test
    void isSafeUnderConcurrentRecording() throws InterruptedException {
        MetricsCollector collector = new MetricsCollector();
        int threads = 16;
        int perThread = 5_000;
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            started.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < perThread; i++) {
                    collector.record(1_000_000L, (i + id) % 10 != 0);
                }
            }));
        }
        for (Thread thread : started) {
            thread.join();
        }
        MetricsSnapshot snapshot = collector.snapshot();
        assertThat(snapshot.totalRequests()).isEqualTo((long) threads * perThread);
        assertThat(snapshot.successfulRequests() + snapshot.failedRequests()).isEqualTo((long) threads * perThread);
        assertThat(snapshot.failedRequests()).isEqualTo((long) threads * perThread / 10);
        assertThat(snapshot.averageMillis()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void rejectsNullArguments() {
        MetricsCollector collector = new MetricsCollector();
        assertThatThrownBy(() -> collector.record(null, true)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new MetricsCollector(null)).isInstanceOf(NullPointerException.class);
    }
}
