package io.clusternode.bench.scenario;

import io.clusternode.bench.BenchContext;
import io.clusternode.bench.Fixtures;
import io.clusternode.bench.Heap;
import io.clusternode.bench.report.Row;
import io.clusternode.bench.report.Row.Better;
import io.clusternode.core.executor.ClusterNodeConfig;
import io.clusternode.core.executor.ClusterNodeExecutor;
import io.clusternode.core.executor.ContextKey;
import io.clusternode.core.llm.SimulatedLlmProvider;
import io.clusternode.core.memory.WindowMemory;
import io.clusternode.core.metrics.MetricsCollector;
import io.clusternode.core.metrics.MetricsSnapshot;
import io.clusternode.core.model.SessionStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Soak: 64 virtual-thread workers run agent runs with a tool call through the executor, non-stop, for
 * {@code --duration}, cycling through a fixed pool of 1000 sessions (so stored conversations are bounded by
 * the memory window). The run is cut into 12 intervals; for each, the throughput and then the heap after a
 * full GC are recorded (workers paused while the heap is read; that time is kept out of the throughput), so a
 * leak shows as a rising heap and a slowdown as a falling throughput.
 */
public final class SoakScenario implements Scenario {

    private static final String S = "soak";
    private static final int WORKERS = 64;
    private static final int POOL = 1000;

    @Override
    public String name() {
        return S;
    }

    @Override
    public String description() {
        return "soak for --duration (default 60 s): throughput and heap after GC per interval, bounded sessions";
    }

