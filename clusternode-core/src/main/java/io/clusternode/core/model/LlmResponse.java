package io.clusternode.core.model;

import java.util.List;

/**
 * What a model call returns.
 *
 * @param content      the answer text (may be empty when the model only calls tools)
 * @param reasoning    the reasoning text of reasoning models ({@code reasoning_content}), else null;
 *                     never sent back to the model in later requests
 * @param toolCalls    tools the model asks to run
 * @param finishReason {@code stop}, {@code tool_calls}, {@code length}, {@code content_filter}, ...
 * @param usage        token usage of this call
 * @param model        the model that answered, as the endpoint reports it
 */
public record LlmResponse(String content, String reasoning, List<ToolCall> toolCalls, String finishReason,
                          Usage usage, String model) {

    public LlmResponse {
        content = content == null ? "" : content;
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        usage = usage == null ? Usage.ZERO : usage;
    }

    public boolean hasToolCalls() {
        return !toolCalls.isEmpty();
    }

    /** The assistant message to append to the history (without the reasoning, which is never sent back). */
    public Message toMessage() {
        return Message.assistant(content, toolCalls);
    }
}
