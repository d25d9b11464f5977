package io.clusternode.bench.scenario;

import io.clusternode.bench.BenchContext;
import io.clusternode.bench.ExecutorAgentTask;
import io.clusternode.bench.Fixtures;
import io.clusternode.bench.Load;
import io.clusternode.bench.peer.LangChain4jPeer;
import io.clusternode.bench.report.Row;
import io.clusternode.bench.report.Row.Better;
import io.clusternode.core.agent.AiAgent;
import io.clusternode.core.llm.SimulatedLlmProvider;
import io.clusternode.core.memory.WindowMemory;
import io.clusternode.core.model.AgentResponse;
import io.clusternode.core.model.Message;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Agent execution with memory and a tool call ("What is 12 * 7?" per session: model call, calculator, model
 * call, memory load and store, full execution state recorded), next to LangChain4j's AiServices doing the same
 * work in the same JVM. Both are warmed up, then measured in alternating rounds (so that a noisy neighbour on
 * the machine hurts both alike); each side's best round is reported.
 */
public final class AgentScenario implements Scenario {

    private static final String S = "agent";
    private static final String HELLO = "Hello, how are you today?";

    @Override
    public String name() {
        return S;
    }

    @Override
    public String description() {
        return "agent run with memory and a calculator tool call, against LangChain4j AiServices in the same JVM";
    }

    @Override
    public void run(BenchContext context) throws Exception {
        var settings = context.settings();
        int pool = 1000;
        String[] sessions = Fixtures.sessions("agent", pool);
        String[] peerSessions = Fixtures.sessions("peer", pool);
        String[] plainSessions = Fixtures.sessions("plain", pool);
        String[] peerPlainSessions = Fixtures.sessions("peer-plain", pool);
        SimulatedLlmProvider model = new SimulatedLlmProvider();
        WindowMemory memory = WindowMemory.builder().maxMessages(Fixtures.WINDOW).build();
        AiAgent agent = Fixtures.agent(model, memory);
        AiAgent plainAgent = AiAgent.builder().model(model).memory(memory).build();
        LangChain4jPeer peer = new LangChain4jPeer(Fixtures.WINDOW);
        List<Message> hello = List.of(Message.user(HELLO));

        Map<String, Load.Op> ops = new LinkedHashMap<>();
        ops.put("clusternode+tool", (w, i) -> Fixtures.checkToolRun(
                agent.execute(Fixtures.QUESTION, Fixtures.config(sessions[(int) (i % pool)]))));
        ops.put("langchain4j+tool", (w, i) -> {
            if (!Fixtures.ANSWER.equals(peer.chatWithTool(peerSessions[(int) (i % pool)], Fixtures.QUESTION_TEXT))) {
                throw new AssertionError("unexpected LangChain4j answer");
            }
        });
        ops.put("clusternode", (w, i) -> {
            AgentResponse response = plainAgent.execute(hello, Fixtures.config(plainSessions[(int) (i % pool)]));
            if (response.content().isEmpty()) {
                throw new AssertionError("empty answer");
            }
        });
        ops.put("langchain4j", (w, i) -> {
            if (peer.chat(peerPlainSessions[(int) (i % pool)], HELLO).isEmpty()) {
                throw new AssertionError("empty LangChain4j answer");
            }
        });

        long warm = settings.budget(2000, 50);
        long round = settings.budget(1000, 50);
        int rounds = settings.size(5, 1);
        long maxOps = settings.size(50_000_000, 200);
        context.progress().phase("warm-up (both)", ops.size() * (long) (rounds + 1));
        for (Load.Op op : ops.values()) {
            Load.check(Load.run(1, maxOps, warm, false, null, op));
            context.progress().advance(1);
        }
        Map<String, Double> best = new LinkedHashMap<>();
        for (int r = 1; r <= rounds; r++) {
            context.progress().phase("round " + r + "/" + rounds + " (alternating)", ops.size() * (long) (rounds + 1));
            context.progress().advance(ops.size() * (long) r);
            for (Map.Entry<String, Load.Op> entry : ops.entrySet()) {
                Load.Result result = Load.run(1, maxOps, round, false, null, entry.getValue());
                Load.check(result);
                best.merge(entry.getKey(), result.perSecond(), Math::max);
                context.progress().advance(1);
            }
        }
        context.progress().phase("latency", 2);
        Load.Result latency = Load.run(1, maxOps, round, true, null, ops.get("clusternode+tool"));
        Load.check(latency);
        Load.Result peerLatency = Load.run(1, maxOps, round, true, null, ops.get("langchain4j+tool"));
        Load.check(peerLatency);

        double ours = best.get("clusternode+tool");
        double theirs = best.get("langchain4j+tool");
        context.add(Row.of(S, "ClusterNode runs/s, memory + tool call, 1 thread", ours, "runs/s",
                "10-50 ms per run", String.format(Locale.ROOT, ">= 1.5x LangChain4j (%,.0f/s)", 1.5 * theirs),
                1.5 * theirs, Better.HIGHER).withId("tool.single_thread.runs_per_s"));
        context.add(Row.info(S, "LangChain4j AiServices runs/s, memory + tool call", theirs, "runs/s").withId("tool.single_thread.langchain4j.runs_per_s"));
        context.add(Row.info(S, "ClusterNode / LangChain4j, with tool", ours / theirs, "x").withId("tool.single_thread.vs_langchain4j.ratio"));
        context.add(Row.info(S, "ClusterNode runs/s, memory, no tool, 1 thread", best.get("clusternode"), "runs/s").withId("no_tool.single_thread.runs_per_s"));
        context.add(Row.info(S, "LangChain4j AiServices runs/s, memory, no tool", best.get("langchain4j"), "runs/s").withId("no_tool.single_thread.langchain4j.runs_per_s"));
        context.add(Row.info(S, "ClusterNode / LangChain4j, no tool", best.get("clusternode") / best.get("langchain4j"),
                "x").withId("no_tool.single_thread.vs_langchain4j.ratio"));
        context.add(Row.of(S, "ClusterNode run latency p50 (tool call)", latency.percentileMillis(50), "ms",
                "10-50 ms", "< 50 ms", 50.0, Better.LOWER).withId("tool.latency.p50_ms"));
        context.add(Row.of(S, "ClusterNode run latency p99 (tool call)", latency.percentileMillis(99), "ms",
                "10-50 ms", "< 50 ms", 50.0, Better.LOWER).withId("tool.latency.p99_ms"));
        context.add(Row.info(S, "LangChain4j run latency p99 (tool call)", peerLatency.percentileMillis(99), "ms").withId("tool.latency.langchain4j.p99_ms"));
        metricsOverhead(context, warm, maxOps);
        Map<String, Object> series = new LinkedHashMap<>(best);
        context.series(S, series);
        memory.close();
    }

