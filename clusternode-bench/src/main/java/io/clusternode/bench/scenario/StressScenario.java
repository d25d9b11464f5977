package io.clusternode.bench.scenario;

import io.clusternode.bench.BenchContext;
import io.clusternode.bench.Fixtures;
import io.clusternode.bench.Load;
import io.clusternode.bench.report.Row;
import io.clusternode.bench.report.Row.Better;
import io.clusternode.core.agent.AiAgent;
import io.clusternode.core.executor.ClusterNodeConfig;
import io.clusternode.core.executor.ClusterNodeExecutor;
import io.clusternode.core.executor.ContextKey;
import io.clusternode.core.executor.TaskResult;
import io.clusternode.core.llm.SimulatedLlmProvider;
import io.clusternode.core.memory.WindowMemory;
import io.clusternode.core.metrics.MetricsCollector;
import io.clusternode.core.metrics.MetricsSnapshot;
import io.clusternode.core.model.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Stress: U users, each a virtual thread with its own memory session, each sending R requests one after the
 * other; a request is one agent run (memory load, model call, memory store) through
 * {@link ClusterNodeExecutor}, timed into HdrHistogram and into a {@link MetricsCollector}. With a simulated
 * model latency L no run can take less than L, so U users can at most reach U / L requests per second; the
 * achieved fraction of that limit shows the framework's overhead under load.
 */
public final class StressScenario implements Scenario {

    private static final String S = "stress";

    @Override
    public String name() {
        return S;
    }

    @Override
    public String description() {
        return "U users x R requests (--users, --requests) on virtual threads, simulated latency --latency-ms"
                + " (default: 0 ms and 20 ms)";
    }

    @Override
    public void run(BenchContext context) throws Exception {
        var settings = context.settings();
        List<Integer> latencies = settings.latencyMs() == null ? List.of(0, 20) : List.of(settings.latencyMs());
        Map<String, Object> series = new LinkedHashMap<>();
        context.used("stress.users", settings.users());
        context.used("stress.requestsPerUser", settings.requests());
        context.used("stress.latencyMs", latencies);
        for (int latency : latencies) {
            series.put(latency + "ms", run(context, settings.users(), settings.requests(), latency));
        }
        context.series(S, series);
    }

