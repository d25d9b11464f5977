package io.clusternode.core.model;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A model's request to run a tool.
 *
 * @param id        the call id the tool result must echo as its {@code toolCallId}
 * @param name      the tool's name
 * @param arguments the arguments as a JSON object text, exactly as the model produced it
 */
public record ToolCall(String id, String name, String arguments) {
    /** A call; null or blank {@code arguments} are stored as the empty object {@code {}}. */
    public ToolCall(String id, String name, @Nullable String arguments) {
        this.id = Objects.requireNonNull(id, "id");
        this.name = Objects.requireNonNull(name, "name");
        this.arguments = arguments == null || arguments.isBlank() ? "{}" : arguments;
    }
}