    /**
     * The cost of the executor's metrics: the same agent task through {@code ClusterNodeExecutor}, metrics off
     * and recording every task into a Prometheus registry, measured side by side in short alternating slices
     * ({@link Load#paired}). The overhead is one minus the ratio of the two sides' throughputs.
     */
    private static void metricsOverhead(BenchContext context, long warm, long maxOps) throws Exception {
        try (ExecutorAgentTask off = ExecutorAgentTask.create(false, "metrics-off");
                ExecutorAgentTask on = ExecutorAgentTask.create(true, "metrics-on")) {
            Load.Op offOp = (w, i) -> check(off);
            Load.Op onOp = (w, i) -> check(on);
            context.progress().phase("executor metrics off/on: warm-up", 2);
            Load.check(Load.run(1, maxOps, warm, false, null, offOp));
            Load.check(Load.run(1, maxOps, warm, false, null, onOp));
            context.progress().phase("executor metrics off/on: alternating slices", 2);
            context.progress().advance(1);
            Load.Paired paired = Load.paired(1, maxOps, context.settings().budget(100, 10),
                    context.settings().size(40, 2), onOp, offOp);
            double ratio = paired.ratio();
            String how = paired.spread();
            context.add(Row.info(S, "executor runs/s, memory + tool call, metrics off, 1 thread", paired.perSecondB(),
                    "runs/s").withId("executor.metrics_off.single_thread.runs_per_s").withNote("all slices"));
            context.add(Row.info(S, "executor runs/s, memory + tool call, metrics into Prometheus, 1 thread",
                    paired.perSecondA(), "runs/s").withId("executor.metrics_on.single_thread.runs_per_s")
                    .withNote("all slices"));
            context.add(Row.info(S, "executor throughput, metrics on / off", ratio, "x")
                    .withId("executor.metrics.on_off.ratio").withNote(how));
            context.add(Row.of(S, "executor metrics overhead (throughput lost with metrics on)", (1 - ratio) * 100,
                    "%", "", "< 5 %", 5.0, Better.LOWER).withId("executor.metrics.overhead.percent").withNote(how));
        }
    }

    private static void check(ExecutorAgentTask task) {
        String answer = task.run().content();
        if (!Fixtures.ANSWER.equals(answer)) {
            throw new AssertionError("unexpected agent answer: " + answer);
        }
    }
}
