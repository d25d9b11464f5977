package io.clusternode.bench.scenario;

import io.clusternode.core.agent.AiAgent;
import io.clusternode.core.json.Json;
import io.clusternode.core.spi.LlmProvider;
import io.clusternode.core.spi.MemoryProvider;
import io.clusternode.core.spi.Providers;
import io.clusternode.core.spi.Settings;
import io.clusternode.core.tool.CalculatorTool;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * Runs in a fresh JVM started by {@link InitScenario}: creates and initialises each provider once, cold, and
 * prints the five timings (shared libraries, model, memory, tool, agent) in milliseconds on one line. A cold
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
        System.out.printf(Locale.ROOT, "%.4f %.4f %.4f %.4f %.4f%n", libraries, modelMs, memoryMs, toolMs, agentMs);
        memory.close();
    }

    private static double since(long start) {
        return (System.nanoTime() - start) / 1e6;
    }
}
