package io.clusternode.core.spi;

import io.clusternode.core.model.LlmConfig;
import io.clusternode.core.model.LlmResponse;
import io.clusternode.core.model.Message;
import java.util.List;

/** A chat model sub-node. */
public interface LlmProvider extends SubNodeProvider {

    /**
     * Calls the model and blocks until the whole answer is there.
     *
     * @param messages the conversation, oldest first; read during the call only, never kept
     * @param config   model name, sampling parameters, tools offered and response format
     * @return the answer text, reasoning, tool calls, finish reason and token usage
     * @throws io.clusternode.core.error.NodeExecutionException on any failure, with a code saying which
     *         ({@code AUTHENTICATION_FAILED}, {@code RATE_LIMITED}, {@code MODEL_UNAVAILABLE}, {@code TIMEOUT}, ...)
     */
    LlmResponse call(List<Message> messages, LlmConfig config);

    /**
     * Calls the model, passing pieces of the answer to {@code listener} as they arrive, and returns the
     * whole answer at the end, exactly as {@link #call} would. The default calls {@link #call} and
     * passes the answer as one piece.
     */
    default LlmResponse stream(List<Message> messages, LlmConfig config, StreamListener listener) {
        LlmResponse response = call(messages, config);
        if (response.reasoning() != null && !response.reasoning().isEmpty()) {
            listener.onReasoning(response.reasoning());
        }
        if (!response.content().isEmpty()) {
            listener.onContent(response.content());
        }
        return response;
    }

    /** The model name used when a call's config names none; never null. */
    String defaultModel();
}
