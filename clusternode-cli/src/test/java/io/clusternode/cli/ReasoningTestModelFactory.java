package io.clusternode.cli;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.model.LlmConfig;
import io.clusternode.core.model.LlmResponse;
import io.clusternode.core.model.Message;
import io.clusternode.core.model.Usage;
import io.clusternode.core.spi.LlmProvider;
import io.clusternode.core.spi.LlmProviderFactory;
import io.clusternode.core.spi.NodeDefinition;
import io.clusternode.core.spi.NodeType;
import io.clusternode.core.spi.Settings;
import io.clusternode.core.spi.StreamListener;
import java.util.List;

/**
 * A test model ({@code --model reasoning-test}) that streams its thinking before the answer, as DeepSeek's
 * reasoner does, so the CLI's handling of reasoning deltas can be checked without a network. Two messages
 * script failures: {@code slow} waits a minute (interruptibly, as a real model call does) so a test can
 * cancel it, and {@code break} streams part of an answer and then fails as a dropped connection would.
 */
public final class ReasoningTestModelFactory implements LlmProviderFactory {

    @Override
    public String provider() {
        return "reasoning-test";
    }

    @Override
    public String description() {
        return "reasoning-test     test model that streams reasoning, then an answer";
    }

    @Override
    public LlmProvider create(String model, Settings settings) {
        return new ReasoningModel();
    }

    private record ReasoningModel() implements LlmProvider {
        @Override
        public NodeDefinition definition() {
            return new NodeDefinition("reasoning-test", NodeType.LANGUAGE_MODEL, null, 1, null);
        }

        @Override
        public String defaultModel() {
            return "reasoning-test";
        }

        @Override
        public LlmResponse call(List<Message> messages, LlmConfig config) {
            return new LlmResponse("Forty-two.", "Let me think. Six times seven.", List.of(), "stop",
                    Usage.of(5, 5), "reasoning-test");
        }

        @Override
        public LlmResponse stream(List<Message> messages, LlmConfig config, StreamListener listener) {
            String last = messages.get(messages.size() - 1).content();
            if ("slow".equals(last)) {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new NodeExecutionException(ErrorCode.CANCELLED, "the model call was interrupted");
                }
            }
            if ("break".equals(last)) {
                listener.onContent("Half an ans");
                throw new NodeExecutionException(ErrorCode.MODEL_UNAVAILABLE, "the connection dropped mid-answer");
            }
            listener.onReasoning("Let me think. ");
            listener.onReasoning("Six times seven.");
            listener.onContent("Forty-");
            listener.onContent("two.");
            return call(messages, config);
        }
    }
}
