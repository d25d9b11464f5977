package io.clusternode.server;

import io.clusternode.core.agent.AiAgent;
import io.clusternode.core.registry.Providers;
import io.clusternode.core.spi.LlmProvider;
import io.clusternode.core.spi.MemoryProvider;
import io.clusternode.core.spi.Settings;
import io.clusternode.core.spi.ToolProvider;
import io.clusternode.core.tool.CalculatorTool;
import io.clusternode.core.tool.DateTimeTool;
import io.clusternode.openai.OpenAiCompatibleLlmProvider;
import io.clusternode.server.metrics.MeteredLlmProvider;
import io.clusternode.server.metrics.MeteredMemoryProvider;
import io.clusternode.server.metrics.MeteredTool;
import io.clusternode.server.metrics.ServerMetrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The agents a server offers, by name, over one shared chat model and one shared memory (each measured for
 * {@code /metrics}). The server keeps no state of its own: conversations live in the memory, so instances
 * sharing a Redis or PostgreSQL memory serve the same sessions.
 */
public final class AgentCatalog implements AutoCloseable {

    private final LlmProvider model;
    private final MeteredMemoryProvider memory;
    private final Map<String, AiAgent> agents;
    private final List<ToolProvider> tools;
    private final String modelSpec;

    private AgentCatalog(LlmProvider model, MeteredMemoryProvider memory, Map<String, AiAgent> agents,
                         List<ToolProvider> tools, String modelSpec) {
        this.model = model;
        this.memory = memory;
        this.agents = agents;
        this.tools = tools;
        this.modelSpec = modelSpec;
    }

    /**
     * Builds and initialises the model, the memory and the agents of {@code config}.
     *
     * @throws io.clusternode.core.error.NodeExecutionException when a provider cannot be created or initialised
     */
    public static AgentCatalog create(ServerConfig config, Settings settings, ServerMetrics metrics) {
        LlmProvider rawModel = Providers.model(config.model(), settings);
        MemoryProvider rawMemory;
        try {
            rawModel.initialize();
            rawMemory = Providers.memory(config.memory(), settings);
        } catch (RuntimeException e) {
            rawModel.close();
            throw e;
        }
        try {
            rawMemory.initialize();
        } catch (RuntimeException e) {
            rawMemory.close();
            rawModel.close();
            throw e;
        }
        return of(rawModel, rawMemory, config, metrics);
    }

    /**
     * Serves {@code config}'s agents over an already initialised model and memory, which the catalog then owns
     * (closes).
     */
    public static AgentCatalog of(LlmProvider rawModel, MemoryProvider rawMemory, ServerConfig config,
                                  ServerMetrics metrics) {
        MeteredLlmProvider model = new MeteredLlmProvider(rawModel, metrics);
        MeteredMemoryProvider memory = new MeteredMemoryProvider(rawMemory, metrics);
        Map<String, AiAgent> agents = new LinkedHashMap<>();
        // Tools are immutable and thread-safe: one instance of each serves every agent that has it.
        Map<String, ToolProvider> toolsByKind = new LinkedHashMap<>();
        for (ServerConfig.AgentSpec spec : config.agents()) {
            List<ToolProvider> tools = new ArrayList<>();
            for (String tool : spec.tools()) {
                tools.add(toolsByKind.computeIfAbsent(tool, kind -> new MeteredTool(switch (kind) {
                    case "calculator" -> new CalculatorTool();
                    case "datetime" -> new DateTimeTool();
                    default -> throw ServerConfig.invalid("unknown tool");
                }, metrics)));
            }
            agents.put(spec.name(), AiAgent.builder().model(model).memory(memory).tools(tools).build());
        }
        if (rawModel instanceof OpenAiCompatibleLlmProvider http) {
            metrics.gauge("clusternode.model.circuit.state", "Circuit breaker of the model endpoint: 0 closed,"
                    + " 1 half-open, 2 open, -1 disabled", () -> circuitValue(http.circuitState()),
                    "model", rawModel.defaultModel() == null ? rawModel.kind() : rawModel.defaultModel());
        }
        return new AgentCatalog(model, memory, Map.copyOf(agents), List.copyOf(toolsByKind.values()), config.model());
    }

    private static int circuitValue(String state) {
        return switch (state) {
            case "CLOSED" -> 0;
            case "HALF_OPEN" -> 1;
            case "OPEN", "FORCED_OPEN" -> 2;
            default -> -1;
        };
    }

    /** The agent named {@code name}, if there is one. */
    public Optional<AiAgent> agent(String name) {
        return Optional.ofNullable(agents.get(name));
    }

    /** The agents' names, in configuration order. */
    public List<String> names() {
        return agents.keySet().stream().sorted().toList();
    }

    /** The tools the agents have (each once, measured), in configuration order. */
    public List<ToolProvider> tools() {
        return tools;
    }

    /** The shared memory, measured. */
    public MeteredMemoryProvider memory() {
        return memory;
    }

    /** The shared chat model, measured. */
    public LlmProvider model() {
        return model;
    }

    /** The model specification with any credentials in it masked. */
    public String modelSpec() {
        return io.clusternode.core.secret.Redaction.url(modelSpec);
    }

    /** The model endpoint's circuit-breaker state, when the model is an HTTP endpoint with one. */
    public Optional<String> circuitState() {
        LlmProvider raw = model instanceof MeteredLlmProvider metered ? metered.delegate() : model;
        return raw instanceof OpenAiCompatibleLlmProvider http ? Optional.of(http.circuitState()) : Optional.empty();
    }

    /** Closes the model and the memory. */
    @Override
    public void close() {
        try {
            model.close();
        } finally {
            memory.close();
        }
    }
}
