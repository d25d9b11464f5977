package io.clusternode.core.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.json.Json;
import io.clusternode.core.llm.SimulatedLlmProvider;
import io.clusternode.core.memory.WindowMemory;
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
import io.clusternode.core.spi.NodeType;
import io.clusternode.core.spi.StreamListener;
import io.clusternode.core.spi.ToolProvider;
import io.clusternode.core.testing.ScriptedModel;
import io.clusternode.core.tool.CalculatorTool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AiAgentTest {

    private static final String SESSION = "chat-1";

    private final WindowMemory memory = WindowMemory.builder().ttl(Duration.ZERO).build();
    private final SimulatedLlmProvider simulated = new SimulatedLlmProvider();
    private final CalculatorTool calculator = new CalculatorTool();

    @AfterEach
    void closeMemory() {
        memory.close();
    }

    private static AgentConfig config() {
        return AgentConfig.defaults().withSessionId(SESSION);
    }

    private static LlmResponse answer(String text) {
        return new LlmResponse(text, null, List.of(), "stop", Usage.of(1, 1), "stub");
    }

    private static LlmResponse toolCalls(ToolCall... calls) {
        return new LlmResponse("", null, List.of(calls), "tool_calls", Usage.of(1, 1), "stub");
    }

    private static Message last(List<Message> messages) {
        return messages.get(messages.size() - 1);
    }

    @Test
    void answersArithmeticWithTheCalculatorEndToEnd() {
        AiAgent agent = AiAgent.builder().model(simulated).memory(memory).tool(calculator).build();
        AgentResponse response = agent.execute(List.of(Message.user("What is 12 * 7?")), config());

        assertThat(response.content()).contains("84");
        assertThat(response.finishReason()).isEqualTo("stop");
        ExecutionState state = response.state();
        assertThat(state.iterations()).isEqualTo(2);
        assertThat(state.modelCalls()).isEqualTo(2);
        assertThat(state.toolCalls()).isEqualTo(1);
        assertThat(state.usage().totalTokens()).isPositive();
        assertThat(state.usage().promptTokens()).isPositive();
        assertThat(state.totalNanos()).isPositive();
        assertThat(state.steps()).extracting(StepTiming::kind).containsExactly(StepTiming.Kind.MEMORY_LOAD,
                StepTiming.Kind.MODEL_CALL, StepTiming.Kind.TOOL_CALL, StepTiming.Kind.MODEL_CALL,
                StepTiming.Kind.MEMORY_STORE);
        assertThat(state.steps()).allSatisfy(step -> assertThat(step.nanos()).isNotNegative());
        assertThat(state.steps()).filteredOn(s -> s.kind() != StepTiming.Kind.MEMORY_LOAD
                && s.kind() != StepTiming.Kind.MEMORY_STORE).allSatisfy(s -> assertThat(s.nanos()).isPositive());
        assertThat(state.steps().get(1).name()).isEqualTo("simulated");
        assertThat(state.steps().get(2).name()).isEqualTo("calculator");

        List<Message> turn = response.turn();
        assertThat(turn).extracting(Message::role)
                .containsExactly(Role.USER, Role.ASSISTANT, Role.TOOL, Role.ASSISTANT);
        ToolCall call = turn.get(1).toolCalls().get(0);
        assertThat(call.name()).isEqualTo("calculator");
        assertThat(turn.get(2).toolCallId()).isEqualTo(call.id());
        assertThat(turn.get(2).content()).isEqualTo("84");
        assertThat(turn.get(3).content()).isEqualTo(response.content());
        assertThat(memory.retrieve(SESSION, 100)).isEqualTo(turn);
    }

    @Test
    void laterRunInTheSameSessionSeesHistory() {
        AiAgent agent = AiAgent.builder().model(simulated).memory(memory).tool(calculator).build();
        agent.execute(List.of(Message.user("What is 12 * 7?")), config());
        AgentResponse second = agent.execute(List.of(Message.user("Thanks, and hello again")), config());
        assertThat(second.content()).contains("I received 4 earlier conversation messages");
        assertThat(memory.retrieve(SESSION, 100)).hasSize(6);

        AgentResponse otherSession = agent.execute(List.of(Message.user("Hi")), config().withSessionId("other"));
        assertThat(otherSession.content()).contains("I received 0 earlier conversation messages");

        AgentResponse limited = agent.execute(List.of(Message.user("Short memory")), config().withHistoryLimit(1));
        assertThat(limited.content()).contains("I received 1 earlier conversation message)");
        assertThat(limited.state().steps()).extracting(StepTiming::kind).contains(StepTiming.Kind.MEMORY_LOAD);

        AgentResponse noHistory = agent.execute(List.of(Message.user("No memory")), config().withHistoryLimit(0));
        assertThat(noHistory.content()).contains("I received 0 earlier");
        assertThat(noHistory.state().steps()).extracting(StepTiming::kind)
                .containsExactly(StepTiming.Kind.MODEL_CALL, StepTiming.Kind.MEMORY_STORE);
    }

    @Test
    void systemPromptIsSentButNotStored() {
        ScriptedModel model = new ScriptedModel("wrapped", simulated::call);
        AiAgent agent = AiAgent.builder().model(model).memory(memory).tool(calculator).build();
        AgentConfig withPrompt = config().withSystemPrompt("You are a careful calculator.");
        agent.execute(List.of(Message.user("What is 2 + 3?")), withPrompt);
        AgentResponse second = agent.execute(List.of(Message.user("hello")), withPrompt);

        for (ScriptedModel.Request request : model.requests()) {
            assertThat(request.messages().get(0)).isEqualTo(Message.system("You are a careful calculator."));
            assertThat(request.messages()).filteredOn(m -> m.role() == Role.SYSTEM).hasSize(1);
            assertThat(request.config().tools()).extracting(t -> t.name()).containsExactly("calculator");
            assertThat(request.config().model()).isEqualTo("wrapped");
        }
        assertThat(second.content()).contains("I received 4 earlier conversation messages");
        assertThat(memory.retrieve(SESSION, 100)).noneMatch(m -> m.role() == Role.SYSTEM).hasSize(6);
        assertThat(second.turn()).noneMatch(m -> m.role() == Role.SYSTEM);
    }

    @Test
    void runsWithoutMemory() {
        AiAgent agent = AiAgent.builder().model(simulated).tool(calculator).build();
        AgentResponse response = agent.execute(List.of(Message.user("What is 3 ^ 3?")), AgentConfig.defaults());
        assertThat(response.content()).isEqualTo("The result is 27.");
        assertThat(response.state().steps()).extracting(StepTiming::kind).containsExactly(
                StepTiming.Kind.MODEL_CALL, StepTiming.Kind.TOOL_CALL, StepTiming.Kind.MODEL_CALL);

        AiAgent withMemory = AiAgent.builder().model(simulated).memory(memory).build();
        withMemory.execute(List.of(Message.user("x")), AgentConfig.defaults().withoutMemory());
        assertThat(memory.sessions()).isEmpty();
    }

    @Test
    void anAgentWithAMemoryUsesTheDefaultSessionUnlessToldOtherwise() {
        AiAgent agent = AiAgent.builder().model(simulated).memory(memory).build();
        agent.execute(List.of(Message.user("x")), AgentConfig.defaults());
        assertThat(memory.sessions()).extracting(s -> s.sessionId()).containsExactly(AgentConfig.DEFAULT_SESSION);
    }

    @Test
    void iterationLimitFailsAndStoresNothing() {
        ScriptedModel looping = new ScriptedModel("loop", (messages, cfg) ->
                toolCalls(new ToolCall("call_" + messages.size(), "calculator", "{\"expression\":\"1+1\"}")));
        AiAgent agent = AiAgent.builder().model(looping).memory(memory).tool(calculator).build();
        memory.store(SESSION, List.of(Message.user("earlier"), Message.assistant("reply")));

        assertThatThrownBy(() -> agent.execute(List.of(Message.user("go")), config().withMaxIterations(3)))
                .isInstanceOfSatisfying(NodeExecutionException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.MAX_ITERATIONS_EXCEEDED))
                .hasMessageContaining("3");
        assertThat(looping.requests()).hasSize(3);
        assertThat(memory.retrieve(SESSION, 100)).extracting(Message::content).containsExactly("earlier", "reply");
        // The last request held three rounds of call and result after the input.
        assertThat(looping.lastRequest().messages()).hasSize(2 + 1 + 2 * 2);
    }

    @Test
    void modelFailureStoresNothing() {
        AtomicInteger calls = new AtomicInteger();
        ScriptedModel failing = new ScriptedModel("flaky", (messages, cfg) -> {
            if (calls.incrementAndGet() == 1) {
                return toolCalls(new ToolCall("c1", "calculator", "{\"expression\":\"2*2\"}"));
            }
            throw new NodeExecutionException(ErrorCode.MODEL_UNAVAILABLE, "endpoint down");
        });
        AiAgent agent = AiAgent.builder().model(failing).memory(memory).tool(calculator).build();
        assertThatThrownBy(() -> agent.execute(List.of(Message.user("What is 2*2?")), config()))
                .isInstanceOfSatisfying(NodeExecutionException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.MODEL_UNAVAILABLE));
        assertThat(memory.stats(SESSION)).isEmpty();

        ScriptedModel crashing = new ScriptedModel("crash", (messages, cfg) -> {
            throw new IllegalStateException("bug");
        });
        AiAgent crashingAgent = AiAgent.builder().model(crashing).memory(memory).fallbackModel(simulated).build();
        assertThatThrownBy(() -> crashingAgent.execute(List.of(Message.user("x")), config()))
                .isInstanceOf(IllegalStateException.class);
        assertThat(memory.stats(SESSION)).isEmpty();
    }

    @Test
    void fallbackModelAnswersWhenPrimaryFails() {
        ScriptedModel primary = new ScriptedModel("primary", (messages, cfg) -> {
            throw new NodeExecutionException(ErrorCode.MODEL_UNAVAILABLE, "503 from endpoint");
        });
        AiAgent agent = AiAgent.builder().model(primary).fallbackModel(simulated).memory(memory).tool(calculator)
                .build();
        AgentResponse response = agent.execute(List.of(Message.user("What is 12 * 7?")), config());
        assertThat(response.content()).isEqualTo("The result is 84.");
        assertThat(response.state().iterations()).isEqualTo(2);
        assertThat(response.state().modelCalls()).isEqualTo(4);
        assertThat(primary.requests()).hasSize(2);
        assertThat(response.state().steps()).filteredOn(s -> s.kind() == StepTiming.Kind.MODEL_CALL)
                .extracting(StepTiming::name).containsExactly("primary", "simulated", "primary", "simulated");
        assertThat(memory.retrieve(SESSION, 100)).hasSize(4);
    }

    @Test
    void cancelledPrimaryDoesNotFallBack() {
        ScriptedModel primary = new ScriptedModel("primary", (messages, cfg) -> {
            throw new NodeExecutionException(ErrorCode.CANCELLED, "interrupted");
        });
        ScriptedModel fallback = new ScriptedModel("fallback", simulated::call);
        AiAgent agent = AiAgent.builder().model(primary).fallbackModel(fallback).build();
        assertThatThrownBy(() -> agent.execute(List.of(Message.user("x")), AgentConfig.defaults()))
                .isInstanceOfSatisfying(NodeExecutionException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED));
        assertThat(fallback.requests()).isEmpty();
    }

    /** A tool whose calls only complete when two of them run at the same time. */
    private static final class RendezvousTool implements ToolProvider {
        private final CyclicBarrier barrier = new CyclicBarrier(2);

        @Override
        public ToolDefinition toolDefinition() {
            return new ToolDefinition("rendezvous", "meets another call", Json.parse(
                    "{\"type\":\"object\",\"properties\":{\"label\":{\"type\":\"string\"}},"
                    + "\"required\":[\"label\"]}", "schema"));
        }

        @Override
        public String execute(JsonNode arguments) {
            String label = arguments.get("label").asText();
            try {
                barrier.await(10, TimeUnit.SECONDS);
                if (label.equals("A")) {
                    // Finish after B, so the order of results shows call order, not completion order.
                    Thread.sleep(50);
                }
            } catch (TimeoutException | BrokenBarrierException e) {
                throw new NodeExecutionException(ErrorCode.TOOL_ERROR, "calls did not run concurrently");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NodeExecutionException(ErrorCode.CANCELLED, "interrupted");
            }
            return "met " + label;
        }
    }

    @Test
    void toolCallsOfOneStepRunConcurrentlyAndKeepCallOrder() {
        ScriptedModel model = new ScriptedModel("parallel", (messages, cfg) -> {
            if (last(messages).role() == Role.USER) {
                return toolCalls(new ToolCall("id-A", "rendezvous", "{\"label\":\"A\"}"),
                        new ToolCall("id-B", "rendezvous", "{\"label\":\"B\"}"));
            }
            return answer("done");
        });
        AiAgent agent = AiAgent.builder().model(model).memory(memory).tool(new RendezvousTool()).build();
        AgentResponse response = agent.execute(List.of(Message.user("meet")), config());

        assertThat(response.content()).isEqualTo("done");
        assertThat(response.state().toolCalls()).isEqualTo(2);
        List<Message> turn = response.turn();
        assertThat(turn).extracting(Message::role)
                .containsExactly(Role.USER, Role.ASSISTANT, Role.TOOL, Role.TOOL, Role.ASSISTANT);
        assertThat(turn.get(2).toolCallId()).isEqualTo("id-A");
        assertThat(turn.get(2).content()).isEqualTo("met A");
        assertThat(turn.get(3).toolCallId()).isEqualTo("id-B");
        assertThat(turn.get(3).content()).isEqualTo("met B");
        assertThat(response.state().steps()).filteredOn(s -> s.kind() == StepTiming.Kind.TOOL_CALL).hasSize(2);
    }

    @Test
    void anErrorInOneOfSeveralConcurrentToolCallsEndsTheRunAndStoresNothing() {
        CalculatorTool calculator = new CalculatorTool();
        ToolProvider exploding = new ToolProvider() {
            @Override
            public ToolDefinition toolDefinition() {
                return calculator.toolDefinition();
            }

            @Override
            public String execute(JsonNode arguments) {
                if (arguments.get("expression").asText().equals("boom")) {
                    throw new StackOverflowError("simulated");
                }
                return calculator.execute(arguments);
            }
        };
        ScriptedModel model = new ScriptedModel("parallel", (messages, cfg) -> {
            if (last(messages).role() == Role.USER) {
                return toolCalls(new ToolCall("ok", "calculator", "{\"expression\":\"1+1\"}"),
                        new ToolCall("bad", "calculator", "{\"expression\":\"boom\"}"));
            }
            return answer("done");
        });
        AiAgent agent = AiAgent.builder().model(model).memory(memory).tool(exploding).build();

        assertThatThrownBy(() -> agent.execute(List.of(Message.user("go")), config()))
                .isInstanceOf(StackOverflowError.class);
        assertThat(memory.retrieve(config().sessionId(), 100)).isEmpty();
    }

    @Test
    void invalidToolCallsBecomeErrorMessagesAndTheRunContinues() {
        List<List<Message>> seenResults = new ArrayList<>();
        ScriptedModel model = new ScriptedModel("sloppy", (messages, cfg) -> {
            if (last(messages).role() == Role.USER) {
                return toolCalls(new ToolCall("c1", "calculator", "{\"expression\":5}"),
                        new ToolCall("c2", "calculator", "{not json"),
                        new ToolCall("c3", "nonexistent", "{}"),
                        new ToolCall("c4", "calculator", "{\"expression\":\"1\",\"extra\":true}"),
                        new ToolCall("c5", "calculator", "{}"),
                        new ToolCall("c6", "calculator", "{\"expression\":\"1/0\"}"),
                        new ToolCall("c7", "calculator", "[1,2]"));
            }
            seenResults.add(List.copyOf(messages.subList(messages.size() - 7, messages.size())));
            return answer("corrected");
        });
        AiAgent agent = AiAgent.builder().model(model).memory(memory).tool(calculator).build();
        AgentResponse response = agent.execute(List.of(Message.user("compute")), config());

        assertThat(response.content()).isEqualTo("corrected");
        assertThat(seenResults).hasSize(1);
        List<Message> results = seenResults.get(0);
        assertThat(results).extracting(Message::toolCallId).containsExactly("c1", "c2", "c3", "c4", "c5", "c6", "c7");
        assertThat(results).allSatisfy(m -> assertThat(m.content()).startsWith("Error: "));
        assertThat(results.get(0).content()).contains("argument 'expression' must be a string");
        assertThat(results.get(1).content()).contains("not valid JSON");
        assertThat(results.get(2).content()).contains("no tool named 'nonexistent'").contains("calculator");
        assertThat(results.get(3).content()).contains("argument 'extra' is not allowed");
        assertThat(results.get(4).content()).contains("argument 'expression' is required");
        assertThat(results.get(5).content()).contains("division by zero");
        assertThat(results.get(6).content()).contains("must be an object");
        assertThat(memory.retrieve(SESSION, 100)).hasSize(1 + 1 + 7 + 1);
    }

    @Test
    void unexpectedToolFailureIsReportedToTheModel() {
        ToolProvider broken = new ToolProvider() {
            @Override
            public ToolDefinition toolDefinition() {
                return new ToolDefinition("broken", "throws", Json.object().put("type", "object"));
            }

            @Override
            public String execute(JsonNode arguments) {
                throw new IllegalStateException("boom");
            }
        };
        ScriptedModel model = new ScriptedModel("m", (messages, cfg) -> last(messages).role() == Role.USER
                ? toolCalls(new ToolCall("b1", "broken", "{}"))
                : answer("saw: " + last(messages).content()));
        AiAgent agent = AiAgent.builder().model(model).tool(broken).build();
        AgentResponse response = agent.execute(List.of(Message.user("try")), AgentConfig.defaults());
        assertThat(response.content()).startsWith("saw: Error: tool 'broken' failed").contains("boom");
    }

    @Test
    void streamingGivesTheSameResultAndDeliversContent() {
        AiAgent agent = AiAgent.builder().model(simulated).memory(memory).tool(calculator).build();
        StringBuilder streamed = new StringBuilder();
        AgentResponse viaStream = agent.execute(List.of(Message.user("What is 12 * 7?")), config(),
                new StreamListener() {
                    @Override
                    public void onContent(String delta) {
                        streamed.append(delta);
                    }
                });
        AgentResponse plain = agent.execute(List.of(Message.user("What is 12 * 7?")),
                config().withSessionId("plain"));
        assertThat(viaStream.content()).isEqualTo(plain.content()).isEqualTo("The result is 84.");
        assertThat(viaStream.turn()).isEqualTo(plain.turn());
        assertThat(viaStream.state().usage()).isEqualTo(plain.state().usage());
        assertThat(streamed.toString()).isEqualTo("The result is 84.");
    }

    @Test
    void streamingForwardsReasoning() {
        ScriptedModel model = new ScriptedModel("reasoner", (messages, cfg) ->
                new LlmResponse("answer", "let me think", List.of(), "stop", Usage.of(2, 2), "reasoner"));
        AiAgent agent = AiAgent.builder().model(model).memory(memory).build();
        List<String> reasoning = new ArrayList<>();
        AgentResponse response = agent.execute(List.of(Message.user("q")), config(), new StreamListener() {
            @Override
            public void onReasoning(String delta) {
                reasoning.add(delta);
            }
        });
        assertThat(reasoning).containsExactly("let me think");
        assertThat(response.reasoning()).isEqualTo("let me think");
        assertThat(memory.retrieve(SESSION, 10)).extracting(Message::content).containsExactly("q", "answer");
    }

    @Test
    void missingModelFailsWithMissingSubNode() {
        assertThatThrownBy(() -> AiAgent.builder().memory(memory).tool(calculator).build())
                .isInstanceOfSatisfying(NodeExecutionException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.MISSING_SUB_NODE))
                .hasMessageContaining("ai_languageModel");
    }

    @Test
    void duplicateToolNamesAreRejected() {
        assertThatThrownBy(() -> AiAgent.builder().model(simulated).tool(calculator).tool(new CalculatorTool()).build())
                .isInstanceOfSatisfying(NodeExecutionException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.DUPLICATE_NODE));
    }

    @Test
    void rejectsBadRunInput() {
        AiAgent agent = AiAgent.builder().model(simulated).memory(memory).build();
        assertThatThrownBy(() -> agent.execute(List.of(), config()))
                .isInstanceOfSatisfying(NodeExecutionException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
        assertThatThrownBy(() -> agent.execute(List.of(Message.user("x")), config().withSessionId("")))
                .isInstanceOfSatisfying(NodeExecutionException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_SESSION_ID));
        assertThatThrownBy(() -> AgentConfig.defaults().withMaxIterations(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AgentConfig.defaults().withHistoryLimit(-1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void describesItselfAndItsSubNodes() {
        AiAgent agent = AiAgent.builder().model(simulated).memory(memory).tools(List.of(calculator)).build();
        assertThat(agent.type()).isEqualTo(NodeType.AGENT);
        assertThat(agent.kind()).isEqualTo(AiAgent.KIND);
        assertThat(agent.model()).isSameAs(simulated);
        assertThat(agent.memory()).isSameAs(memory);
        assertThat(agent.toolDefinitions()).extracting(t -> t.name()).containsExactly("calculator");
    }

    private static ToolDefinition clientTool(String name) {
        return new ToolDefinition(name, "runs on the caller's side",
                Json.parse("{\"type\":\"object\",\"properties\":{\"expression\":{\"type\":\"string\"}}}", "schema"));
    }

    @Test
    void aCallToACallersToolEndsTheRunAndTheNextRunBringsItsResult() {
        // No calculator on the agent: the caller offers one, so the simulated model's call goes back to it.
        AiAgent agent = AiAgent.builder().model(simulated).memory(memory).build();
        AgentConfig withClientTool = config().withModel(LlmConfig.defaults().withTools(List.of(clientTool("calculator"))));

        AgentResponse first = agent.execute(List.of(Message.user("What is 6 * 7?")), withClientTool);
        assertThat(first.finishReason()).isEqualTo("tool_calls");
        assertThat(first.turn()).extracting(Message::role).containsExactly(Role.USER, Role.ASSISTANT);
        ToolCall call = last(first.turn()).toolCalls().get(0);
        assertThat(call.name()).isEqualTo("calculator");
        assertThat(call.arguments()).contains("6 * 7");
        assertThat(first.state().toolCalls()).isZero();
        assertThat(memory.retrieve(SESSION, 100)).isEqualTo(first.turn());

        AgentResponse second = agent.execute(List.of(Message.toolResult(call.id(), "42")), withClientTool);
        assertThat(second.finishReason()).isEqualTo("stop");
        assertThat(second.content()).isEqualTo("The result is 42.");
        assertThat(memory.retrieve(SESSION, 100)).extracting(Message::role)
                .containsExactly(Role.USER, Role.ASSISTANT, Role.TOOL, Role.ASSISTANT);
    }

    @Test
    void theAgentsOwnToolsOfTheSameStepRunBeforeTheCallerGetsItsCalls() {
        ScriptedModel model = new ScriptedModel("mixed", (messages, cfg) -> {
            assertThat(cfg.tools()).extracting(ToolDefinition::name).containsExactly("calculator", "lookup");
            return toolCalls(new ToolCall("own", "calculator", "{\"expression\":\"2+3\"}"),
                    new ToolCall("theirs", "lookup", "{}"));
        });
        AiAgent agent = AiAgent.builder().model(model).tool(calculator).build();
        AgentResponse response = agent.execute(List.of(Message.user("go")),
                AgentConfig.defaults().withoutMemory().withModel(LlmConfig.defaults().withTools(List.of(clientTool("lookup")))));

        assertThat(response.finishReason()).isEqualTo("tool_calls");
        assertThat(response.turn()).extracting(Message::role).containsExactly(Role.USER, Role.ASSISTANT, Role.TOOL);
        assertThat(last(response.turn()).toolCallId()).isEqualTo("own");
        assertThat(last(response.turn()).content()).isEqualTo("5");
        assertThat(response.state().modelCalls()).isEqualTo(1);
    }

    @Test
    void aCallersToolNamedLikeAnAgentToolIsRejected() {
        AiAgent agent = AiAgent.builder().model(simulated).tool(calculator).build();
        assertThatThrownBy(() -> agent.execute(List.of(Message.user("hi")),
                AgentConfig.defaults().withoutMemory().withModel(LlmConfig.defaults().withTools(List.of(clientTool("calculator"))))))
                .isInstanceOfSatisfying(NodeExecutionException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT));
    }

    @Test
    void aRunCancelledDuringItsLastModelCallStoresNothing() {
        ScriptedModel model = new ScriptedModel("late", (messages, cfg) -> {
            Thread.currentThread().interrupt();
            return answer("too late");
        });
        AiAgent agent = AiAgent.builder().model(model).memory(memory).build();
        try {
            assertThatThrownBy(() -> agent.execute(List.of(Message.user("hi")), config()))
                    .isInstanceOfSatisfying(NodeExecutionException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED));
        } finally {
            Thread.interrupted();
        }
        assertThat(memory.stats(SESSION)).isEmpty();
    }
}
