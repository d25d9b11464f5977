package io.clusternode.bench.scenario;

import io.clusternode.bench.Fixtures;
import io.clusternode.core.executor.ClusterNodeConfig;
import io.clusternode.core.executor.ClusterNodeExecutor;
import io.clusternode.core.executor.ContextKey;
import io.clusternode.core.executor.TaskResult;
import io.clusternode.core.llm.SimulatedLlmProvider;
import io.clusternode.core.memory.WindowMemory;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Runs in a fresh JVM started by {@link InitScenario}: creates an executor with the agent of {@link Fixtures}
 * (simulated model, window memory, calculator), optionally calls {@link ClusterNodeExecutor#warmUp} with the
 * number of turns given as the only argument, then answers the first real request ("What is 12 * 7?", a tool
 * call) and prints on one line, in milliseconds: the warm-up's duration (0 without), the first request's
 * latency, the time from executor creation to the first answer, and the time from JVM start to the first
 * answer.
 */
public final class FirstCallProbe {

    private FirstCallProbe() {
    }

    public static void main(String[] args) {
        int turns = args.length == 0 ? 0 : Integer.parseInt(args[0]);
        long created = System.nanoTime();
        long answeredAt;
        double warmUpMs;
        double firstCallMs;
        try (ClusterNodeExecutor executor = new ClusterNodeExecutor()) {
            executor.register("agent", Fixtures.agent(new SimulatedLlmProvider(),
                    WindowMemory.builder().maxMessages(Fixtures.WINDOW).build()), ClusterNodeConfig.defaults());
            warmUpMs = turns > 0 ? executor.warmUp(turns).toNanos() / 1e6 : 0;
            long start = System.nanoTime();
            TaskResult result = executor.execute("agent", executor.newContext(Fixtures.QUESTION)
                    .put(ContextKey.SESSION_ID, "first-user"));
            long end = System.nanoTime();
            answeredAt = System.currentTimeMillis();
            if (!Fixtures.ANSWER.equals(result.content())) {
                throw new IllegalStateException("unexpected answer: " + result.content());
            }
            firstCallMs = (end - start) / 1e6;
            double sinceCreation = (end - created) / 1e6;
            // Asked after the answer, so loading the management classes is not counted.
            long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
            System.out.printf(Locale.ROOT, "%.4f %.4f %.4f %d%n", warmUpMs, firstCallMs, sinceCreation,
                    answeredAt - jvmStart);
        }
    }
}
