package io.clusternode.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * A tool as offered to a model: its name, what it does, and a JSON schema of its arguments
 * (an object schema, as OpenAI-style APIs expect).
 */
public record ToolDefinition(String name, String description, JsonNode parameters) {
    public ToolDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(parameters, "parameters");
        description = description == null ? "" : description;
    }
}
