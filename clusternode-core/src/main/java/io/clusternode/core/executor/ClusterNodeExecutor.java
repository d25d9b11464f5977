package io.clusternode.core.executor;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusternode.core.agent.AiAgent;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.llm.SimulatedLlmProvider;
import io.clusternode.core.memory.WindowMemory;
import io.clusternode.core.metrics.MetricsCollector;
import io.clusternode.core.model.AgentConfig;
import io.clusternode.core.model.AgentResponse;
import io.clusternode.core.model.LlmResponse;
import io.clusternode.core.model.Message;
import io.clusternode.core.model.Usage;
import io.clusternode.core.registry.NodeRegistry;
import io.clusternode.core.spi.AgentProvider;
import io.clusternode.core.spi.LlmProvider;
import io.clusternode.core.spi.MemoryProvider;
import io.clusternode.core.spi.SubNodeProvider;
import io.clusternode.core.spi.ToolProvider;
import io.clusternode.core.tool.CalculatorTool;
import io.clusternode.core.tool.JsonSchemaValidator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Runs registered providers as tasks. Each provider is registered under a task id with its
 * {@link ClusterNodeConfig}; {@link #execute} runs one by id with an {@link ExecutionContext}. Thread-safe:
 * any number of concurrent executions share the providers.
 */
public final class ClusterNodeExecutor implements AutoCloseable {

    private final NodeRegistry registry;
    private final @Nullable MetricsCollector metrics;
    private final Map<String, ClusterNodeConfig> configs = new ConcurrentHashMap<>();
    private final AtomicLong executions = new AtomicLong();

    /** An executor with its own registry and no metrics. */
    public ClusterNodeExecutor() {
        this(new NodeRegistry(), null);
    }

    /** An executor over {@code registry}, without metrics. */
    public ClusterNodeExecutor(NodeRegistry registry) {
        this(registry, null);
    }

    /**
     * An executor over {@code registry} that records every task into {@code metrics} (see
     * {@link MetricsCollector#recordTask}); null records nothing and costs nothing.
     */
    public ClusterNodeExecutor(NodeRegistry registry, @Nullable MetricsCollector metrics) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.metrics = metrics;
    }

    /** The collector tasks are recorded into, if any. */
    public Optional<MetricsCollector> metrics() {
        return Optional.ofNullable(metrics);
    }

    public NodeRegistry registry() {
        return registry;
    }

    /**
     * Registers a provider under a task id with its run configuration ({@link ClusterNodeConfig#defaults()} when
     * null), and initialises it.
     */
    public <P extends SubNodeProvider> P register(String taskId, P provider, @Nullable ClusterNodeConfig config) {
        if (taskId == null || taskId.isBlank()) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "a task id must not be empty");
        }
        ClusterNodeConfig effective = config == null ? ClusterNodeConfig.defaults() : config;
        // The config goes in before the provider, so a concurrent execute never finds the provider without it.
        boolean added = configs.putIfAbsent(taskId, effective) == null;
        try {
            registry.register(taskId, provider);
        } catch (RuntimeException e) {
            if (added) {
                configs.remove(taskId);
            }
            throw e;
        }
        if (!added) {
            configs.put(taskId, effective); // a stale config of a provider removed from the registry directly
        }
        try {
            provider.initialize();
        } catch (RuntimeException e) {
            registry.unregister(taskId);
            configs.remove(taskId);
            throw e;
        }
        return provider;
    }

    /** A new context with a unique execution id. */
    public ExecutionContext newContext() {
        return new ExecutionContext("exec-" + executions.incrementAndGet());
    }

    /** A new context holding the input messages. */
    public ExecutionContext newContext(List<Message> inputMessages) {
        return newContext().put(ContextKey.INPUT_MESSAGES, List.copyOf(inputMessages));
    }

    /**
     * Runs the provider registered as {@code taskId}:
     * <ul>
     *   <li>a model: calls it with {@code input_messages};</li>
     *   <li>a memory: stores {@code input_messages} (if any) in the session, then retrieves its last
     *       {@code retrieveCount} messages;</li>
     *   <li>an agent: runs it on {@code input_messages};</li>
     *   <li>a tool: runs it with the arguments JSON given as the content of the last input message.</li>
     * </ul>
     */
    public TaskResult execute(String taskId, ExecutionContext context) {
        SubNodeProvider provider = registry.get(taskId);
        ClusterNodeConfig config = configs.getOrDefault(taskId, ClusterNodeConfig.defaults());
        if (metrics == null) {
            return run(taskId, provider, config, context);
        }
        long start = System.nanoTime();
        TaskResult result;
        try {
            result = run(taskId, provider, config, context);
        } catch (NodeExecutionException e) {
            metrics.recordTask(taskId, provider.type(), System.nanoTime() - start, e.code(), null);
            throw e;
        } catch (RuntimeException | Error e) {
            metrics.recordTask(taskId, provider.type(), System.nanoTime() - start, ErrorCode.INTERNAL, null);
            throw e;
        }
        metrics.recordTask(taskId, provider.type(), result.durationNanos(), null, result.state());
        return result;
    }

    /**
     * Prepares the executor for its first real request: initialises every registered provider, then runs
     * {@code turns} agent turns through this executor's own code path with an offline agent (the simulated
     * model, a private window memory, the calculator), so that class loading and JIT warm-up of the agent loop,
     * JSON handling and argument validation happen now rather than in the first user's request. Nothing is
     * sent to a model endpoint and no registered memory is written.
     *
     * @param turns offline agent turns to run (0 only initialises)
     * @return how long the warm-up took
     */
    public Duration warmUp(int turns) {
        if (turns < 0) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "warm-up turns must not be negative");
        }
        long start = System.nanoTime();
        registry.initializeAll();
        if (turns > 0) {
            try (WindowMemory memory = WindowMemory.builder().build()) {
                AiAgent agent = AiAgent.builder().model(new SimulatedLlmProvider()).memory(memory)
                        .tool(new CalculatorTool()).build();
                List<Message> question = List.of(Message.user("What is 6 * 7?"));
                for (int i = 0; i < turns; i++) {
                    run(WARM_UP_TASK, agent, ClusterNodeConfig.defaults(),
                            newContext(question).put(ContextKey.SESSION_ID, "warm-up-" + (i % 4)));
                }
            }
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static final String WARM_UP_TASK = "warm-up";

    private TaskResult run(String taskId, SubNodeProvider provider, ClusterNodeConfig config,
                           ExecutionContext context) {
        long start = System.nanoTime();
        return switch (provider) {
            case AgentProvider agent -> {
                AgentConfig agentConfig = config.agent();
                String session = context.get(ContextKey.SESSION_ID).orElse(agentConfig.sessionId());
                AgentResponse response = agent.execute(context.require(ContextKey.INPUT_MESSAGES),
                        agentConfig.withSessionId(session));
                yield new TaskResult(taskId, provider.type(), response.content(), response.turn(),
                        response.state().usage(), System.nanoTime() - start, response.state());
            }
            case LlmProvider llm -> {
                var llmConfig = config.model().model() == null ? config.model().withModel(llm.defaultModel()) : config.model();
                LlmResponse response = llm.call(context.require(ContextKey.INPUT_MESSAGES), llmConfig);
                yield new TaskResult(taskId, provider.type(), response.content(), List.of(response.toMessage()),
                        response.usage(), System.nanoTime() - start, null);
            }
            case MemoryProvider memory -> {
                String session = context.get(ContextKey.SESSION_ID).orElse(config.sessionId());
                List<Message> input = context.get(ContextKey.INPUT_MESSAGES).orElse(List.of());
                if (!input.isEmpty()) {
                    memory.store(session, input);
                }
                List<Message> retrieved = memory.retrieve(session, config.retrieveCount());
                yield new TaskResult(taskId, provider.type(), "", retrieved, Usage.ZERO,
                        System.nanoTime() - start, null);
            }
            case ToolProvider tool -> {
                List<Message> input = context.require(ContextKey.INPUT_MESSAGES);
                String arguments = input.isEmpty() ? "{}" : input.get(input.size() - 1).content();
                JsonNode parsed = JsonSchemaValidator.of(tool.parameters()).parseArguments(tool.name(), arguments);
                String output = tool.execute(parsed);
                yield new TaskResult(taskId, provider.type(), output == null ? "" : output, List.of(), Usage.ZERO,
                        System.nanoTime() - start, null);
            }
            default -> throw new NodeExecutionException(ErrorCode.WRONG_NODE_TYPE,
                    "provider '" + taskId + "' is not a model, memory, tool or agent and cannot run as a task");
        };
    }

    /** Closes every registered provider. */
    @Override
    public void close() {
        configs.clear();
        registry.close();
    }
}
