package io.clusternode.bench.scenario;

import io.clusternode.bench.BenchContext;
import io.clusternode.bench.Fixtures;
import io.clusternode.bench.Load;
import io.clusternode.bench.report.Row;
import io.clusternode.bench.report.Row.Better;
import io.clusternode.core.executor.ClusterNodeConfig;
import io.clusternode.core.executor.ClusterNodeExecutor;
import io.clusternode.core.executor.ContextKey;
import io.clusternode.core.executor.TaskResult;
import io.clusternode.core.llm.SimulatedLlmProvider;
import io.clusternode.core.memory.WindowMemory;
import io.clusternode.core.model.Message;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * 50 concurrent mixed tasks through {@link ClusterNodeExecutor}: each task runs a model call, a memory task
 * (store and retrieve) and an agent run with a tool call, one after the other, on its own virtual thread. A
 * batch of 50 is one measurement; many batches give a distribution of the batch wall time.
 */
public final class MixedScenario implements Scenario {

    private static final String S = "mixed";

    @Override
    public String name() {
        return S;
    }

    @Override
    public String description() {
        return "50 concurrent mixed tasks (model call + memory store + agent run) through ClusterNodeExecutor";
    }

    @Override
    public void run(BenchContext context) throws Exception {
        try (ClusterNodeExecutor executor = new ClusterNodeExecutor()) {
            SimulatedLlmProvider model = executor.register("llm", new SimulatedLlmProvider(),
                    ClusterNodeConfig.defaults());
            WindowMemory memory = executor.register("memory", WindowMemory.builder().build(),
                    ClusterNodeConfig.defaults());
            executor.register("agent", Fixtures.agent(model, memory),
                    ClusterNodeConfig.defaults().withAgent(Fixtures.config(null)));
            String[] sessions = Fixtures.sessions("mixed", 50);
            List<Message> prompt = List.of(Message.user("Summarise the last meeting."));
            Load.Op task = (w, i) -> {
                TaskResult llm = executor.execute("llm", executor.newContext(prompt));
                TaskResult stored = executor.execute("memory", executor.newContext(List.of(Message.user("note " + i),
                        Message.assistant("noted"))).put(ContextKey.SESSION_ID, sessions[w]));
                TaskResult agent = executor.execute("agent", executor.newContext(Fixtures.QUESTION)
                        .put(ContextKey.SESSION_ID, sessions[w]));
                if (llm.content().isEmpty() || stored.messages().isEmpty()
                        || !Fixtures.ANSWER.equals(agent.content())) {
                    throw new AssertionError("unexpected task result");
                }
            };
            int batches = context.settings().size(400, 5);
            context.progress().phase("warm-up", batches);
            for (int b = 0; b < batches; b++) {
                Load.check(Load.run(50, 1, 0, false, null, task));
                context.progress().advance(1);
            }
            Histogram wall = new Histogram(1, 600_000_000_000L, 3);
            context.progress().phase(batches + " batches of 50", batches);
            long errors = 0;
            for (int b = 0; b < batches; b++) {
                Load.Result result = Load.run(50, 1, 0, false, null, task);
                errors += result.errors();
                wall.recordValue(Math.max(1, result.nanos()));
                context.progress().advance(1);
            }
            context.add(Row.of(S, "50 concurrent mixed tasks, wall, median", wall.getValueAtPercentile(50) / 1e6,
                    "ms", "< 200 ms", "< 200 ms", 200.0, Better.LOWER).withId("tasks_50.wall.p50_ms"));
            context.add(Row.of(S, "50 concurrent mixed tasks, wall, p99", wall.getValueAtPercentile(99) / 1e6,
                    "ms", "< 200 ms", "< 200 ms", 200.0, Better.LOWER).withId("tasks_50.wall.p99_ms"));
            context.add(Row.of(S, "errors", (double) errors, "count", "", "0", null, Better.NONE).withId("errors.count"));
            if (errors > 0) {
                throw new IllegalStateException(errors + " mixed tasks failed");
            }
        }
    }
}
