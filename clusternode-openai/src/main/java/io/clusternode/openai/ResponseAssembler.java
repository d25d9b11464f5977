package io.clusternode.openai;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.model.LlmResponse;
import io.clusternode.core.model.ToolCall;
import io.clusternode.core.model.Usage;
import io.clusternode.core.spi.StreamListener;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds one {@link LlmResponse} from the pieces a reply arrives in. A whole (non-streamed) reply is simply
 * one piece, so both paths share this class and cannot drift apart. Streamed tool calls arrive split
 * across chunks (the id and name in the first, the arguments in fragments after), keyed by their
 * {@code index}; they are assembled here. Confined to the calling thread.
 */
final class ResponseAssembler {

    private final String requestedModel;
    private final StreamListener listener;
    private final StringBuilder content = new StringBuilder();
    private StringBuilder reasoning;
    private final List<PartialToolCall> toolCalls = new ArrayList<>(2);
    private String finishReason;
    private Usage usage = Usage.ZERO;
    private String model;
    private boolean delivered;
    private boolean sawChoice;

    ResponseAssembler(String requestedModel, StreamListener listener) {
        this.requestedModel = requestedModel;
        this.listener = listener;
    }

    String requestedModel() {
        return requestedModel;
    }

    StreamListener listener() {
        return listener;
    }

    void model(String value) {
        if (model == null) {
            model = value;
        }
    }

    void choice() {
        sawChoice = true;
    }

    void content(String delta) {
        if (delta.isEmpty()) {
            return;
        }
        content.append(delta);
        delivered = true;
        listener.onContent(delta);
    }

    void reasoning(String delta) {
        if (reasoning == null) {
            reasoning = new StringBuilder();
        }
        if (delta.isEmpty()) {
            return;
        }
        reasoning.append(delta);
        delivered = true;
        listener.onReasoning(delta);
    }

    void toolCall(int index, String id, String name, String argumentsFragment) {
        if (index < 0 || index > 1024) {
            throw new NodeExecutionException(ErrorCode.MODEL_PROTOCOL_ERROR,
                    "the model sent a tool call with an impossible index " + index);
        }
        while (toolCalls.size() <= index) {
            toolCalls.add(new PartialToolCall());
        }
        PartialToolCall call = toolCalls.get(index);
        if (id != null && !id.isEmpty()) {
            call.id = id;
        }
        if (name != null && !name.isEmpty() && call.name == null) {
            // The name arrives whole in the call's first chunk; some servers repeat it in later chunks.
            call.name = name;
        }
        if (argumentsFragment != null) {
            call.arguments.append(argumentsFragment);
        }
        // Tool-call pieces never reach the listener, so they do not stop a retry.
    }

    void finishReason(String value) {
        finishReason = value;
    }

    void usage(Usage value) {
        usage = value;
    }

    /** Whether any piece reached the listener, after which a retry would show the user text twice. */
    boolean delivered() {
        return delivered;
    }

    boolean sawChoice() {
        return sawChoice;
    }

    String finishReasonSoFar() {
        return finishReason;
    }

    LlmResponse build() {
        List<ToolCall> calls = new ArrayList<>(toolCalls.size());
        for (int i = 0; i < toolCalls.size(); i++) {
            PartialToolCall partial = toolCalls.get(i);
            if (partial.name == null) {
                if (partial.id == null && partial.arguments.isEmpty()) {
                    continue;
                }
                throw new NodeExecutionException(ErrorCode.MODEL_PROTOCOL_ERROR,
                        "the model sent tool call #" + i + " without a function name");
            }
            String id = partial.id == null ? "call_" + i : partial.id;
            calls.add(new ToolCall(id, partial.name, partial.arguments.toString()));
        }
        return new LlmResponse(content.toString(), reasoning == null ? null : reasoning.toString(), calls,
                finishReason, usage, model == null ? requestedModel : model);
    }

    private static final class PartialToolCall {
        String id;
        String name;
        final StringBuilder arguments = new StringBuilder();
    }
}
