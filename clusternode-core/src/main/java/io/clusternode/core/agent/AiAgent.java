package io.clusternode.core.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.llm.CallDeadline;
import io.clusternode.core.memory.SessionIds;
import io.clusternode.core.model.AgentConfig;
import io.clusternode.core.model.AgentResponse;
import io.clusternode.core.model.ExecutionState;
import io.clusternode.core.model.LlmConfig;
import io.clusternode.core.model.LlmResponse;
import io.clusternode.core.model.Message;
import io.clusternode.core.model.Role;
import io.clusternode.core.model.StepTiming;
import io.clusternode.core.model.ToolCall;
import io.clusternode.core.model.ToolDefinition;
import io.clusternode.core.model.Usage;
import io.clusternode.core.secret.Redaction;
import io.clusternode.core.spi.AgentProvider;
import io.clusternode.core.spi.LlmProvider;
import io.clusternode.core.spi.MemoryProvider;
import io.clusternode.core.spi.NodeDefinition;
import io.clusternode.core.spi.NodeType;
import io.clusternode.core.spi.StreamListener;
import io.clusternode.core.spi.ToolProvider;
import io.clusternode.core.tool.JsonSchemaValidator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AI Agent root node: a chat model, an optional memory and any number of tools attached as sub-nodes.
 *
 * <p>A run loads the session's history, then loops: call the model; if it asks for tools, run them (several
 * calls of one step concurrently, on virtual threads), append their results and call the model again; stop
 * at the first answer without tool calls, or fail after {@code maxIterations} model calls. Tools passed in the
 * run's {@link LlmConfig#tools()} are the caller's (client-side tools): when the model calls one, the run stops
 * with finish reason {@code tool_calls}, its turn ending with that assistant message (plus the results of the
 * agent's own tools called in the same step); the caller runs the tool and sends its result as the next run's
 * input. Only a run that
 * succeeds stores its turn (input, assistant and tool messages) in memory, in one atomic store.
 *
 * <p>Immutable and thread-safe: one agent serves any number of concurrent runs. Per-run state lives in
 * {@link Run}.
 */
public final class AiAgent implements AgentProvider {

    public static final String KIND = "ai_agent";

    /** How long one tool call may run by default. */
    public static final Duration DEFAULT_TOOL_TIMEOUT = Duration.ofMinutes(2);

    /**
     * The most characters of one tool result handed to the model by default: about 16,000 tokens, enough
     * for a page of text or JSON, small enough that a runaway result cannot fill the model's context.
     */
    public static final int DEFAULT_MAX_TOOL_RESULT_CHARS = 64_000;

    private static final Logger LOG = LoggerFactory.getLogger(AiAgent.class);
    private static final NodeDefinition DEFINITION = new NodeDefinition(KIND, NodeType.AGENT, "AI Agent", 1, null);

    private final LlmProvider model;
    private final @Nullable LlmProvider fallbackModel;
    private final @Nullable MemoryProvider memory;
    private final @Nullable String systemPrompt;
    private final Map<String, BoundTool> tools;
    private final List<ToolDefinition> toolDefinitions;
    private final Duration toolTimeout;
    private final int maxToolResultChars;

    private AiAgent(Builder builder) {
        LlmProvider chatModel = builder.model;
        if (chatModel == null) {
            throw new NodeExecutionException(ErrorCode.MISSING_SUB_NODE,
                    "an AI Agent needs a chat model sub-node (ai_languageModel)");
        }
        this.model = chatModel;
        this.fallbackModel = builder.fallbackModel;
        this.memory = builder.memory;
        this.systemPrompt = builder.systemPrompt;
        this.toolTimeout = builder.toolTimeout;
        this.maxToolResultChars = builder.maxToolResultChars;
        Map<String, BoundTool> byName = new HashMap<>();
        List<ToolDefinition> definitions = new ArrayList<>(builder.tools.size());
        for (ToolProvider tool : builder.tools) {
            if (byName.putIfAbsent(tool.name(), new BoundTool(tool, JsonSchemaValidator.of(tool.parameters()))) != null) {
                throw new NodeExecutionException(ErrorCode.DUPLICATE_NODE,
                        "two tools attached to the agent are named '" + tool.name() + "'");
            }
            definitions.add(tool.toolDefinition());
        }
        this.tools = Map.copyOf(byName);
        this.toolDefinitions = List.copyOf(definitions);
    }

    /** A builder to attach the model (required), fallback model, memory, system prompt and tools. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public NodeDefinition definition() {
        return DEFINITION;
    }

    /** The chat model sub-node. */
    public LlmProvider model() {
        return model;
    }

    /** The memory sub-node, or null for an agent without memory. */
    public @Nullable MemoryProvider memory() {
        return memory;
    }

    /** The tools offered to the model on every call, in the order they were attached. */
    public List<ToolDefinition> toolDefinitions() {
        return toolDefinitions;
    }

    @Override
    public AgentResponse execute(List<Message> messages, AgentConfig config) {
        return execute(messages, config, StreamListener.NONE);
    }

    @Override
    public AgentResponse execute(List<Message> messages, AgentConfig config, StreamListener listener) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(listener, "listener");
        if (messages == null || messages.isEmpty()) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "an agent run needs at least one input message");
        }
        if (config.sessionId() != null) {
            SessionIds.requireValid(config.sessionId());
        }
        return new Run(config, listener).execute(messages);
    }

    /** The state of one agent run. Confined to the thread that runs it (tool threads only read). */
    private final class Run {
        private final AgentConfig config;
        private final StreamListener listener;
        private final LlmConfig llmConfig;
        /** The model name of the primary model's calls: the run's, else the model's default. */
        private final String modelName;
        private final long deadline;
        private final List<StepTiming> steps = new ArrayList<>(8);
        private Usage usage = Usage.ZERO;
        private int modelCalls;
        private int toolCalls;
        private final Set<String> clientTools;

        Run(AgentConfig config, StreamListener listener) {
            this.config = config;
            this.listener = listener;
            LlmConfig llm = config.model();
            String name = llm.model();
            if (name == null) {
                name = model.defaultModel();
                llm = llm.withModel(name);
            }
            this.modelName = name;
            // Tools in the run's own model config are the caller's (client-side tools, as in the OpenAI API):
            // offered to the model next to the agent's, but a call to one ends the run (see clientToolCall).
            this.clientTools = llm.tools().isEmpty() ? Set.of() : new HashSet<>();
            for (ToolDefinition tool : llm.tools()) {
                if (tools.containsKey(tool.name()) || !clientTools.add(tool.name())) {
                    throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "the caller's tool '" + tool.name()
                            + "' is named like another tool of this run; tool names must be unique");
                }
            }
            List<ToolDefinition> offered = toolDefinitions;
            if (!clientTools.isEmpty()) {
                offered = new ArrayList<>(toolDefinitions);
                offered.addAll(llm.tools());
            }
            this.llmConfig = offered.isEmpty() ? llm : llm.withTools(offered);
            this.deadline = System.nanoTime() + config.timeout().toNanos();
        }

        /** Between steps: a run past its deadline ends with TIMEOUT before it stores anything. */
        private void checkDeadline() {
            if (System.nanoTime() - deadline >= 0) {
                throw new NodeExecutionException(ErrorCode.TIMEOUT, "the agent run did not finish within its "
                        + config.timeout().toMillis() + " ms timeout; nothing was stored");
            }
        }

        /** Whether the model asked for a caller's tool: the run then returns the calls for the caller to run. */
        private boolean clientToolCall(LlmResponse response) {
            if (clientTools.isEmpty()) {
                return false;
            }
            for (ToolCall call : response.toolCalls()) {
                if (clientTools.contains(call.name())) {
                    return true;
                }
            }
            return false;
        }

        AgentResponse execute(List<Message> input) {
            long start = System.nanoTime();
            // The run loads and stores history only with both a memory and a session.
            MemoryProvider sessionMemory = memory;
            String session = config.sessionId();
            List<Message> history = List.of();
            if (sessionMemory != null && session != null && config.historyLimit() > 0) {
                long t = System.nanoTime();
                history = sessionMemory.retrieve(session, config.historyLimit());
                steps.add(new StepTiming(StepTiming.Kind.MEMORY_LOAD, sessionMemory.kind(), System.nanoTime() - t));
            }
            List<Message> conversation = new ArrayList<>(history.size() + input.size() + 4);
            String prompt = config.systemPrompt() != null ? config.systemPrompt() : systemPrompt;
            if (prompt != null && !prompt.isBlank()) {
                conversation.add(Message.system(prompt));
            }
            conversation.addAll(history);
            conversation.addAll(input);
            int turnStart = conversation.size() - input.size();

            for (int iteration = 1; iteration <= config.maxIterations(); iteration++) {
                checkDeadline();
                LlmResponse response = callModel(conversation);
                conversation.add(response.toMessage());
                boolean clientCall = clientToolCall(response);
                if (clientCall) {
                    // The agent's own tools called in the same step still run, so the stored turn is complete
                    // up to the caller's results, which the next run brings as tool messages.
                    List<ToolCall> own = response.toolCalls().stream()
                            .filter(call -> !clientTools.contains(call.name())).toList();
                    if (!own.isEmpty()) {
                        runTools(own, conversation);
                    }
                }
                if (!response.hasToolCalls() || clientCall) {
                    checkDeadline();
                    List<Message> turn = List.copyOf(conversation.subList(turnStart, conversation.size()));
                    if (sessionMemory != null && session != null) {
                        if (Thread.currentThread().isInterrupted()) {
                            // Cancelled (e.g. a server's time limit) after the last model call: store nothing.
                            throw new NodeExecutionException(ErrorCode.CANCELLED, "the agent run was cancelled");
                        }
                        long t = System.nanoTime();
                        sessionMemory.store(session, turn);
                        steps.add(new StepTiming(StepTiming.Kind.MEMORY_STORE, sessionMemory.kind(),
                                System.nanoTime() - t));
                    }
                    ExecutionState state = new ExecutionState(iteration, modelCalls, toolCalls, usage,
                            List.copyOf(steps), System.nanoTime() - start);
                    return new AgentResponse(response.content(), response.reasoning(),
                            clientCall ? "tool_calls" : response.finishReason(), turn, state);
                }
                runTools(response.toolCalls(), conversation);
            }
            throw new NodeExecutionException(ErrorCode.MAX_ITERATIONS_EXCEEDED,
                    "the agent made " + config.maxIterations() + " model calls without reaching a final answer;"
                            + " raise maxIterations (--max-iterations) or check the tools' results");
        }

        private LlmResponse callModel(List<Message> conversation) {
            long t = System.nanoTime();
            LlmResponse response;
            String usedModel = modelName;
            try {
                response = callOnce(model, conversation, llmConfig);
            } catch (NodeExecutionException e) {
                LlmProvider fallback = fallbackModel;
                if (fallback == null || e.code() == ErrorCode.CANCELLED) {
                    throw e;
                }
                LOG.warn("chat model failed ({}); using the fallback model", e.toString());
                steps.add(new StepTiming(StepTiming.Kind.MODEL_CALL, usedModel, System.nanoTime() - t, true,
                        Usage.ZERO));
                t = System.nanoTime();
                usedModel = fallback.defaultModel();
                response = callOnce(fallback, conversation, llmConfig.withModel(usedModel));
            }
            steps.add(new StepTiming(StepTiming.Kind.MODEL_CALL, usedModel, System.nanoTime() - t, false,
                    response.usage()));
            usage = usage.plus(response.usage());
            return response;
        }

        private LlmResponse callOnce(LlmProvider provider, List<Message> conversation, LlmConfig callConfig) {
            modelCalls++;
            // A read-only view, not a copy: providers use the messages only for the duration of the call.
            List<Message> snapshot = Collections.unmodifiableList(conversation);
            return CallDeadline.within(deadline, () -> listener == StreamListener.NONE
                    ? provider.call(snapshot, callConfig)
                    : provider.stream(snapshot, callConfig, listener));
        }

        private void runTools(List<ToolCall> calls, List<Message> conversation) {
            toolCalls += calls.size();
            if (calls.size() == 1) {
                ToolCall call = calls.get(0);
                long t = System.nanoTime();
                ToolOutcome outcome = invoke(call);
                steps.add(new StepTiming(StepTiming.Kind.TOOL_CALL, call.name(), System.nanoTime() - t,
                        outcome.failed(), Usage.ZERO));
                conversation.add(Message.toolResult(call.id(), outcome.text()));
                return;
            }
            ToolOutcome[] outcomes = new ToolOutcome[calls.size()];
            long[] nanos = new long[calls.size()];
            Error[] errors = new Error[calls.size()];
            Thread[] threads = new Thread[calls.size()];
            for (int i = 0; i < calls.size(); i++) {
                int index = i;
                threads[i] = Thread.ofVirtual().name("tool-" + calls.get(i).name()).start(() -> {
                    long t = System.nanoTime();
                    try {
                        outcomes[index] = invoke(calls.get(index));
                    } catch (Error e) {
                        // invoke() turns every exception into text; an Error (out of memory, stack overflow)
                        // must end the run as it would with a single tool call, not vanish on this thread.
                        errors[index] = e;
                    }
                    nanos[index] = System.nanoTime() - t;
                });
            }
            for (int i = 0; i < threads.length; i++) {
                try {
                    threads[i].join();
                } catch (InterruptedException e) {
                    for (Thread thread : threads) {
                        thread.interrupt();
                    }
                    Thread.currentThread().interrupt();
                    throw new NodeExecutionException(ErrorCode.CANCELLED, "the agent run was interrupted");
                }
            }
            for (Error error : errors) {
                if (error != null) {
                    throw error;
                }
            }
            for (int i = 0; i < calls.size(); i++) {
                steps.add(new StepTiming(StepTiming.Kind.TOOL_CALL, calls.get(i).name(), nanos[i],
                        outcomes[i].failed(), Usage.ZERO));
                conversation.add(Message.toolResult(calls.get(i).id(), outcomes[i].text()));
            }
        }
    }

    /**
     * Runs one tool call and returns the text for the model. Every failure becomes an error text the model
     * can read and correct, never an exception that ends the run.
     */
    private ToolOutcome invoke(ToolCall call) {
        BoundTool bound = tools.get(call.name());
        if (bound == null) {
            return ToolOutcome.error("there is no tool named '" + call.name() + "'. Available tools: "
                    + String.join(", ", tools.keySet().stream().sorted().toList()) + ".");
        }
        JsonNode arguments;
        try {
            arguments = bound.validator().parseArguments(call.name(), call.arguments());
        } catch (NodeExecutionException e) {
            return ToolOutcome.error(e.getMessage());
        }
        try {
            return new ToolOutcome(bounded(call.name(), toolTimeout.isPositive() && !bound.tool().returnsPromptly()
                    ? executeWithTimeout(bound.tool(), arguments, call.name())
                    : bound.tool().execute(arguments)), false);
        } catch (NodeExecutionException e) {
            return ToolOutcome.error(e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("tool '{}' failed unexpectedly", call.name(), e);
            return ToolOutcome.error("tool '" + call.name() + "' failed: " + Redaction.line(e.toString()));
        }
    }

    /** What a tool call gives back to the model, and whether it is an error message. */
    private record ToolOutcome(String text, boolean failed) {
        static ToolOutcome error(@Nullable String message) {
            return new ToolOutcome("Error: " + message, true);
        }
    }

    /**
     * Runs a tool on its own virtual thread and stops waiting after {@link Builder#toolTimeout}: a tool that
     * never returns costs the run one error message, not the run. The thread is interrupted, so a tool that
     * blocks interruptibly (I/O, sleep, locks) ends too.
     */
    private @Nullable String executeWithTimeout(ToolProvider tool, JsonNode arguments, String name) {
        FutureTask<String> task = new FutureTask<>(() -> tool.execute(arguments));
        Thread.ofVirtual().name("tool-" + name).start(task);
        try {
            return task.get(toolTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            task.cancel(true);
            throw new NodeExecutionException(ErrorCode.TIMEOUT, "tool '" + name + "' did not return within "
                    + toolTimeout.toMillis() + " ms and was stopped");
        } catch (InterruptedException e) {
            task.cancel(true);
            Thread.currentThread().interrupt();
            throw new NodeExecutionException(ErrorCode.CANCELLED, "the agent run was interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new NodeExecutionException(ErrorCode.TOOL_ERROR, "tool '" + name + "' failed: "
                    + Redaction.line(String.valueOf(e.getCause())), e.getCause());
        }
    }

    /** What goes back to the model: no result is said so, and a result past the limit is cut with a note. */
    private String bounded(String name, @Nullable String result) {
        if (result == null) {
            return "The tool '" + name + "' returned no result.";
        }
        if (result.length() <= maxToolResultChars) {
            return result;
        }
        return result.substring(0, maxToolResultChars) + "\n[truncated: the tool returned " + result.length()
                + " characters; only the first " + maxToolResultChars + " are shown]";
    }

    private record BoundTool(ToolProvider tool, JsonSchemaValidator validator) {
    }

    /** Attaches sub-nodes to an agent. */
    public static final class Builder {
        private @Nullable LlmProvider model;
        private @Nullable LlmProvider fallbackModel;
        private @Nullable MemoryProvider memory;
        private @Nullable String systemPrompt;
        private final List<ToolProvider> tools = new ArrayList<>();
        private Duration toolTimeout = DEFAULT_TOOL_TIMEOUT;
        private int maxToolResultChars = DEFAULT_MAX_TOOL_RESULT_CHARS;

        private Builder() {
        }

        /**
         * How long one tool call may run before the model is told it timed out (default
         * {@link #DEFAULT_TOOL_TIMEOUT}); zero runs tools on the run's thread with no limit.
         *
         * @throws NodeExecutionException {@code INVALID_INPUT} for a negative duration
         */
        public Builder toolTimeout(Duration value) {
            if (value == null || value.isNegative()) {
                throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "the tool timeout must be zero or positive");
            }
            this.toolTimeout = value;
            return this;
        }

        /**
         * The most characters of one tool result handed to the model (default
         * {@link #DEFAULT_MAX_TOOL_RESULT_CHARS}); a longer result is cut and ends with a note saying so.
         *
         * @throws NodeExecutionException {@code INVALID_INPUT} for a value below 1
         */
        public Builder maxToolResultChars(int value) {
            if (value < 1) {
                throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "the tool result limit must be at least 1");
            }
            this.maxToolResultChars = value;
            return this;
        }

        /** The chat model (required). */
        public Builder model(LlmProvider value) {
            this.model = value;
            return this;
        }

        /** A model to use when the chat model fails after its own retries (optional; null for none). */
        public Builder fallbackModel(@Nullable LlmProvider value) {
            this.fallbackModel = value;
            return this;
        }

        /** The memory that holds sessions' history (optional; null for none). */
        public Builder memory(@Nullable MemoryProvider value) {
            this.memory = value;
            return this;
        }

        /**
         * The system prompt of every run (optional; null for none). It is sent first on every model call and
         * never stored in memory; a run's {@link AgentConfig#systemPrompt()} replaces it for that run.
         */
        public Builder systemPrompt(@Nullable String value) {
            this.systemPrompt = value;
            return this;
        }

        /** Attaches a tool; tool names must be unique within one agent. */
        public Builder tool(ToolProvider value) {
            tools.add(Objects.requireNonNull(value, "tool"));
            return this;
        }

        /** Attaches several tools; see {@link #tool}. */
        public Builder tools(List<? extends ToolProvider> values) {
            values.forEach(this::tool);
            return this;
        }

        /**
         * Builds the agent.
         *
         * @throws io.clusternode.core.error.NodeExecutionException {@code MISSING_SUB_NODE} without a model,
         *         {@code DUPLICATE_NODE} when two tools share a name
         */
        public AiAgent build() {
            return new AiAgent(this);
        }
    }
}
