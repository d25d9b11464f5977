package io.clusternode.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The server's meters in one Prometheus registry, scraped at {@code /metrics}. Names (as Prometheus shows
 * them): {@code clusternode_http_server_requests_seconds} (route, method, status),
 * {@code clusternode_agent_runs_seconds} (agent, outcome), {@code clusternode_agent_runs_in_flight},
 * {@code clusternode_agent_runs_capacity}, {@code clusternode_workflow_runs_seconds} (workflow, trigger, outcome),
 * {@code clusternode_model_calls_seconds} (model, outcome),
 * {@code clusternode_model_tokens_total} (model, type), {@code clusternode_model_circuit_state} (model; 0
 * closed, 1 half-open, 2 open), {@code clusternode_tool_calls_seconds} (tool, outcome),
 * {@code clusternode_memory_operations_seconds} (backend, operation, outcome), {@code clusternode_memory_up}
 * (backend), plus the JVM's. Timers publish histogram buckets (100 µs to 120 s), from which Prometheus
 * computes p50/p95/p99 with {@code histogram_quantile} across instances, as the alert rules and the dashboard
 * in {@code docs/monitoring/} do.
 *
 * <p>Tags take only bounded values (route patterns, configured names, error codes), never user input.
 */
public final class ServerMetrics {

    private static final Duration MIN_EXPECTED = Duration.ofNanos(100_000);
    private static final Duration MAX_EXPECTED = Duration.ofMinutes(2);

    private final PrometheusMeterRegistry registry;
    private final Map<TimerKey, Timer> timers = new ConcurrentHashMap<>();
    private final Map<String, Counter[]> tokenCounters = new ConcurrentHashMap<>();

    /** A Prometheus registry with the JVM meters bound. */
    public ServerMetrics() {
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** The registry, for meters of the embedding application. */
    public MeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    /** Records an answered HTTP request; {@code route} is the matched pattern, never the raw path. */
    public void httpRequest(String route, String method, int status, long nanos) {
        timer("clusternode.http.server.requests", "HTTP requests answered", "route", route, "method", method,
                "status", Integer.toString(status)).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Records an agent run; {@code outcome} is {@code success} or an error code. */
    public void agentRun(String agent, String outcome, long nanos) {
        timer("clusternode.agent.runs", "Agent runs", "agent", agent, "outcome", outcome)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Records a workflow run; {@code trigger} is how it was started ({@code chat}, {@code model}, {@code webhook}),
     * {@code outcome} is {@code success} or an error code.
     */
    public void workflowRun(String workflow, String trigger, String outcome, long nanos) {
        timer("clusternode.workflow.runs", "Workflow runs", "workflow", workflow, "trigger", trigger,
                "outcome", outcome).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Records a model call; {@code outcome} is {@code success} or an error code. */
    public void modelCall(String model, String outcome, long nanos) {
        timer("clusternode.model.calls", "Chat model calls", "model", model, "outcome", outcome)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Adds a model call's prompt and completion tokens. */
    public void modelTokens(String model, long prompt, long completion) {
        Counter[] counters = tokenCounters.computeIfAbsent(model, m -> new Counter[] {
            Counter.builder("clusternode.model.tokens").description("Tokens used by model calls")
                    .tags("model", m, "type", "prompt").register(registry),
            Counter.builder("clusternode.model.tokens").description("Tokens used by model calls")
                    .tags("model", m, "type", "completion").register(registry)});
        counters[0].increment((double) prompt);
        counters[1].increment((double) completion);
    }

    /** Records a tool call; {@code outcome} is {@code success} or an error code. */
    public void toolCall(String tool, String outcome, long nanos) {
        timer("clusternode.tool.calls", "Tool calls", "tool", tool, "outcome", outcome)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Records a memory operation ({@code store}, {@code retrieve}, ...). */
    public void memoryOperation(String backend, String operation, String outcome, long nanos) {
        timer("clusternode.memory.operations", "Memory operations", "backend", backend, "operation", operation,
                "outcome", outcome).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Registers a gauge read at scrape time. */
    public void gauge(String name, String description, Supplier<Number> value, String... tags) {
        Gauge.builder(name, value).description(description).tags(tags).strongReference(true).register(registry);
    }

    /** Meters are looked up per request: a map keyed by name and tag values avoids rebuilding their ids. */
    private Timer timer(String name, String description, String... tags) {
        return timers.computeIfAbsent(new TimerKey(name, List.of(tags)), key -> newTimer(name, description, tags));
    }

    private record TimerKey(String name, List<String> tags) {
    }

    private Timer newTimer(String name, String description, String... tags) {
        return Timer.builder(name).description(description).tags(tags)
                .publishPercentileHistogram()
                .minimumExpectedValue(MIN_EXPECTED)
                .maximumExpectedValue(MAX_EXPECTED)
                .register(registry);
    }
}
