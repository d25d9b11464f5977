package io.clusternode.core.metrics;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.model.ExecutionState;
import io.clusternode.core.model.StepTiming;
import io.clusternode.core.model.Usage;
import io.clusternode.core.spi.NodeType;
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
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Request metrics as the seed's report asks for them (total, successful and failed requests, average, p95 and
 * p99 latency, memory usage), kept in Micrometer meters so that the same numbers reach whatever monitoring the
 * embedding application already uses: pass its {@link MeterRegistry} (e.g. a Prometheus one) and the meters
 * {@code <name>} (a timer publishing p95/p99 and a percentile histogram) and {@code <name>.outcome} (counters
 * tagged {@code outcome=success|failure}) appear there; without one, a private {@link SimpleMeterRegistry}
 * holds them.
 *
 * <p>{@link io.clusternode.core.executor.ClusterNodeExecutor} records every task it runs with
 * {@link #recordTask}: per task a timer {@value #TASKS} (p50/p95/p99 and a histogram) and errors by code in
 * {@value #TASK_ERRORS}; from an agent's {@link ExecutionState} the model calls ({@value #MODEL_CALLS} by model
 * and outcome), tokens ({@value #MODEL_TOKENS} by model and kind), tool calls ({@value #TOOL_CALLS} by tool and
 * outcome) and memory operations ({@value #MEMORY_OPERATIONS} by backend and operation). Step meters keep count,
 * total and max but no histogram, so that recording a whole agent run stays a few hundred nanoseconds.
 *
 * <p>Thread-safe and lock-free on the recording path (Micrometer timers and counters are, and meters are looked
 * up in a {@link ConcurrentHashMap} after their first use), so one collector can be shared by any number of
 * concurrent requests, virtual threads included.
 */
public final class MetricsCollector {

    /** The default meter name. */
    public static final String DEFAULT_NAME = "clusternode.requests";

    /** Timer of executor tasks, tagged {@code task} and {@code type}. */
    public static final String TASKS = "clusternode.tasks";
    /** Counter of failed executor tasks, tagged {@code task} and {@code code} (the {@link ErrorCode}). */
    public static final String TASK_ERRORS = "clusternode.task.errors";
    /** Timer of model calls inside agent runs, tagged {@code model} and {@code outcome}. */
    public static final String MODEL_CALLS = "clusternode.model.calls";
    /** Counter of tokens, tagged {@code model} and {@code kind} ({@code prompt} or {@code completion}). */
    public static final String MODEL_TOKENS = "clusternode.model.tokens";
    /** Timer of tool calls inside agent runs, tagged {@code tool} and {@code outcome}. */
    public static final String TOOL_CALLS = "clusternode.tool.calls";
    /** Timer of memory operations inside agent runs, tagged {@code backend} and {@code operation}. */
    public static final String MEMORY_OPERATIONS = "clusternode.memory.operations";

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    /** Identifies one meter among those created on first use: its name and up to two tag values. */
    private record MeterKey(String name, String first, @Nullable String second) {
    }

    private final ConcurrentHashMap<MeterKey, Timer> timers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<MeterKey, Counter> counters = new ConcurrentHashMap<>();

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
     * A collector registering meters named {@code name} with extra {@code tags} (null for none) in
     * {@code registry}, so that several collectors (one per agent, per endpoint, ...) can share one registry.
     */
    public MetricsCollector(MeterRegistry registry, String name, @Nullable Tags tags) {
        this.registry = Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(name, "name");
        Tags base = tags == null ? Tags.empty() : tags;
        this.timer = Timer.builder(name)
                .description("Duration of ClusterNode requests")
                .tags(base)
                .publishPercentiles(0.5, 0.95, 0.99)
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

    /**
     * Records one executor task: its duration and outcome, and for an agent task every step of its run.
     *
     * @param taskId the registered id
     * @param type   the provider's node type
     * @param nanos  wall time of the task
     * @param error  the failure's code, or null when the task succeeded
     * @param state  an agent run's state (null for other tasks and for failed runs)
     */
    public void recordTask(String taskId, NodeType type, long nanos, @Nullable ErrorCode error,
                           @Nullable ExecutionState state) {
        Timer task = timers.get(new MeterKey(TASKS, taskId, null));
        if (task == null) {
            task = timers.computeIfAbsent(new MeterKey(TASKS, taskId, null), key -> Timer.builder(TASKS)
                    .description("Duration of tasks run by the ClusterNode executor")
                    .tags("task", taskId, "type", type.connectionType())
                    .publishPercentiles(0.5, 0.95, 0.99)
                    .publishPercentileHistogram()
                    .register(registry));
        }
        task.record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
        if (error != null) {
            counter(TASK_ERRORS, "task", taskId, "code", error.name()).increment();
        }
        if (state != null) {
            for (StepTiming step : state.steps()) {
                recordStep(step);
            }
        }
    }

    private void recordStep(StepTiming step) {
        String outcome = step.failed() ? "failure" : "success";
        String name = step.name() == null ? "unknown" : step.name();
        switch (step.kind()) {
            case MODEL_CALL -> {
                timer(MODEL_CALLS, "model", name, "outcome", outcome).record(step.nanos(), TimeUnit.NANOSECONDS);
                Usage usage = step.usage();
                if (usage.promptTokens() > 0) {
                    counter(MODEL_TOKENS, "model", name, "kind", "prompt").increment((double) usage.promptTokens());
                }
                if (usage.completionTokens() > 0) {
                    counter(MODEL_TOKENS, "model", name, "kind", "completion").increment((double) usage.completionTokens());
                }
            }
            case TOOL_CALL -> timer(TOOL_CALLS, "tool", name, "outcome", outcome)
                    .record(step.nanos(), TimeUnit.NANOSECONDS);
            case MEMORY_LOAD, MEMORY_STORE -> timer(MEMORY_OPERATIONS, "backend", name, "operation",
                    step.kind().name().substring(7).toLowerCase(Locale.ROOT)).record(step.nanos(), TimeUnit.NANOSECONDS);
        }
    }

    private Timer timer(String name, String firstTag, String first, String secondTag, String second) {
        MeterKey key = new MeterKey(name, first, second);
        Timer timer = timers.get(key);
        return timer != null ? timer : timers.computeIfAbsent(key,
                k -> Timer.builder(name).tags(firstTag, first, secondTag, second).register(registry));
    }

    private Counter counter(String name, String firstTag, String first, String secondTag, String second) {
        MeterKey key = new MeterKey(name, first, second);
        Counter counter = counters.get(key);
        return counter != null ? counter : counters.computeIfAbsent(key,
                k -> Counter.builder(name).tags(firstTag, first, secondTag, second).register(registry));
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
