package io.clusternode.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusternode.core.model.ToolDefinition;
import io.clusternode.core.spi.ToolProvider;

/** One tool of an MCP server; calls go through the {@link McpToolSource} that listed it. */
final class McpTool implements ToolProvider {

    private final McpToolSource source;
    private final ToolDefinition tool;

    McpTool(McpToolSource source, ToolDefinition tool) {
        this.source = source;
        this.tool = tool;
    }

    @Override
    public ToolDefinition toolDefinition() {
        return tool;
    }

    @Override
    public String execute(JsonNode arguments) {
        return source.call(tool.name(), arguments);
    }

    /** Closes the server's session: the tools of one server share it and end together. */
    @Override
    public void close() {
        source.close();
    }

    @Override
    public String toString() {
        return "MCP tool " + tool.name() + " of " + source.label();
    }
}
