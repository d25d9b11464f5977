package io.clusternode.bench.jmh;

import io.clusternode.bench.Fixtures;
import io.clusternode.core.executor.ClusterNodeConfig;
import io.clusternode.core.executor.ClusterNodeExecutor;
import io.clusternode.core.executor.ContextKey;
import io.clusternode.core.executor.TaskResult;
import io.clusternode.core.llm.SimulatedLlmProvider;
import io.clusternode.core.memory.WindowMemory;
import io.clusternode.core.metrics.MetricsCollector;
import io.clusternode.core.registry.NodeRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One agent task (memory, a calculator call, two model calls) through the executor with metrics off and with
 * every task recorded into a Prometheus registry: the cost of the executor's metrics.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ExecutorMetricsBenchmark {

    @Param({"off", "prometheus"})
    public String metrics;

    private ClusterNodeExecutor executor;
    private WindowMemory memory;
    private String[] sessions;
    private int next;

    @Setup
    public void setUp() {
        MetricsCollector collector = metrics.equals("off") ? null
                : new MetricsCollector(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        executor = new ClusterNodeExecutor(new NodeRegistry(), collector);
        memory = WindowMemory.builder().maxMessages(Fixtures.WINDOW).build();
        executor.register("agent", Fixtures.agent(new SimulatedLlmProvider(), memory), ClusterNodeConfig.defaults());
        sessions = Fixtures.sessions("jmh", 1000);
    }

    @TearDown
    public void tearDown() {
        executor.close();
    }

    @Benchmark
    public TaskResult agentTask() {
        return executor.execute("agent", executor.newContext(Fixtures.QUESTION)
                .put(ContextKey.SESSION_ID, sessions[next++ % sessions.length]));
    }
}
