package io.clusternode.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A tool as offered to a model: its name, what it does, and a JSON schema of its arguments
 * (an object schema, as OpenAI-style APIs expect).
 */
public record ToolDefinition(String name, String description, JsonNode parameters) {
    /** A tool definition; a null {@code description} is stored as empty text. */
    public ToolDefinition(String name, @Nullable String description, JsonNode parameters) {
        this.name = Objects.requireNonNull(name, "name");
        this.description = description == null ? "" : description;
        this.parameters = Objects.requireNonNull(parameters, "parameters");
    }
}
