package io.clusternode.core.model;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One chat message. Immutable; lists are copied once on construction so a message can be shared by any
 * number of histories and threads.
 *
 * @param role       who wrote it
 * @param content    the text, never null; may be empty for an assistant message that only calls tools
 * @param toolCalls  tools an assistant message asks to run (empty otherwise), never null
 * @param toolCallId for a {@link Role#TOOL} message, the id of the call it answers (null otherwise)
 */
public record Message(Role role, String content, List<ToolCall> toolCalls, @Nullable String toolCallId) {

    /**
     * A message; a null {@code content} is stored as empty text and null {@code toolCalls} as none.
     *
     * @throws IllegalArgumentException when the tool-call id or the tool calls do not fit the role
     */
    public Message(Role role, @Nullable String content, @Nullable List<ToolCall> toolCalls,
                   @Nullable String toolCallId) {
        Objects.requireNonNull(role, "role");
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        if (role == Role.TOOL && (toolCallId == null || toolCallId.isEmpty())) {
            throw new IllegalArgumentException("a tool message needs the id of the tool call it answers");
        }
        if (role != Role.TOOL && toolCallId != null) {
            throw new IllegalArgumentException("only a tool message carries a tool-call id");
        }
        if (role != Role.ASSISTANT && !toolCalls.isEmpty()) {
            throw new IllegalArgumentException("only an assistant message carries tool calls");
        }
        this.role = role;
        this.content = content == null ? "" : content;
        this.toolCalls = toolCalls;
        this.toolCallId = toolCallId;
    }

    public static Message system(String content) {
        return new Message(Role.SYSTEM, content, List.of(), null);
    }

    public static Message user(String content) {
        return new Message(Role.USER, content, List.of(), null);
    }

    public static Message assistant(String content) {
        return new Message(Role.ASSISTANT, content, List.of(), null);
    }

    public static Message assistant(String content, List<ToolCall> toolCalls) {
        return new Message(Role.ASSISTANT, content, toolCalls, null);
    }

    public static Message toolResult(String toolCallId, String content) {
        return new Message(Role.TOOL, content, List.of(), toolCallId);
    }

    public boolean hasToolCalls() {
        return !toolCalls.isEmpty();
    }

    /** A rough size in bytes of this message on the heap, for memory statistics. */
    public long approximateBytes() {
        long bytes = 48 + 2L * content.length();
        for (ToolCall call : toolCalls) {
            bytes += 64 + 2L * (call.id().length() + call.name().length() + call.arguments().length());
        }
        if (toolCallId != null) {
            bytes += 40 + 2L * toolCallId.length();
        }
        return bytes;
    }
}
