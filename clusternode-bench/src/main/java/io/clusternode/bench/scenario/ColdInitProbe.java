package io.clusternode.bench.scenario;

import io.clusternode.core.agent.AiAgent;
import io.clusternode.core.json.Json;
import io.clusternode.core.registry.Providers;
import io.clusternode.core.spi.LlmProvider;
import io.clusternode.core.spi.MemoryProvider;
import io.clusternode.core.spi.Settings;
import io.clusternode.core.tool.CalculatorTool;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * Runs in a fresh JVM started by {@link InitScenario}: creates and initialises each provider once, cold, and
 * prints the seven timings (shared libraries, model, memory, tool, agent, HTTP libraries, DeepSeek model) in milliseconds on one line. A cold
 * start happens once per JVM, so a robust figure needs several JVMs; one sample in a shared JVM is mostly noise.
 */
public final class ColdInitProbe {

    private ColdInitProbe() {
    }

    public static void main(String[] args) {
        long t = System.nanoTime();
        Json.parse("{\"warm\":[1]}", "warm-up JSON");
        LoggerFactory.getLogger(ColdInitProbe.class).debug("logging initialised");
        double libraries = since(t);
        t = System.nanoTime();
        LlmProvider model = Providers.model("simulated", Settings.empty());
        model.initialize();
        double modelMs = since(t);
        t = System.nanoTime();
        MemoryProvider memory = Providers.memory("window", Settings.empty());
        memory.initialize();
        double memoryMs = since(t);
        t = System.nanoTime();
        CalculatorTool calculator = new CalculatorTool();
        calculator.initialize();
        double toolMs = since(t);
        t = System.nanoTime();
        AiAgent agent = AiAgent.builder().model(model).memory(memory).tool(calculator).build();
        agent.initialize();
        double agentMs = since(t);
        // The HTTP model: its libraries (OkHttp with Kotlin's runtime, Resilience4j) load once per JVM like
        // Jackson above, so they get their own figure and the provider's figure is its own.
        t = System.nanoTime();
        new okhttp3.OkHttpClient.Builder().build();
        io.github.resilience4j.circuitbreaker.CircuitBreaker.ofDefaults("cold-init-probe");
        double httpLibraries = since(t);
        t = System.nanoTime();
        try (LlmProvider deepSeek = Providers.model("deepseek:deepseek-chat", Settings.of(java.util.Map.of(
                "DEEPSEEK_API_KEY", "bench-placeholder-key", "DEEPSEEK_BASE_URL", "http://127.0.0.1:9/v1")))) {
            deepSeek.initialize();
        }
        double deepSeekMs = since(t);
        System.out.printf(Locale.ROOT, "%.4f %.4f %.4f %.4f %.4f %.4f %.4f%n", libraries, modelMs, memoryMs, toolMs,
                agentMs, httpLibraries, deepSeekMs);
        memory.close();
    }

    private static double since(long start) {
        return (System.nanoTime() - start) / 1e6;
    }
}
