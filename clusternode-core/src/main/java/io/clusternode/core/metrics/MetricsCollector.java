package io.clusternode.core.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Request metrics as the seed's report asks for them (total, successful and failed requests, average, p95 and
 * p99 latency, memory usage), kept in Micrometer meters so that the same numbers reach whatever monitoring the
 * embedding application already uses: pass its {@link MeterRegistry} (e.g. a Prometheus one) and the meters
 * {@code <name>} (a timer publishing p95/p99 and a percentile histogram) and {@code <name>.outcome} (counters
 * tagged {@code outcome=success|failure}) appear there; without one, a private {@link SimpleMeterRegistry}
 * holds them.
 *
 * <p>Thread-safe and lock-free on the recording path (Micrometer timers and counters are), so one collector can
 * be shared by any number of concurrent requests, virtual threads included.
 */
public final class MetricsCollector {

    /** The default meter name. */
    public static final String DEFAULT_NAME = "clusternode.requests";

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private final MeterRegistry registry;
    private final Timer timer;
    private final Counter successes;
    private final Counter failures;

    /** A collector with its own {@link SimpleMeterRegistry}. */
    public MetricsCollector() {
        this(new SimpleMeterRegistry());
    }

    /** A collector registering {@value #DEFAULT_NAME} meters in {@code registry}. */
    public MetricsCollector(MeterRegistry registry) {
        this(registry, DEFAULT_NAME, Tags.empty());
    }

    /**
     * A collector registering meters named {@code name} with extra {@code tags} in {@code registry}, so that
     * several collectors (one per agent, per endpoint, ...) can share one registry.
     */
    public MetricsCollector(MeterRegistry registry, String name, Tags tags) {
        this.registry = Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(name, "name");
        Tags base = tags == null ? Tags.empty() : tags;
        this.timer = Timer.builder(name)
                .description("Duration of ClusterNode requests")
                .tags(base)
                .publishPercentiles(0.95, 0.99)
                .publishPercentileHistogram()
                .register(registry);
        this.successes = Counter.builder(name + ".outcome").tags(base).tag("outcome", "success")
                .description("ClusterNode requests that succeeded").register(registry);
        this.failures = Counter.builder(name + ".outcome").tags(base).tag("outcome", "failure")
                .description("ClusterNode requests that failed").register(registry);
    }

    /** The registry the meters live in. */
    public MeterRegistry registry() {
        return registry;
    }

    /** Records one finished request. */
    public void record(Duration duration, boolean success) {
        Objects.requireNonNull(duration, "duration");
        record(duration.toNanos(), success);
    }

    /** Records one finished request that took {@code nanos} nanoseconds (negative values count as zero). */
    public void record(long nanos, boolean success) {
        timer.record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
        (success ? successes : failures).increment();
    }

    /**
     * Runs {@code request}, records its duration, and returns its result; a request that throws is recorded as
     * failed and the exception propagates unchanged.
     */
    public <T> T time(Supplier<T> request) {
        long start = System.nanoTime();
        boolean success = false;
        try {
            T result = request.get();
            success = true;
            return result;
        } finally {
            record(System.nanoTime() - start, success);
        }
    }

    /** The current figures. */
    public MetricsSnapshot snapshot() {
        HistogramSnapshot histogram = timer.takeSnapshot();
        double p95 = 0;
        double p99 = 0;
        for (ValueAtPercentile value : histogram.percentileValues()) {
            if (value.percentile() == 0.95) {
                p95 = value.value(TimeUnit.MILLISECONDS);
            } else if (value.percentile() == 0.99) {
                p99 = value.value(TimeUnit.MILLISECONDS);
            }
        }
        MemoryUsage heap = MEMORY.getHeapMemoryUsage();
        long ok = (long) successes.count();
        long failed = (long) failures.count();
        return new MetricsSnapshot(histogram.count(), ok, failed, histogram.mean(TimeUnit.MILLISECONDS),
                histogram.max(TimeUnit.MILLISECONDS), p95, p99, heap.getUsed(), heap.getCommitted());
    }
}
