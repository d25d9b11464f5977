package io.clusternode.bench.scenario;

import io.clusternode.bench.BenchContext;
import io.clusternode.bench.Fixtures;
import io.clusternode.bench.Load;
import io.clusternode.bench.report.Row;
import io.clusternode.bench.report.SvgPlot;
import io.clusternode.core.agent.AiAgent;
import io.clusternode.core.llm.SimulatedLlmProvider;
import io.clusternode.core.memory.WindowMemory;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Throughput and p99 latency of the agent run (memory and a tool call) against the number of concurrent users,
 * 1, 2, 4, ... 1024, each user a virtual thread with its own session; writes the SVG plot when {@code --plot}
 * names a file.
 *
 * <p>The simulated model answers after 1 ms by default ({@code --latency-ms} sets another latency). With 0 ms
 * a run never blocks, so a virtual thread keeps its carrier until it is done and only as many users as there
 * are cores ever run at once: the sweep would show a flat line and per-run latencies that never include
 * waiting for a core. With a latency, users interleave as they would with a remote model, throughput rises
 * with the users until the cores are busy, and from there the p99 shows the queueing.
 */
public final class SweepScenario implements Scenario {

    private static final String S = "concurrency-sweep";

    @Override
    public String name() {
        return S;
    }

    @Override
    public String description() {
        return "agent runs at 1, 2, 4, ... 1024 concurrent users, model latency 1 ms (or --latency-ms):"
                + " throughput and p99 (--plot FILE writes an SVG)";
    }

    @Override
    public void run(BenchContext context) throws Exception {
        var settings = context.settings();
        int maxUsers = settings.size(1024, 8);
        long warm = settings.budget(300, 20);
        long budget = settings.budget(1200, 60);
        int latencyMs = settings.latencyMs() == null ? 1 : settings.latencyMs();
        context.used("concurrencySweep.latencyMs", latencyMs);
        context.used("concurrencySweep.maxUsers", maxUsers);
        SimulatedLlmProvider model = new SimulatedLlmProvider(java.time.Duration.ofMillis(latencyMs));
        WindowMemory memory = WindowMemory.builder().build();
        AiAgent agent = Fixtures.agent(model, memory);
        String[] sessions = Fixtures.sessions("sweep", maxUsers);
        Load.Op run = (w, i) -> Fixtures.checkToolRun(agent.execute(Fixtures.QUESTION, Fixtures.config(sessions[w])));
        List<Map<String, Object>> points = new ArrayList<>();
        int steps = Integer.numberOfTrailingZeros(maxUsers) + 1;
        context.progress().phase("1.." + maxUsers + " users", steps);
        for (int users = 1; users <= maxUsers; users *= 2) {
            Load.check(Load.run(users, Long.MAX_VALUE, warm, false, null, run));
            Load.Result result = Load.run(users, Long.MAX_VALUE, budget, true, null, run);
            Load.check(result);
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("users", users);
            point.put("latencyMs", latencyMs);
            point.put("perSecond", result.perSecond());
            point.put("p50Millis", result.percentileMillis(50));
            point.put("p99Millis", result.percentileMillis(99));
            points.add(point);
            context.progress().advance(1);
            if (users == 1 || users == maxUsers || users == 64) {
                String at = " at " + users + " users, " + latencyMs + " ms model";
                String usersKey = users == maxUsers ? "max" : Integer.toString(users);
                context.add(Row.info(S, "agent runs/s" + at, result.perSecond(), "runs/s").withId("users_" + usersKey + ".runs_per_s"));
                context.add(Row.info(S, "agent p99" + at, result.percentileMillis(99), "ms").withId("users_" + usersKey + ".p99_ms"));
            }
        }
        memory.close();
        context.series(S, points);
        if (settings.plot() != null) {
            if (settings.plot().toAbsolutePath().getParent() != null) {
                Files.createDirectories(settings.plot().toAbsolutePath().getParent());
            }
            Files.writeString(settings.plot(), SvgPlot.throughputAndLatency(
                    "ClusterNode agent run (memory + tool call), simulated model at " + latencyMs + " ms, 2 cores",
                    points));
        }
    }
}
