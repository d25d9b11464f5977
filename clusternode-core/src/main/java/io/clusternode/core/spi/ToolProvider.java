package io.clusternode.core.spi;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusternode.core.model.ToolDefinition;
import org.jspecify.annotations.Nullable;

/**
 * A tool sub-node. Its name, description and argument schema have one source, {@link #toolDefinition()}:
 * {@link #name()}, {@link #description()}, {@link #parameters()} and the default {@link #definition()} are
 * derived from it, so what the model is offered and what the agent validates cannot drift apart.
 *
 * <p>Most tools need not implement this interface by hand: {@code io.clusternode.core.tool.Tools} builds
 * tools from annotated methods or from a record type and a function.
 */
public interface ToolProvider extends SubNodeProvider {

    /**
     * The tool as offered to a model: its name (letters, digits, underscores and dashes), what it does, and a
     * JSON object schema of its arguments. Implementations return the same value on every call.
     */
    ToolDefinition toolDefinition();

    /**
     * Runs the tool. The arguments have already been validated against {@link #parameters()}.
     *
     * @param arguments the validated arguments, a JSON object
     * @return the result text handed back to the model; null for no result (the model is told the tool returned
     *         none)
     * @throws io.clusternode.core.error.NodeExecutionException with {@code TOOL_ERROR} when the tool cannot
     *         produce a result; the message is handed to the model
     */
    @Nullable String execute(JsonNode arguments);

    /**
     * Whether {@link #execute} always returns promptly by itself: pure computation on bounded input, with no
     * I/O, no locks and no waiting. The agent runs such a tool on the calling thread. Any other tool runs on a
     * thread of its own under the agent's tool timeout, so a tool that hangs costs the run one error message;
     * that hand-over costs microseconds per call, which a calculator should not pay. Only a tool that cannot
     * block may return true; the default is false.
     */
    default boolean returnsPromptly() {
        return false;
    }

    /** The name the model calls it by, from {@link #toolDefinition()}. */
    default String name() {
        return toolDefinition().name();
    }

    /** What the tool does, from {@link #toolDefinition()}. */
    default String description() {
        return toolDefinition().description();
    }

    /** JSON schema (an object schema) of the arguments, from {@link #toolDefinition()}. */
    default JsonNode parameters() {
        return toolDefinition().parameters();
    }

    /**
     * The node definition: kind and display name are the tool's name, the parameter schema is the argument
     * schema. Tools with a display name of their own override it, deriving the rest from
     * {@link #toolDefinition()}.
     */
    @Override
    default NodeDefinition definition() {
        ToolDefinition tool = toolDefinition();
        return new NodeDefinition(tool.name(), NodeType.TOOL, tool.name(), 1, tool.parameters());
    }
}
