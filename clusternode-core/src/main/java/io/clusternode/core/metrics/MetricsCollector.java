package io.clusternode.core.metrics;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.model.ExecutionState;
import io.clusternode.core.model.StepTiming;
import io.clusternode.core.model.Usage;
import io.clusternode.core.spi.NodeType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Request metrics as hetumind's performance report lists them (total, successful and failed requests, average,
 * p95 and p99 latency, memory usage), kept in Micrometer meters so that the same numbers reach whatever monitoring
 * the embedding application already uses: pass its {@link MeterRegistry} (e.g. a Prometheus one) and the meters
 * {@code <name>} (a timer publishing p95/p99 and a percentile histogram) and {@code <name>.outcome} (counters
 * tagged {@code outcome=success|failure}) appear there; without one, a private {@link SimpleMeterRegistry}
 * holds them.
 *
 * <p>{@link io.clusternode.core.executor.ClusterNodeExecutor} records every task it runs with
 * {@link #recordTask}: per task a timer {@value #TASKS} with a histogram (p50/p95/p99 through
 * {@link #taskLatencyMillis} or Prometheus's {@code histogram_quantile}) and errors by code in
 * {@value #TASK_ERRORS}; from an agent's {@link ExecutionState} the model calls ({@value #MODEL_CALLS} by model
 * and outcome), tokens ({@value #MODEL_TOKENS} by model and kind), tool calls ({@value #TOOL_CALLS} by tool and
 * outcome) and memory operations ({@value #MEMORY_OPERATIONS} by backend and operation). Step meters are
 * {@link FunctionTimer}s: count and total time (so a mean), no maximum and no histogram, so that recording a
 * whole agent run stays a few hundred nanoseconds; the task timer carries the run's latency distribution.
 *
 * <p>Thread-safe and lock-free on the recording path (Micrometer timers and counters and {@link LongAdder}s
 * are, and meters are looked up in a {@link ConcurrentHashMap} after their first use), so one collector can be
 * shared by any number of concurrent requests, virtual threads included.
 */
public final class MetricsCollector {

    /** The default meter name. */
    public static final String DEFAULT_NAME = "clusternode.requests";

    /** Timer of executor tasks, tagged {@code task} and {@code type}. */
    public static final String TASKS = "clusternode.tasks";
    /** Counter of failed executor tasks, tagged {@code task} and {@code code} (the {@link ErrorCode}). */
    public static final String TASK_ERRORS = "clusternode.task.errors";
    /** Function timer (count and total time) of model calls in agent runs, tagged {@code model}, {@code outcome}. */
    public static final String MODEL_CALLS = "clusternode.model.calls";
    /** Function counter of tokens, tagged {@code model} and {@code kind} ({@code prompt} or {@code completion}). */
    public static final String MODEL_TOKENS = "clusternode.model.tokens";
    /** Function timer (count and total time) of tool calls in agent runs, tagged {@code tool}, {@code outcome}. */
    public static final String TOOL_CALLS = "clusternode.tool.calls";
    /**
     * Function timer (count and total time) of memory operations inside agent runs, tagged {@code backend} and
     * {@code operation} ({@code load} or {@code store}).
     */
    public static final String MEMORY_OPERATIONS = "clusternode.memory.operations";

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    /**
     * The task histogram's bucket bounds: 1, 1.5, 2, 3, 5 and 7 per decade from 10 µs to 10 minutes, since an
     * offline agent run takes microseconds and one waiting on a remote model with tools can take minutes.
     * Explicit bounds, because Micrometer gives a simple registry no percentile histogram of its own.
     * Percentiles come from these buckets (Prometheus's {@code histogram_quantile}, or
     * {@link #taskLatencyMillis}) rather than from client-side percentiles, which cost more to record than
     * all the rest of a run's metrics together.
     */
    private static final Duration[] TASK_BUCKETS = taskBuckets();

    private static Duration[] taskBuckets() {
        Duration slowest = Duration.ofMinutes(10);
        List<Duration> bounds = new ArrayList<>();
        for (long decade = 1_000; decade <= 10_000_000_000L; decade *= 10) {
            for (long step : new long[] {10, 15, 20, 30, 50, 70}) {
                Duration bound = Duration.ofNanos(step * decade);
                if (bound.compareTo(slowest) < 0) {
                    bounds.add(bound);
                }
            }
        }
        bounds.add(slowest);
        return bounds.toArray(Duration[]::new);
    }

    /** Identifies the error counter of one task and error code. */
    private record TaskError(String taskId, ErrorCode code) {
    }

    private final ConcurrentHashMap<String, Timer> taskTimers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<TaskError, Counter> taskErrors = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, StepMeters> modelMeters = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, StepMeters> toolMeters = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, StepMeters> memoryLoadMeters = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, StepMeters> memoryStoreMeters = new ConcurrentHashMap<>();

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
        Timer task = taskTimers.get(taskId);
        if (task == null) {
            task = taskTimers.computeIfAbsent(taskId, id -> Timer.builder(TASKS)
                    .description("Duration of tasks run by the ClusterNode executor")
                    .tags("task", id, "type", type.connectionType())
                    .serviceLevelObjectives(TASK_BUCKETS)
                    .register(registry));
        }
        task.record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
        if (error != null) {
            taskErrors.computeIfAbsent(new TaskError(taskId, error), key -> Counter.builder(TASK_ERRORS)
                    .tags("task", taskId, "code", error.name()).register(registry)).increment();
        }
        if (state != null) {
            List<StepTiming> steps = state.steps();
            for (int i = 0; i < steps.size(); i++) {
                recordStep(steps.get(i));
            }
        }
    }

    private void recordStep(StepTiming step) {
        String name = step.name() == null ? "unknown" : step.name();
        ConcurrentHashMap<String, StepMeters> ofKind = switch (step.kind()) {
            case MODEL_CALL -> modelMeters;
            case TOOL_CALL -> toolMeters;
            case MEMORY_LOAD -> memoryLoadMeters;
            case MEMORY_STORE -> memoryStoreMeters;
        };
        StepMeters meters = ofKind.get(name);
        if (meters == null) {
            meters = ofKind.computeIfAbsent(name, key -> new StepMeters(step.kind(), key));
        }
        (step.failed() ? meters.failed : meters.succeeded).record(step.nanos());
        if (meters.promptTokens != null) {
            Usage usage = step.usage();
            if (usage.promptTokens() > 0) {
                meters.promptTokens.add(usage.promptTokens());
            }
            if (usage.completionTokens() > 0 && meters.completionTokens != null) {
                meters.completionTokens.add(usage.completionTokens());
            }
        }
    }

    /**
     * The meters of one step name (a model, a tool or a memory backend) for one kind of step, registered
     * together on the name's first step. Recording a step is then one lookup by the name, a string whose
     * hash is cached, and two adds: a composite key built and compared for every step cost more than the
     * meters, and a Micrometer {@link Timer} (which also tracks a decaying maximum) costs about 40 ns a
     * record against under 10 ns for a count and a total kept in {@link LongAdder}s and published as a
     * {@link FunctionTimer}; token counts are {@link LongAdder}s published as {@link FunctionCounter}s.
     */
    private final class StepMeters {
        final Tally succeeded;
        final Tally failed;
        final @Nullable LongAdder promptTokens;
        final @Nullable LongAdder completionTokens;

        StepMeters(StepTiming.Kind kind, String name) {
            switch (kind) {
                case MODEL_CALL -> {
                    succeeded = tally(MODEL_CALLS, "model", name, "outcome", "success");
                    failed = tally(MODEL_CALLS, "model", name, "outcome", "failure");
                    promptTokens = tokens(name, "prompt");
                    completionTokens = tokens(name, "completion");
                }
                case TOOL_CALL -> {
                    succeeded = tally(TOOL_CALLS, "tool", name, "outcome", "success");
                    failed = tally(TOOL_CALLS, "tool", name, "outcome", "failure");
                    promptTokens = null;
                    completionTokens = null;
                }
                default -> {
                    // A memory operation that fails ends the run, so it never reaches a run's steps.
                    succeeded = tally(MEMORY_OPERATIONS, "backend", name, "operation",
                            kind == StepTiming.Kind.MEMORY_LOAD ? "load" : "store");
                    failed = succeeded;
                    promptTokens = null;
                    completionTokens = null;
                }
            }
        }

        private LongAdder tokens(String model, String kind) {
            LongAdder tokens = new LongAdder();
            FunctionCounter.builder(MODEL_TOKENS, tokens, LongAdder::sum).tags("model", model, "kind", kind)
                    .register(registry);
            return tokens;
        }

        private Tally tally(String meter, String firstTag, String first, String secondTag, String second) {
            Tally tally = new Tally();
            FunctionTimer.builder(meter, tally, t -> t.count.sum(), t -> t.nanos.sum(), TimeUnit.NANOSECONDS)
                    .tags(firstTag, first, secondTag, second).register(registry);
            return tally;
        }
    }

    /**
     * A count and a total time, read by a {@link FunctionTimer} when the registry publishes. Held strongly
     * by its {@link StepMeters}: the registry keeps only a weak reference.
     */
    private static final class Tally {
        final LongAdder count = new LongAdder();
        final LongAdder nanos = new LongAdder();

        void record(long stepNanos) {
            count.increment();
            nanos.add(Math.max(0, stepNanos));
        }
    }

    /**
     * A task's latency at {@code percentile} (such as 50, 95 or 99), in milliseconds, estimated from its
     * histogram as Prometheus's {@code histogram_quantile} does: linear within the bucket the rank falls in,
     * so within one bucket's width (about a third of the value); the largest recording beyond the last bucket.
     *
     * @return NaN when the task has not been recorded
     * @throws NodeExecutionException {@code INVALID_INPUT} for a percentile outside (0, 100]
     */
    public double taskLatencyMillis(String taskId, double percentile) {
        if (!(percentile > 0 && percentile <= 100)) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "a percentile must be above 0 and at most 100");
        }
        Timer task = taskTimers.get(taskId);
        if (task == null) {
            return Double.NaN;
        }
        HistogramSnapshot snapshot = task.takeSnapshot();
        if (snapshot.count() == 0) {
            return Double.NaN;
        }
        double rank = percentile / 100 * snapshot.count();
        double lowerBound = 0;
        double belowCount = 0;
        // Micrometer's bucket counts are cumulative: each counts every recording up to its bound.
        for (CountAtBucket bucket : snapshot.histogramCounts()) {
            double upperBound = bucket.bucket(TimeUnit.MILLISECONDS);
            if (bucket.count() >= rank) {
                double inBucket = bucket.count() - belowCount;
                return inBucket <= 0 ? upperBound
                        : lowerBound + (upperBound - lowerBound) * (rank - belowCount) / inBucket;
            }
            lowerBound = upperBound;
            belowCount = bucket.count();
        }
        return snapshot.max(TimeUnit.MILLISECONDS);
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
