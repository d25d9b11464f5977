package io.clusternode.bench.jmh;

import io.clusternode.bench.ExecutorAgentTask;
import io.clusternode.core.executor.TaskResult;
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
 * every task recorded into a Prometheus registry: the cost of the executor's metrics. The same task as the
 * agent scenario's metrics-overhead rows ({@link ExecutorAgentTask}).
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

    private ExecutorAgentTask task;

    @Setup
    public void setUp() {
        task = ExecutorAgentTask.create(metrics.equals("prometheus"), "jmh");
    }

    @TearDown
    public void tearDown() {
        task.close();
    }

    @Benchmark
    public TaskResult agentTask() {
        return task.run();
    }
}
