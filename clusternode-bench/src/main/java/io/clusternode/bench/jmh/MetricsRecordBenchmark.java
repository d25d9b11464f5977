package io.clusternode.bench.jmh;

import io.clusternode.bench.Fixtures;
import io.clusternode.core.agent.AiAgent;
import io.clusternode.core.llm.SimulatedLlmProvider;
import io.clusternode.core.memory.WindowMemory;
import io.clusternode.core.metrics.MetricsCollector;
import io.clusternode.core.model.ExecutionState;
import io.clusternode.core.spi.NodeType;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the executor's metrics add to one agent task: recording a finished run (memory load, model call,
 * calculator call, model call, memory store) into a Prometheus registry. Unlike the whole-run comparison of
 * {@link ExecutorMetricsBenchmark}, whose two figures each move by several percent between runs, this
 * measures the added work alone, so it can be set against the run's own time.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MetricsRecordBenchmark {

    private MetricsCollector metrics;
    private ExecutionState state;

    @Setup
    public void setUp() {
        metrics = new MetricsCollector(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        try (WindowMemory memory = WindowMemory.builder().maxMessages(Fixtures.WINDOW).build()) {
            AiAgent agent = Fixtures.agent(new SimulatedLlmProvider(), memory);
            state = agent.execute(Fixtures.QUESTION, Fixtures.config("jmh-metrics")).state();
        }
        if (state.steps().size() != 5) {
            throw new IllegalStateException("expected five steps, got " + state.steps());
        }
    }

    @Benchmark
    public void recordAgentTask() {
        metrics.recordTask("agent", NodeType.AGENT, state.totalNanos(), null, state);
    }
}
