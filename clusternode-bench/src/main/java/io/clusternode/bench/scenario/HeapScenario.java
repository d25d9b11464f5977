package io.clusternode.bench.scenario;

import io.clusternode.bench.BenchContext;
import io.clusternode.bench.Fixtures;
import io.clusternode.bench.Heap;
import io.clusternode.bench.report.Row;
import io.clusternode.bench.report.Row.Better;
import io.clusternode.core.agent.AiAgent;
import io.clusternode.core.executor.ClusterNodeConfig;
import io.clusternode.core.executor.ClusterNodeExecutor;
import io.clusternode.core.model.Message;
import io.clusternode.core.registry.Providers;
import io.clusternode.core.spi.LlmProvider;
import io.clusternode.core.spi.MemoryProvider;
import io.clusternode.core.spi.Settings;
import java.lang.ref.Reference;
import java.util.List;

/**
 * Heap: live heap after GC (see {@link Heap}) before and after creating the three providers, after 1000 agent
 * runs (4 messages stored each, over 100 sessions), and after 1000 more sessions holding one message each;
 * from the differences, the bytes per stored message and per session.
 */
public final class HeapScenario implements Scenario {

    private static final String S = "heap";

    @Override
    public String name() {
        return S;
    }

    @Override
    public String description() {
        return "heap after GC: baseline, with the providers, after 1000 operations; bytes per message and session";
    }

    @Override
    public void run(BenchContext context) throws Exception {
        int runs = context.settings().size(1000, 100);
        int sessionCount = context.settings().size(100, 10);
        int extraSessions = context.settings().size(1000, 100);
        context.progress().phase("baseline", runs + extraSessions);
        long base = Heap.usedAfterGc();

        LlmProvider model = Providers.model("simulated", Settings.empty());
        MemoryProvider memory = Providers.memory("window", Settings.empty());
        AiAgent agent = Fixtures.agent(model, memory);
        ClusterNodeExecutor executor = new ClusterNodeExecutor();
        executor.register("model", model, ClusterNodeConfig.defaults());
        executor.register("memory", memory, ClusterNodeConfig.defaults());
        executor.register("agent", agent, ClusterNodeConfig.defaults());
        context.progress().phase("providers created", runs + extraSessions);
        long withProviders = Heap.usedAfterGc();

        String[] sessions = Fixtures.sessions("heap", sessionCount);
        context.progress().phase(runs + " agent runs", runs + extraSessions);
        for (int i = 0; i < runs; i++) {
            Fixtures.checkToolRun(agent.execute(Fixtures.QUESTION, Fixtures.config(sessions[i % sessionCount])));
            context.progress().advance(1);
        }
        long afterRuns = Heap.usedAfterGc();
        long messages = 4L * runs;

        String[] more = Fixtures.sessions("heap-extra", extraSessions);
        List<Message> one = List.of(Message.user("hello"));
        long afterSessions;
        try {
            for (String session : more) {
                memory.store(session, one);
                context.progress().advance(1);
            }
            afterSessions = Heap.usedAfterGc();
        } finally {
            // What is measured must stay reachable until the heap has been read.
            Reference.reachabilityFence(executor);
            Reference.reachabilityFence(more);
        }

        double perMessage = (double) (afterRuns - withProviders) / messages;
        double perSession = (double) (afterSessions - afterRuns) / extraSessions;
        context.add(Row.of(S, "heap after GC, baseline (whole JVM)", Heap.megabytes(base), "MB", "~10 MB", "", null,
                Better.NONE).withId("baseline_mb"));
        context.add(Row.of(S, "heap attributable to the 3 providers", Heap.megabytes(withProviders - base), "MB",
                "+6 MB", "< 2 MB", 2.0, Better.LOWER).withId("providers_mb"));
        context.add(Row.of(S, "heap after GC with the providers", Heap.megabytes(withProviders), "MB", "~16 MB",
                "< 15 MB", 15.0, Better.LOWER).withId("with_providers_mb"));
        context.add(Row.info(S, "heap after GC after " + runs + " agent runs", Heap.megabytes(afterRuns), "MB").withId("after_runs_mb"));
        context.add(Row.info(S, "bytes per stored message (incl. session share)", perMessage, "B").withId("bytes_per_message"));
        context.add(Row.info(S, "bytes per session (with one message)", perSession, "B").withId("bytes_per_session"));
        executor.close();
    }
}