    private Map<String, Object> run(BenchContext context, int users, int requests, int latencyMs) throws Exception {
        String shape = String.format(Locale.ROOT, "%d x %d, %d ms", users, requests, latencyMs);
        String shapeKey = "latency_" + latencyMs + "ms";
        try (ClusterNodeExecutor executor = new ClusterNodeExecutor()) {
            SimulatedLlmProvider model = new SimulatedLlmProvider(Duration.ofMillis(latencyMs));
            WindowMemory memory = WindowMemory.builder().build();
            executor.register("model", model, ClusterNodeConfig.defaults());
            executor.register("memory", memory, ClusterNodeConfig.defaults());
            AiAgent agent = executor.register("agent", AiAgent.builder().model(model).memory(memory).build(),
                    ClusterNodeConfig.defaults().withAgent(Fixtures.config(null)));
            String[] sessions = Fixtures.sessions("stress", users);
            List<List<Message>> inputs = new ArrayList<>(100);
            for (int i = 0; i < 100; i++) {
                inputs.add(List.of(Message.user("Request " + i + ": what is new today?")));
            }
            // Warm-up, apart from the measurement: whole U x R rounds until the JIT has settled (at least two
            // rounds and 2 s at 0 ms; one short round with a latency, where the model's sleep dominates).
            int warmRequests = latencyMs == 0 ? requests : Math.min(requests, 3);
            long warmUntil = System.nanoTime() + context.settings().budget(2000, 50);
            context.progress().phase("warm-up " + shape, (long) users * warmRequests);
            for (int round = 0; round < 2 || (latencyMs == 0 && System.nanoTime() < warmUntil); round++) {
                Load.check(Load.run(users, warmRequests, 0, false, round == 0 ? context.progress() : null,
                        request(executor, inputs, sessions, new MetricsCollector())));
                if (latencyMs > 0) {
                    break;
                }
            }
            // Measured: several fresh runs (sessions cleared before each); the median run is reported, so one
            // unlucky GC pause or noisy neighbour neither makes nor breaks the figure.
            int runs = context.settings().size(latencyMs == 0 ? 5 : 3, 1);
            List<Load.Result> results = new ArrayList<>(runs);
            List<MetricsSnapshot> snapshots = new ArrayList<>(runs);
            List<Double> baselines = new ArrayList<>(runs);
            for (int run = 1; run <= runs; run++) {
                for (String session : sessions) {
                    memory.clear(session);
                }
                MetricsCollector measured = new MetricsCollector();
                context.progress().phase(shape + ", run " + run + "/" + runs, (long) users * requests);
                Load.Result r = Load.run(users, requests, 0, true, context.progress(),
                        request(executor, inputs, sessions, measured));
                results.add(r);
                snapshots.add(measured.snapshot());
                if (latencyMs > 0) {
                    // The control: the same users sleeping the same latency with no ClusterNode at all, right
                    // after, so it sees the same machine. What it misses of U/L is the platform's (scheduler,
                    // timer, other processes), not the library's.
                    context.progress().phase(shape + ", sleep-only baseline " + run + "/" + runs,
                            (long) users * requests);
                    baselines.add(Load.run(users, requests, 0, false, context.progress(),
                            (w, i) -> Thread.sleep(latencyMs)).perSecond());
                }
            }
            List<Load.Result> sorted = new ArrayList<>(results);
            sorted.sort(java.util.Comparator.comparingDouble(Load.Result::perSecond));
            Load.Result result = sorted.get(sorted.size() / 2);
            MetricsSnapshot snapshot = snapshots.get(results.indexOf(result));
            long totalErrors = results.stream().mapToLong(Load.Result::errors).sum();
            if (agent.memory() != memory) {
                throw new IllegalStateException("agent lost its memory");
            }

            double perSecond = result.perSecond();
            if (latencyMs == 0) {
                context.add(Row.of(S, "throughput, " + shape + " (median run)", perSecond, "req/s", "1600-2200 req/s",
                        ">= 250,000 req/s", 250_000.0, Better.HIGHER).withId(shapeKey + ".req_per_s"));
                context.add(Row.of(S, "duration, " + shape, result.seconds(), "s", "45-60 s", "", null,
                        Better.NONE).withId(shapeKey + ".duration_s"));
            } else {
                double limit = users * 1000.0 / latencyMs;
                context.add(Row.of(S, "throughput, " + shape, perSecond, "req/s", "",
                        String.format(Locale.ROOT, "limit U/L = %,.0f req/s", limit), null, Better.NONE).withId(shapeKey + ".req_per_s"));
                context.add(Row.of(S, "fraction of the U/L limit, " + shape, perSecond / limit * 100, "%", "",
                        ">= 90 %", 90.0, Better.HIGHER).withId(shapeKey + ".limit_fraction.percent"));
                double baseline = baselines.stream().sorted().toList().get(baselines.size() / 2);
                context.add(Row.info(S, "sleep-only baseline (no ClusterNode), fraction of U/L, " + shape,
                        baseline / limit * 100, "%").withId(shapeKey + ".sleep_baseline.limit_fraction.percent"));
                context.add(Row.info(S, "ClusterNode / sleep-only baseline, " + shape, perSecond / baseline * 100,
                        "%").withId(shapeKey + ".vs_sleep_baseline.percent"));
            }
            context.add(Row.of(S, "errors, " + shape + " (all runs)", (double) totalErrors, "count", "< 0.1 %", "0", 0.0,
                    Better.LOWER).withId(shapeKey + ".errors.count").withNote(results.stream().map(Load.Result::firstError)
                    .filter(java.util.Objects::nonNull).findFirst().orElse(null)));
            context.add(Row.info(S, "latency p50, " + shape, result.percentileMillis(50), "ms").withId(shapeKey + ".p50_ms"));
            context.add(Row.info(S, "latency p99, " + shape, result.percentileMillis(99), "ms").withId(shapeKey + ".p99_ms"));
            context.add(Row.info(S, "MetricsCollector p99 (Micrometer), " + shape, snapshot.p99Millis(), "ms").withId(shapeKey + ".metrics_collector.p99_ms"));
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("users", users);
            out.put("requestsPerUser", requests);
            out.put("latencyMs", latencyMs);
            out.put("requests", result.ops());
            out.put("errors", totalErrors);
            out.put("runs", runs);
            out.put("perSecondAllRuns", results.stream().map(Load.Result::perSecond).toList());
            out.put("seconds", result.seconds());
            out.put("perSecond", perSecond);
            out.put("sleepOnlyBaselinePerSecond", baselines);
            out.put("p50Millis", result.percentileMillis(50));
            out.put("p99Millis", result.percentileMillis(99));
            out.put("p999Millis", result.percentileMillis(99.9));
            out.put("maxMillis", result.latencies().getMaxValue() / 1e6);
            out.put("metricsCollector", snapshot);
            return out;
        }
    }

    /** One request: an agent run through the executor in the user's session, recorded in {@code metrics}. */
    private static Load.Op request(ClusterNodeExecutor executor, List<List<Message>> inputs, String[] sessions,
                                   MetricsCollector metrics) {
        return (w, i) -> {
            long start = System.nanoTime();
            boolean ok = false;
            try {
                TaskResult result = executor.execute("agent", executor.newContext(inputs.get((int) (i % 100)))
                        .put(ContextKey.SESSION_ID, sessions[w]));
                ok = !result.content().isEmpty();
                if (!ok) {
                    throw new AssertionError("empty answer");
                }
            } finally {
                metrics.record(System.nanoTime() - start, ok);
            }
        };
    }
}
