package io.clusternode.core.executor;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.model.AgentConfig;
import io.clusternode.core.model.AgentResponse;
import io.clusternode.core.model.LlmResponse;
import io.clusternode.core.model.Message;
import io.clusternode.core.registry.NodeRegistry;
import io.clusternode.core.spi.AgentProvider;
import io.clusternode.core.spi.LlmProvider;
import io.clusternode.core.spi.MemoryProvider;
import io.clusternode.core.spi.SubNodeProvider;
import io.clusternode.core.spi.ToolProvider;
import io.clusternode.core.tool.JsonSchemaValidator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs registered providers as tasks. Each provider is registered under a task id with its
 * {@link ClusterNodeConfig}; {@link #execute} runs one by id with an {@link ExecutionContext}. Thread-safe:
 * any number of concurrent executions share the providers.
 */
public final class ClusterNodeExecutor implements AutoCloseable {

    private final NodeRegistry registry;
    private final Map<String, ClusterNodeConfig> configs = new ConcurrentHashMap<>();
    private final AtomicLong executions = new AtomicLong();

    public ClusterNodeExecutor() {
        this(new NodeRegistry());
    }

    public ClusterNodeExecutor(NodeRegistry registry) {
        this.registry = registry;
    }

    public NodeRegistry registry() {
        return registry;
    }

    /** Registers a provider under a task id with its run configuration, and initialises it. */
    public <P extends SubNodeProvider> P register(String taskId, P provider, ClusterNodeConfig config) {
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
                yield new TaskResult(taskId, provider.type(), "", retrieved, io.clusternode.core.model.Usage.ZERO,
                        System.nanoTime() - start, null);
            }
            case ToolProvider tool -> {
                List<Message> input = context.require(ContextKey.INPUT_MESSAGES);
                String arguments = input.isEmpty() ? "{}" : input.get(input.size() - 1).content();
                JsonNode parsed = JsonSchemaValidator.of(tool.parameters()).parseArguments(tool.name(), arguments);
                String output = tool.execute(parsed);
                yield new TaskResult(taskId, provider.type(), output, List.of(), io.clusternode.core.model.Usage.ZERO,
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
