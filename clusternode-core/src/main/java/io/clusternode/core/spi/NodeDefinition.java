package io.clusternode.core.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * What a node is: its kind (e.g. {@code simulated}, {@code memory_buffer_window}, {@code calculator}),
 * its type, a display name, a version and a JSON schema of its parameters.
 */
public record NodeDefinition(String kind, NodeType type, String displayName, int version, JsonNode parameterSchema) {
    public NodeDefinition {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(type, "type");
        displayName = displayName == null ? kind : displayName;
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1");
        }
    }
}
