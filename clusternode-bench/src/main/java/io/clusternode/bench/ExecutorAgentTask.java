package io.clusternode.bench;

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

/**
 * The agent task (memory, a calculator call, two model calls; the agent of {@link Fixtures}) run through
 * {@link ClusterNodeExecutor}, with the executor's metrics off or recording every task into a Prometheus
 * registry. The JMH {@code ExecutorMetricsBenchmark} and the agent scenario's metrics rows both measure this,
 * so they measure the same thing.
 */
public final class ExecutorAgentTask implements AutoCloseable {

    private static final String TASK = "agent";

    private final ClusterNodeExecutor executor;
    private final String[] sessions;
    private int next;

    private ExecutorAgentTask(MetricsCollector metrics, String sessionPrefix) {
        executor = new ClusterNodeExecutor(new NodeRegistry(), metrics);
        executor.register(TASK, Fixtures.agent(new SimulatedLlmProvider(),
                WindowMemory.builder().maxMessages(Fixtures.WINDOW).build()), ClusterNodeConfig.defaults());
        sessions = Fixtures.sessions(sessionPrefix, 1000);
    }

    /**
     * The task with metrics off ({@code prometheus} false) or into a new Prometheus registry.
     *
     * @param sessionPrefix prefix of the 1000 sessions the task cycles through
     */
    public static ExecutorAgentTask create(boolean prometheus, String sessionPrefix) {
        return new ExecutorAgentTask(prometheus
                ? new MetricsCollector(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)) : null, sessionPrefix);
    }

    /** Runs the task once on the next session; not thread-safe (one instance per thread). */
    public TaskResult run() {
        return executor.execute(TASK, executor.newContext(Fixtures.QUESTION)
                .put(ContextKey.SESSION_ID, sessions[next++ % sessions.length]));
    }

    /** Whether metrics are recorded. */
    public boolean metered() {
        return executor.metrics().isPresent();
    }

    @Override
    public void close() {
        executor.close();
    }
}