    @Override
    public void run(BenchContext context) throws Exception {
        var settings = context.settings();
        Duration duration = settings.quick() && settings.soak().toMillis() > 1500 ? Duration.ofMillis(1500)
                : settings.soak();
        int intervals = settings.quick() ? 3 : 12;
        long intervalMillis = Math.max(100, duration.toMillis() / intervals);
        context.used("soak.seconds", duration.toMillis() / 1000.0);
        context.used("soak.intervals", intervals);
        context.used("soak.workers", WORKERS);
        try (ClusterNodeExecutor executor = new ClusterNodeExecutor()) {
            SimulatedLlmProvider model = executor.register("model", new SimulatedLlmProvider(),
                    ClusterNodeConfig.defaults());
            WindowMemory memory = executor.register("memory", WindowMemory.builder().build(),
                    ClusterNodeConfig.defaults());
            executor.register("agent", Fixtures.agent(model, memory),
                    ClusterNodeConfig.defaults().withAgent(Fixtures.config(null)));
            String[] sessions = Fixtures.sessions("soak", POOL);
            AtomicReference<MetricsCollector> metrics = new AtomicReference<>(new MetricsCollector());
            LongAdder done = new LongAdder();
            LongAdder errors = new LongAdder();
            AtomicReference<String> firstError = new AtomicReference<>();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicBoolean paused = new AtomicBoolean();
            AtomicInteger active = new AtomicInteger();
            List<Thread> workers = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                int worker = w;
                workers.add(Thread.ofVirtual().name("soak-" + w).start(() -> {
                    for (long i = 0; !stop.get(); i++) {
                        // Announce first, then look at the flag: the heap reading waits for active == 0 after
                        // setting it, so no request runs while the heap is measured.
                        active.incrementAndGet();
                        if (paused.get()) {
                            active.decrementAndGet();
                            i--;
                            try {
                                Thread.sleep(1);
                            } catch (InterruptedException e) {
                                return;
                            }
                            continue;
                        }
                        // Each worker walks the whole pool from its own offset: a virtual thread that never blocks
                        // keeps its carrier, so only a couple of workers run at a time and each must reach every
                        // session by itself.
                        String session = sessions[(int) ((worker * 15L + i) % POOL)];
                        long start = System.nanoTime();
                        boolean ok = false;
                        try {
                            var result = executor.execute("agent", executor.newContext(Fixtures.QUESTION)
                                    .put(ContextKey.SESSION_ID, session));
                            ok = Fixtures.ANSWER.equals(result.content());
                            if (!ok) {
                                firstError.compareAndSet(null, "unexpected answer: " + result.content());
                            }
                        } catch (RuntimeException e) {
                            firstError.compareAndSet(null, e.toString());
                        } finally {
                            active.decrementAndGet();
                        }
                        metrics.get().record(System.nanoTime() - start, ok);
                        if (!ok) {
                            errors.increment();
                        }
                        done.increment();
                    }
                }));
            }
            // Warm-up, kept out of the intervals: until every session of the pool holds a full window (25 runs
            // of 4 messages each fill the default 100-message window) or a tenth of the soak has passed.
            long fill = (long) POOL * (WindowMemory.DEFAULT_MAX_MESSAGES / 4 + 1);
            long warmDeadline = System.nanoTime() + duration.toNanos() / 10;
            context.progress().phase("warm-up: filling " + POOL + " sessions", fill);
            while (done.sum() < fill && System.nanoTime() < warmDeadline) {
                Thread.sleep(20);
                
            }
            // A full GC before the first interval too: every interval then starts from the same state (a full
            // collection also resizes the heap, which changes the young-collection rate that follows it).
            pauseAndMeasureHeap(paused, active);
            paused.set(false);
            metrics.set(new MetricsCollector());
            long measuredStart = done.sum();
            long measuredStartNanos = System.nanoTime();
            long measuredEnd = measuredStart;
            long measuredEndNanos = measuredStartNanos;
            List<Map<String, Object>> points = new ArrayList<>();
            context.progress().phase("soak " + duration.toSeconds() + " s, " + intervals + " intervals", intervals);
            try {
                for (int k = 1; k <= intervals; k++) {
                    long c0 = done.sum();
                    long t0 = System.nanoTime();
                    Thread.sleep(intervalMillis);
                    long c1 = done.sum();
                    long t1 = System.nanoTime();
                    measuredEnd = c1;
                    measuredEndNanos = t1;
                    // Workers are paused while the heap is read: at half a million requests a second they would
                    // otherwise allocate tens of megabytes between the collection and the reading.
                    long heap = pauseAndMeasureHeap(paused, active);
                    long stored = 0;
                    for (SessionStats stats : memory.sessions()) {
                        stored += stats.approximateBytes();
                    }
                    Map<String, Object> point = new LinkedHashMap<>();
                    point.put("interval", k);
                    point.put("perSecond", (c1 - c0) * 1e9 / (t1 - t0));
                    point.put("heapAfterGcBytes", heap);
                    point.put("storedConversationBytes", stored);
                    points.add(point);
                    paused.set(false);
                    context.progress().advance(1);
                }
            } finally {
                paused.set(false);
                stop.set(true);
                for (Thread worker : workers) {
                    worker.join();
                }
            }
            MetricsSnapshot snapshot = metrics.get().snapshot();
            long measured = measuredEnd - measuredStart;
            context.series(S, points);
            Map<String, Object> first = points.get(0);
            Map<String, Object> last = points.get(points.size() - 1);
            double firstRate = (double) first.get("perSecond");
            double lastRate = (double) last.get("perSecond");
            long heapGrowth = (long) last.get("heapAfterGcBytes") - (long) first.get("heapAfterGcBytes");
            long storedGrowth = (long) last.get("storedConversationBytes")
                    - (long) first.get("storedConversationBytes");
            double allowedMb = 1.0 + Heap.megabytes(Math.max(0, storedGrowth));
            context.add(Row.of(S, "requests in " + duration.toSeconds() + " s", (double) measured, "requests",
                    "~180,000 in 1 h", "", null, Better.NONE).withId("requests.count"));
            context.add(Row.of(S, "throughput, whole soak", measured * 1e9 / (measuredEndNanos - measuredStartNanos),
                    "req/s", "~50 req/s", "", null, Better.NONE).withId("throughput.req_per_s"));
            // Slowdown: the median interval of the last third against that of the first third, so that one
            // noisy interval (a neighbour's build on a shared machine) neither hides nor fakes a trend.
            int third = Math.max(1, points.size() / 3);
            double early = medianRate(points.subList(0, third));
            double late = medianRate(points.subList(points.size() - third, points.size()));
            context.add(Row.info(S, "throughput, first interval", firstRate, "req/s").withId("throughput.first_interval.req_per_s"));
            context.add(Row.info(S, "throughput, last interval", lastRate, "req/s").withId("throughput.last_interval.req_per_s"));
            context.add(Row.of(S, "throughput, last third / first third (medians)", late / early * 100, "%",
                    "no slowdown", ">= 90 %", 90.0, Better.HIGHER).withId("throughput.last_vs_first_third.percent"));
            context.add(Row.info(S, "heap after GC, first interval",
                    Heap.megabytes((long) first.get("heapAfterGcBytes")), "MB").withId("heap.first_interval_mb"));
            context.add(Row.of(S, "heap growth, first -> last interval", Heap.megabytes(heapGrowth), "MB", "no leak",
                    String.format(java.util.Locale.ROOT, "< %.1f MB (1 MB + stored growth)", allowedMb), allowedMb,
                    Better.LOWER).withId("heap.growth_mb"));
            context.add(Row.info(S, "stored conversations (approx.)",
                    Heap.megabytes((long) last.get("storedConversationBytes")), "MB").withId("stored_conversations_mb"));
            context.add(Row.info(S, "MetricsCollector p95", snapshot.p95Millis(), "ms").withId("metrics_collector.p95_ms"));
            context.add(Row.info(S, "MetricsCollector p99", snapshot.p99Millis(), "ms").withId("metrics_collector.p99_ms"));
            context.add(Row.of(S, "errors", (double) errors.sum(), "count", "", "0", 0.0, Better.LOWER).withId("errors.count")
                    .withNote(firstError.get()));
        }
    }

    private static double medianRate(List<Map<String, Object>> points) {
        double[] rates = points.stream().mapToDouble(p -> (double) p.get("perSecond")).sorted().toArray();
        return rates[rates.length / 2];
    }

    /** Stops the workers (they finish their current request), then reads the heap after GC; leaves them paused. */
    private static long pauseAndMeasureHeap(AtomicBoolean paused, AtomicInteger active) throws InterruptedException {
        paused.set(true);
        while (active.get() > 0) {
            Thread.sleep(1);
        }
        return Heap.usedAfterGc();
    }
}
