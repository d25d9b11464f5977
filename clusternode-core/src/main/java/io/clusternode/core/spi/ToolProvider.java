package io.clusternode.core.spi;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusternode.core.model.ToolDefinition;

/** A tool sub-node. */
public interface ToolProvider extends SubNodeProvider {

    /** The name the model calls it by: letters, digits, underscores and dashes. */
    String name();

    String description();

    /** JSON schema (an object schema) of the arguments. */
    JsonNode parameters();

    /**
     * Runs the tool. The arguments have already been validated against {@link #parameters()}.
     *
     * @return the result text handed back to the model
     * @throws io.clusternode.core.error.NodeExecutionException with {@code TOOL_ERROR} when the tool cannot
     *         produce a result; the message is handed to the model
     */
    String execute(JsonNode arguments);

    default ToolDefinition toolDefinition() {
        return new ToolDefinition(name(), description(), parameters());
    }
}
