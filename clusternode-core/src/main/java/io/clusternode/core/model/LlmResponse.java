package io.clusternode.core.model;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a model call returns.
 *
 * @param content      the answer text, never null (may be empty when the model only calls tools)
 * @param reasoning    the reasoning text of reasoning models ({@code reasoning_content}), else null;
 *                     never sent back to the model in later requests
 * @param toolCalls    tools the model asks to run, never null (empty for none)
 * @param finishReason {@code stop}, {@code tool_calls}, {@code length}, {@code content_filter}, ...; null when
 *                     the endpoint gave none
 * @param usage        token usage of this call, never null ({@link Usage#ZERO} when unknown)
 * @param model        the model that answered, as the endpoint reports it; null when unknown
 */
public record LlmResponse(String content, @Nullable String reasoning, List<ToolCall> toolCalls,
                          @Nullable String finishReason, Usage usage, @Nullable String model) {

    /**
     * A response; a null {@code content} is stored as empty text, null {@code toolCalls} as none and a null
     * {@code usage} as {@link Usage#ZERO}.
     */
    public LlmResponse(@Nullable String content, @Nullable String reasoning, @Nullable List<ToolCall> toolCalls,
                       @Nullable String finishReason, @Nullable Usage usage, @Nullable String model) {
        this.content = content == null ? "" : content;
        this.reasoning = reasoning;
        this.toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        this.finishReason = finishReason;
        this.usage = usage == null ? Usage.ZERO : usage;
        this.model = model;
    }

    public boolean hasToolCalls() {
        return !toolCalls.isEmpty();
    }

    /** The assistant message to append to the history (without the reasoning, which is never sent back). */
    public Message toMessage() {
        return Message.assistant(content, toolCalls);
    }
}
