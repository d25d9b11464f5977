package io.clusternode.core.llm;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.model.LlmConfig;
import io.clusternode.core.model.LlmResponse;
import io.clusternode.core.model.Message;
import io.clusternode.core.model.Role;
import io.clusternode.core.model.ToolCall;
import io.clusternode.core.model.ToolDefinition;
import io.clusternode.core.model.Usage;
import io.clusternode.core.spi.LlmProvider;
import io.clusternode.core.spi.NodeDefinition;
import io.clusternode.core.spi.NodeType;
import java.time.Duration;
import java.util.List;

/**
 * A deterministic chat model that needs no network: the embedded default and the model every benchmark
 * uses. Its behaviour, looking at the last message:
 * <ul>
 *   <li>a tool result: it answers "The result is X." with that result;</li>
 *   <li>a user message holding an arithmetic expression, while a {@value #CALCULATOR} tool is offered:
 *       it calls that tool with the expression;</li>
 *   <li>anything else: a short reply that quotes the message and says how many earlier conversation
 *       messages (not counting system messages) it received, so memory is observable.</li>
 * </ul>
 * Token usage is estimated as one token per 4 characters of content (rounded up) plus 4 per message,
 * for the prompt and for the reply alike.
 *
 * @param latency time each call sleeps before answering, to stand in for a remote model (zero by default)
 */
public record SimulatedLlmProvider(Duration latency) implements LlmProvider {

    public static final String KIND = "simulated";
    public static final String CALCULATOR = "calculator";

    private static final NodeDefinition DEFINITION = new NodeDefinition(KIND, NodeType.LANGUAGE_MODEL,
            "Simulated Chat Model", 1, null);

    public SimulatedLlmProvider {
        if (latency == null || latency.isNegative()) {
            throw new IllegalArgumentException("latency must be zero or positive");
        }
    }

    public SimulatedLlmProvider() {
        this(Duration.ZERO);
    }

    @Override
    public NodeDefinition definition() {
        return DEFINITION;
    }

    @Override
    public String defaultModel() {
        return KIND;
    }

    @Override
    public LlmResponse call(List<Message> messages, LlmConfig config) {
        if (messages.isEmpty()) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "a model call needs at least one message");
        }
        pause();
        String model = config.model() == null ? KIND : config.model();
        Message last = messages.get(messages.size() - 1);
        long promptTokens = estimatePromptTokens(messages);
        if (last.role() == Role.TOOL) {
            return answer("The result is " + last.content() + ".", promptTokens, model);
        }
        if (last.role() == Role.USER && offersCalculator(config)) {
            String expression = ExpressionFinder.find(last.content());
            if (expression != null) {
                ToolCall call = new ToolCall("call_" + (countToolCalls(messages) + 1), CALCULATOR,
                        "{\"expression\":\"" + expression + "\"}");
                long completion = 4 + tokens(call.arguments()) + tokens(CALCULATOR);
                return new LlmResponse("", null, List.of(call), "tool_calls", Usage.of(promptTokens, completion),
                        model);
            }
        }
        int earlier = 0;
        for (int i = 0; i < messages.size() - 1; i++) {
            if (messages.get(i).role() != Role.SYSTEM) {
                earlier++;
            }
        }
        String reply = "Simulated reply to \"" + abbreviate(last.content()) + "\" (I received " + earlier
                + (earlier == 1 ? " earlier conversation message)." : " earlier conversation messages).");
        return answer(reply, promptTokens, model);
    }

    private void pause() {
        if (latency.isZero()) {
            return;
        }
        try {
            Thread.sleep(latency);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NodeExecutionException(ErrorCode.CANCELLED, "the model call was interrupted");
        }
    }

    private static LlmResponse answer(String text, long promptTokens, String model) {
        return new LlmResponse(text, null, List.of(), "stop", Usage.of(promptTokens, 4 + tokens(text)), model);
    }

    private static boolean offersCalculator(LlmConfig config) {
        for (ToolDefinition tool : config.tools()) {
            if (CALCULATOR.equals(tool.name())) {
                return !"none".equals(config.toolChoice());
            }
        }
        return false;
    }

    private static int countToolCalls(List<Message> messages) {
        int count = 0;
        for (Message message : messages) {
            count += message.toolCalls().size();
        }
        return count;
    }

    private static long estimatePromptTokens(List<Message> messages) {
        long total = 0;
        for (Message message : messages) {
            total += 4 + tokens(message.content());
            for (ToolCall call : message.toolCalls()) {
                total += tokens(call.name()) + tokens(call.arguments());
            }
        }
        return total;
    }

    /** One token per 4 characters, rounded up. */
    static long tokens(String text) {
        return (text.length() + 3L) / 4;
    }

    private static String abbreviate(String text) {
        String oneLine = text.strip().replace('\n', ' ').replace("\"", "'");
        return oneLine.length() <= 60 ? oneLine : oneLine.substring(0, 57) + "...";
    }
}
