package io.clusternode.bench.peer;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.MemoryId;
import io.clusternode.core.llm.SimulatedLlmProvider;
import io.clusternode.core.model.LlmConfig;
import io.clusternode.core.model.LlmResponse;
import io.clusternode.core.model.Message;
import io.clusternode.core.tool.CalculatorTool;
import java.util.List;

/**
 * The peer of the agent benchmark: LangChain4j's {@link AiServices} with a {@link MessageWindowChatMemory} per
 * session, one {@code @Tool} calculator (evaluating with the same parser as ClusterNode's calculator) and a stub
 * {@link ChatModel} that behaves like {@link SimulatedLlmProvider}: it calls the calculator when the user message
 * holds an arithmetic expression and the tool is offered, answers "The result is X." from a tool result, and
 * otherwise quotes the message; token usage is estimated the same way. Deciding whether a message holds an
 * expression is delegated to the simulated model itself, on that one message, so both sides pay the same for it.
 */
public final class LangChain4jPeer {

    /** The AI service interface LangChain4j implements. */
    public interface Assistant {
        String chat(@MemoryId String session, @dev.langchain4j.service.UserMessage String message);
    }

    /** The calculator tool in LangChain4j's annotation style. */
    public static final class Calculator {
        private final CalculatorTool calculator = new CalculatorTool();

        @Tool("Evaluates an arithmetic expression exactly and returns the number. Use it for any calculation.")
        public String calculator(@P("An arithmetic expression, e.g. (12 * 7) / 3") String expression) {
            return calculator.evaluate(expression);
        }
    }

    private final Assistant withTool;
    private final Assistant withoutTool;

    /** @param window messages each session's memory keeps (LangChain4j counts the current turn in it) */
    public LangChain4jPeer(int window) {
        StubChatModel model = new StubChatModel();
        this.withTool = AiServices.builder(Assistant.class)
                .chatModel(model)
                .chatMemoryProvider(id -> MessageWindowChatMemory.builder().id(id).maxMessages(window).build())
                .tools(new Calculator())
                .build();
        this.withoutTool = AiServices.builder(Assistant.class)
                .chatModel(model)
                .chatMemoryProvider(id -> MessageWindowChatMemory.builder().id(id).maxMessages(window).build())
                .build();
    }

    /** An agent run with memory and the calculator tool. */
    public String chatWithTool(String session, String message) {
        return withTool.chat(session, message);
    }

    /** An agent run with memory and no tool. */
    public String chat(String session, String message) {
        return withoutTool.chat(session, message);
    }

    /** The stub remote model. */
    static final class StubChatModel implements ChatModel {
        private final SimulatedLlmProvider decider = new SimulatedLlmProvider();
        private final LlmConfig offerCalculator = LlmConfig.of(SimulatedLlmProvider.KIND)
                .withTools(List.of(new CalculatorTool().toolDefinition()));

        @Override
        public ChatResponse doChat(ChatRequest request) {
            List<ChatMessage> messages = request.messages();
            ChatMessage last = messages.get(messages.size() - 1);
            long prompt = promptTokens(messages);
            if (last instanceof ToolExecutionResultMessage result) {
                return answer("The result is " + result.text() + ".", prompt);
            }
            if (last instanceof UserMessage user && offersCalculator(request.toolSpecifications())) {
                LlmResponse decision = decider.call(List.of(Message.user(user.singleText())), offerCalculator);
                if (decision.hasToolCalls()) {
                    int earlierCalls = 0;
                    for (ChatMessage message : messages) {
                        if (message instanceof AiMessage ai) {
                            earlierCalls += ai.toolExecutionRequests().size();
                        }
                    }
                    var call = decision.toolCalls().get(0);
                    ToolExecutionRequest toolCall = ToolExecutionRequest.builder().id("call_" + (earlierCalls + 1))
                            .name(call.name()).arguments(call.arguments()).build();
                    long completion = 4 + tokens(call.arguments()) + tokens(call.name());
                    return ChatResponse.builder().aiMessage(AiMessage.from(toolCall))
                            .tokenUsage(new TokenUsage((int) prompt, (int) completion))
                            .finishReason(FinishReason.TOOL_EXECUTION).modelName(SimulatedLlmProvider.KIND).build();
                }
            }
            int earlier = 0;
            for (int i = 0; i < messages.size() - 1; i++) {
                if (!(messages.get(i) instanceof SystemMessage)) {
                    earlier++;
                }
            }
            String text = last instanceof UserMessage user ? user.singleText() : String.valueOf(last);
            String oneLine = text.strip().replace('\n', ' ').replace("\"", "'");
            oneLine = oneLine.length() <= 60 ? oneLine : oneLine.substring(0, 57) + "...";
            return answer("Simulated reply to \"" + oneLine + "\" (I received " + earlier
                    + (earlier == 1 ? " earlier conversation message)." : " earlier conversation messages)."), prompt);
        }

        private static boolean offersCalculator(List<ToolSpecification> tools) {
            if (tools == null) {
                return false;
            }
            for (ToolSpecification tool : tools) {
                if (SimulatedLlmProvider.CALCULATOR.equals(tool.name())) {
                    return true;
                }
            }
            return false;
        }

        private static ChatResponse answer(String text, long prompt) {
            return ChatResponse.builder().aiMessage(AiMessage.from(text))
                    .tokenUsage(new TokenUsage((int) prompt, (int) (4 + tokens(text))))
                    .finishReason(FinishReason.STOP).modelName(SimulatedLlmProvider.KIND).build();
        }

        private static long promptTokens(List<ChatMessage> messages) {
            long total = 0;
            for (ChatMessage message : messages) {
                String text = switch (message) {
                    case UserMessage user -> user.hasSingleText() ? user.singleText() : "";
                    case AiMessage ai -> ai.text() == null ? "" : ai.text();
                    case ToolExecutionResultMessage tool -> tool.text();
                    case SystemMessage system -> system.text();
                    default -> "";
                };
                total += 4 + tokens(text);
                if (message instanceof AiMessage ai) {
                    for (ToolExecutionRequest call : ai.toolExecutionRequests()) {
                        total += tokens(call.name()) + tokens(call.arguments());
                    }
                }
            }
            return total;
        }

        private static long tokens(String text) {
            return (text.length() + 3L) / 4;
        }
    }
}
