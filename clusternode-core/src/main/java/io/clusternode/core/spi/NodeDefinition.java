package io.clusternode.core.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a node is: its kind (e.g. {@code simulated}, {@code memory_buffer_window}, {@code calculator}),
 * its type, a display name, a version and a JSON schema of its parameters.
 *
 * @param kind            the kind, e.g. {@code simulated}
 * @param type            the node type
 * @param displayName     a name for people, never null (the kind when none is given)
 * @param version         the node's version, at least 1
 * @param parameterSchema a JSON schema of the node's parameters; null for a node that has none
 */
public record NodeDefinition(String kind, NodeType type, String displayName, int version,
                             @Nullable JsonNode parameterSchema) {

    /**
     * A definition; a null {@code displayName} means the kind.
     *
     * @throws IllegalArgumentException when {@code version < 1}
     */
    public NodeDefinition(String kind, NodeType type, @Nullable String displayName, int version,
                          @Nullable JsonNode parameterSchema) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.type = Objects.requireNonNull(type, "type");
        this.displayName = displayName == null ? kind : displayName;
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1");
        }
        this.version = version;
        this.parameterSchema = parameterSchema;
    }
}
