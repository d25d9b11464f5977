package io.clusternode.core.model;

import java.util.Objects;

/**
 * A model's request to run a tool.
 *
 * @param id        the call id the tool result must echo as its {@code toolCallId}
 * @param name      the tool's name
 * @param arguments the arguments as a JSON object text, exactly as the model produced it
 */
public record ToolCall(String id, String name, String arguments) {
    public ToolCall {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        arguments = arguments == null || arguments.isBlank() ? "{}" : arguments;
    }
}
