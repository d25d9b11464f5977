package io.clusternode.test;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.model.LlmConfig;
import io.clusternode.core.model.LlmResponse;
import io.clusternode.core.model.Message;
import io.clusternode.core.model.ToolCall;
import io.clusternode.core.model.Usage;
import io.clusternode.core.spi.LlmProvider;
import io.clusternode.core.spi.NodeDefinition;
import io.clusternode.core.spi.NodeType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * A chat model for tests: it answers with a script instead of a network call and records every request.
 *
 * <pre>{@code
 * ScriptedLlmProvider model = ScriptedLlmProvider.builder()
 *         .callTool("calculator", "{\"expression\":\"12 * 7\"}")   // first call: ask for a tool
 *         .reply("It is 84.")                                    // second call: the final answer
 *         .build();
 * AiAgent agent = AiAgent.builder().model(model).tool(new CalculatorTool()).build();
 * agent.execute(List.of(Message.user("What is 12 * 7?")), AgentConfig.defaults());
 * model.lastRequest().messages();   // what the agent sent on the second call, tool result included
 * }</pre>
 *
 * <p>Scripted answers are given out in order, one per call, across all threads; a call after the last one fails
 * with {@code MODEL_PROTOCOL_ERROR} saying how many answers the script had, unless {@link Builder#repeatLast()}
 * is set. For answers that depend on the request, use {@link #answering(BiFunction)}. Thread-safe.
 */
public final class ScriptedLlmProvider implements LlmProvider {

    /** The kind this provider reports in its {@link NodeDefinition}. */
    public static final String KIND = "scripted";

    /**
     * One recorded call.
     *
     * @param messages a copy of the messages the model was sent
     * @param config   the call's settings (model name, tools offered, sampling)
     */
    public record Request(List<Message> messages, LlmConfig config) {
    }

    private final String modelName;
    private final BiFunction<List<Message>, LlmConfig, LlmResponse> script;
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private ScriptedLlmProvider(String modelName, BiFunction<List<Message>, LlmConfig, LlmResponse> script) {
        this.modelName = modelName;
        this.script = script;
    }

    /** A builder of a fixed sequence of answers. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A model whose every answer is computed from the request by {@code script}; the function may throw a
     * {@link NodeExecutionException} to simulate a failing endpoint.
     */
    public static ScriptedLlmProvider answering(BiFunction<List<Message>, LlmConfig, LlmResponse> script) {
        return new ScriptedLlmProvider("scripted-model", Objects.requireNonNull(script, "script"));
    }

    @Override
    public NodeDefinition definition() {
        return new NodeDefinition(KIND, NodeType.LANGUAGE_MODEL, "Scripted model", 1, null);
    }

    @Override
    public String defaultModel() {
        return modelName;
    }

    /**
     * Records the request and returns the next scripted answer.
     *
     * @throws NodeExecutionException {@code MODEL_PROTOCOL_ERROR} when the script has no answer left, or
     *                                whatever a scripted failure throws
     */
    @Override
    public LlmResponse call(List<Message> messages, LlmConfig config) {
        requests.add(new Request(List.copyOf(messages), config));
        return script.apply(messages, config);
    }

    /** Every request so far, in the order the calls were made. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /**
     * The most recent request.
     *
     * @throws IllegalStateException when the model has not been called
     */
    public Request lastRequest() {
        if (requests.isEmpty()) {
            throw new IllegalStateException("the scripted model has not been called");
        }
        return requests.get(requests.size() - 1);
    }

    /** How many calls the model has answered or refused. */
    public int callCount() {
        return requests.size();
    }

    /** Builds a scripted model from answers given in call order. */
    public static final class Builder {
        private final List<LlmResponse> answers = new ArrayList<>();
        private final List<NodeExecutionException> failures = new ArrayList<>();
        private String modelName = "scripted-model";
        private boolean repeatLast;
        private int nextCallId = 1;

        private Builder() {
        }

        /** The model name the provider reports (default {@code scripted-model}). */
        public Builder modelName(String value) {
            this.modelName = Objects.requireNonNull(value, "modelName");
            return this;
        }

        /** The next call answers {@code content} and stops. */
        public Builder reply(String content) {
            return answer(new LlmResponse(content, null, List.of(), "stop", usage(content), modelName));
        }

        /** The next call asks for one tool call, with a generated call id ({@code call_1}, {@code call_2}, ...). */
        public Builder callTool(String tool, String argumentsJson) {
            return callTools(new ToolCall("call_" + nextCallId++, tool, argumentsJson));
        }

        /** The next call asks for these tool calls at once (the agent runs them concurrently). */
        public Builder callTools(ToolCall... calls) {
            return answer(new LlmResponse("", null, List.of(calls), "tool_calls", Usage.of(8, 8), modelName));
        }

        /** The next call fails with {@code error}, as an endpoint failure would reach the agent. */
        public Builder fail(NodeExecutionException error) {
            Objects.requireNonNull(error, "error");
            answers.add(null);
            failures.add(error);
            return this;
        }

        /** The next call returns exactly {@code response}. */
        public Builder answer(LlmResponse response) {
            answers.add(Objects.requireNonNull(response, "response"));
            failures.add(null);
            return this;
        }

        /** After the last scripted answer, keep giving it instead of failing. */
        public Builder repeatLast() {
            this.repeatLast = true;
            return this;
        }

        /**
         * Builds the scripted model.
         *
         * @throws IllegalStateException when no answer was scripted
         */
        public ScriptedLlmProvider build() {
            if (answers.isEmpty()) {
                throw new IllegalStateException("script at least one answer (reply, callTool, answer or fail)");
            }
            List<LlmResponse> script = new ArrayList<>(answers);
            List<NodeExecutionException> errors = new ArrayList<>(failures);
            boolean repeat = repeatLast;
            AtomicInteger next = new AtomicInteger();
            return new ScriptedLlmProvider(modelName, (messages, config) -> {
                int index = next.getAndIncrement();
                if (index >= script.size()) {
                    if (!repeat) {
                        throw new NodeExecutionException(ErrorCode.MODEL_PROTOCOL_ERROR, "the scripted model has "
                                + script.size() + " answers but was called " + (index + 1) + " times");
                    }
                    index = script.size() - 1;
                }
                if (errors.get(index) != null) {
                    throw errors.get(index);
                }
                return script.get(index);
            });
        }

        private static Usage usage(String content) {
            return Usage.of(8, content.length() / 4 + 1);
        }
    }
}
