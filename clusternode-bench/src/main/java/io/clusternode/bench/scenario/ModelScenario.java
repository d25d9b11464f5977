package io.clusternode.bench.scenario;

import io.clusternode.bench.BenchContext;
import io.clusternode.bench.Load;
import io.clusternode.bench.report.Row;
import io.clusternode.bench.report.Row.Better;
import io.clusternode.core.llm.SimulatedLlmProvider;
import io.clusternode.core.model.LlmConfig;
import io.clusternode.core.model.LlmResponse;
import io.clusternode.core.model.Message;
import io.clusternode.core.registry.NodeRegistry;
import io.clusternode.core.spi.LlmProvider;
import java.util.List;

/** Model calls to the simulated model (0 ms), looked up in a registry as a user would: one thread, 100 callers. */
public final class ModelScenario implements Scenario {

    private static final String S = "model";

    @Override
    public String name() {
        return S;
    }

    @Override
    public String description() {
        return "model call with the simulated model: one thread, and 100 concurrent callers";
    }

    @Override
    public void run(BenchContext context) throws Exception {
        NodeRegistry registry = new NodeRegistry();
        registry.register(new SimulatedLlmProvider());
        LlmConfig config = LlmConfig.of(SimulatedLlmProvider.KIND);
        List<Message> prompt = List.of(Message.system("You are a helpful assistant."),
                Message.user("Tell me about cluster nodes."));
        Load.Op call = (w, i) -> {
            LlmProvider model = registry.model(SimulatedLlmProvider.KIND);
            LlmResponse response = model.call(prompt, config);
            if (response.content().isEmpty()) {
                throw new AssertionError("empty answer");
            }
        };
        long calls = context.settings().size(2_000_000, 2_000);
        long budget = context.settings().budget(3000, 200);
        context.progress().phase("warm-up", calls / 4);
        Load.run(1, calls / 4, budget / 3, false, context.progress(), call);
        context.progress().phase("1 thread", calls);
        Load.Result single = Load.run(1, calls, budget, true, context.progress(), call);
        Load.check(single);
        context.progress().phase("100 concurrent callers", calls);
        Load.Result concurrent = Load.run(100, calls / 100, budget, true, context.progress(), call);
        Load.check(concurrent);

        context.add(Row.of(S, "calls/s, 1 thread", single.perSecond(), "calls/s", "1000+ calls/s", "", 1000.0,
                Better.HIGHER).withId("single_thread.calls_per_s"));
        context.add(Row.of(S, "latency p99, 1 thread", single.percentileMillis(99), "ms", "< 1 ms",
                "overhead < 30 ms", 30.0, Better.LOWER).withId("single_thread.p99_ms"));
        context.add(Row.of(S, "calls/s, 100 concurrent callers", concurrent.perSecond(), "calls/s", "", "", null,
                Better.NONE).withId("concurrent_100.calls_per_s"));
        context.add(Row.of(S, "latency p99, 100 concurrent callers", concurrent.percentileMillis(99), "ms", "",
                "overhead < 30 ms", 30.0, Better.LOWER).withId("concurrent_100.p99_ms"));
        registry.close();
    }
}
