package io.clusternode.bench.scenario;

import io.clusternode.bench.BenchContext;
import io.clusternode.bench.Fixtures;
import io.clusternode.bench.Load;
import io.clusternode.bench.report.Row;
import io.clusternode.bench.report.Row.Better;
import io.clusternode.core.agent.AiAgent;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.json.Json;
import io.clusternode.core.registry.NodeRegistry;
import io.clusternode.core.spi.LlmProvider;
import io.clusternode.core.spi.MemoryProvider;
import io.clusternode.core.spi.Providers;
import io.clusternode.core.spi.Settings;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Provider initialisation: each of the three providers created and initialised cold (the first time in this
 * JVM, class loading included), then warm (average of many), then 10 concurrent initialisations of all three
 * into one registry. The seed's "DeepSeek" provider is measured when the OpenAI-compatible module is on the
 * class path, pointed at a closed local port so nothing leaves the machine.
 */
public final class InitScenario implements Scenario {

    private static final String S = "init";

    @Override
    public String name() {
        return S;
    }

    @Override
    public String description() {
        return "provider initialisation: model, memory, agent cold and warm; 10 concurrent initialisations";
    }

    @Override
    public void run(BenchContext context) throws Exception {
        Settings settings = Settings.empty();
        context.progress().phase("cold initialisation", 3);
        // The shared Jackson mapper is loaded once per JVM by whatever uses JSON first (here the calculator's
        // schema); timed on its own so the agent's figure is the agent's.
        long t = System.nanoTime();
        Json.parse("{\"warm\":[1]}", "warm-up JSON");
        double jsonCold = millisSince(t);
        t = System.nanoTime();
        LlmProvider model = Providers.model("simulated", settings);
        model.initialize();
        double modelCold = millisSince(t);
        t = System.nanoTime();
        MemoryProvider memory = Providers.memory("window", settings);
        memory.initialize();
        double memoryCold = millisSince(t);
        t = System.nanoTime();
        AiAgent agent = Fixtures.agent(model, memory);
        agent.initialize();
        double agentCold = millisSince(t);
        context.progress().advance(3);
        context.add(Row.info(S, "shared JSON mapper (Jackson), first use in the JVM", jsonCold, "ms")
                .withNote("class loading, once per JVM"));
        context.add(Row.of(S, "model provider (simulated), cold", modelCold, "ms", "1-5 ms (DeepSeek)", "< 10 ms",
                10.0, Better.LOWER));
        context.add(Row.of(S, "memory provider (window), cold", memoryCold, "ms", "2-8 ms", "< 10 ms", 10.0,
                Better.LOWER));
        context.add(Row.of(S, "agent provider (+calculator), cold", agentCold, "ms", "5-15 ms", "< 10 ms", 10.0,
                Better.LOWER));
        deepSeek(context);
        memory.close();

        int warm = context.settings().size(2000, 20);
        context.progress().phase("warm initialisation x" + warm, warm);
        AtomicLong sink = new AtomicLong();
        Load.Result warmRuns = Load.run(1, warm, 0, true, context.progress(), (w, i) -> {
            LlmProvider m = Providers.model("simulated", settings);
            m.initialize();
            MemoryProvider mem = Providers.memory("window", settings);
            mem.initialize();
            AiAgent a = Fixtures.agent(m, mem);
            a.initialize();
            sink.addAndGet(a.toolDefinitions().size());
            mem.close();
        });
        context.add(Row.of(S, "all three providers, warm (mean)", warmRuns.meanMillis(), "ms", "", "< 10 ms", 10.0,
                Better.LOWER));

        context.progress().phase("10 concurrent initialisations", 10);
        NodeRegistry registry = new NodeRegistry();
        Load.Result concurrent = Load.run(10, 1, 0, true, context.progress(), (w, i) -> {
            LlmProvider m = registry.register("model-" + w, Providers.model("simulated", settings));
            m.initialize();
            MemoryProvider mem = registry.register("memory-" + w, Providers.memory("window", settings));
            mem.initialize();
            registry.register("agent-" + w, Fixtures.agent(m, mem)).initialize();
        });
        registry.close();
        check(concurrent);
        context.add(Row.of(S, "10 concurrent initialisations (wall)", concurrent.nanos() / 1e6, "ms", "", "< 10 ms",
                10.0, Better.LOWER));
    }

    /** The OpenAI-compatible (DeepSeek) provider, when its module is present. */
    private static void deepSeek(BenchContext context) {
        Settings settings = Settings.of(Map.of("DEEPSEEK_API_KEY", "bench-placeholder-key",
                "DEEPSEEK_BASE_URL", "http://127.0.0.1:9/v1"));
        long t = System.nanoTime();
        try (LlmProvider provider = Providers.model("deepseek:deepseek-chat", settings)) {
            provider.initialize();
            context.add(Row.of(S, "model provider (deepseek), cold", millisSince(t), "ms", "1-5 ms", "< 10 ms",
                    10.0, Better.LOWER));
        } catch (NodeExecutionException e) {
            context.add(Row.missing(S, "model provider (deepseek), cold", e.code() == ErrorCode.UNKNOWN_NODE
                    ? "not available (no deepseek factory on the class path)" : "failed: " + e.code()));
        }
    }

    static void check(Load.Result result) {
        if (result.errors() > 0) {
            throw new IllegalStateException(result.errors() + " operations failed; first: " + result.firstError());
        }
    }

    static double millisSince(long start) {
        return (System.nanoTime() - start) / 1e6;
    }
}
