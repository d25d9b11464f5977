package io.clusternode.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.json.Json;
import io.clusternode.core.secret.Redaction;
import io.clusternode.core.spi.ToolProvider;
import io.clusternode.core.tool.JsonSchemaValidator;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves ClusterNode tools to MCP clients over stdio: each {@link ToolProvider} (built-in, annotated, HTTP,
 * another MCP server's, or an agent offered as a tool) becomes one MCP tool with its name, description and
 * input schema. Arguments are checked against the schema before a call, as in the agent loop; a failing tool
 * answers with an error result ({@code isError}), never by ending the session.
 */
public final class McpToolServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(McpToolServer.class);

    private final McpSyncServer server;
    private final CountDownLatch ended = new CountDownLatch(1);

    private McpToolServer(List<ToolProvider> tools, String version, InputStream in, OutputStream out) {
        McpJsonMapper mapper = McpJsonMapper.getDefault();
        InputStream watched = new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                return ended(super.read());
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                try {
                    return ended(super.read(buffer, offset, length));
                } catch (IOException e) {
                    McpToolServer.this.ended.countDown();
                    throw e;
                }
            }

            private int ended(int read) {
                if (read < 0) {
                    McpToolServer.this.ended.countDown();
                }
                return read;
            }
        };
        List<McpServerFeatures.SyncToolSpecification> specifications = new ArrayList<>(tools.size());
        for (ToolProvider tool : tools) {
            McpSchema.Tool described = McpSchema.Tool.builder().name(tool.name()).description(tool.description())
                    .inputSchema(mapper, Json.write(tool.parameters())).build();
            JsonSchemaValidator validator = JsonSchemaValidator.of(tool.parameters());
            specifications.add(McpServerFeatures.SyncToolSpecification.builder().tool(described)
                    .callHandler((exchange, request) -> call(tool, validator, request.arguments())).build());
        }
        this.server = McpServer.sync(new StdioServerTransportProvider(mapper, watched, out))
                .serverInfo("clusternode", version)
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .tools(specifications)
                .build();
    }

    /**
     * Starts serving the tools on the given streams (the process's standard input and output for
     * {@code clusternode mcp}). Nothing else may write to {@code out}.
     *
     * @param tools the tools to serve; names must be unique
     * @param version the version the server reports to clients
     */
    public static McpToolServer stdio(List<ToolProvider> tools, String version, InputStream in, OutputStream out) {
        return new McpToolServer(tools, version, in, out);
    }

    /** Blocks until the client closes its end of the connection (end of input). */
    public void awaitEnd() throws InterruptedException {
        ended.await();
    }

    private static McpSchema.CallToolResult call(ToolProvider tool, JsonSchemaValidator validator,
            Map<String, Object> arguments) {
        String text;
        boolean failed = false;
        try {
            JsonNode parsed = Json.MAPPER.valueToTree(arguments == null ? Map.of() : arguments);
            List<String> violations = validator.validate(parsed);
            if (!violations.isEmpty()) {
                throw new NodeExecutionException(io.clusternode.core.error.ErrorCode.TOOL_ERROR,
                        "invalid arguments for tool '" + tool.name() + "': " + String.join("; ", violations));
            }
            text = tool.execute(parsed);
            if (text == null) {
                text = "The tool '" + tool.name() + "' returned no result.";
            }
        } catch (NodeExecutionException e) {
            text = "Error: " + e.getMessage();
            failed = true;
        } catch (RuntimeException e) {
            LOG.warn("tool '{}' failed unexpectedly", tool.name(), e);
            text = "Error: tool '" + tool.name() + "' failed: " + Redaction.line(e.toString());
            failed = true;
        }
        return McpSchema.CallToolResult.builder().addTextContent(text).isError(failed).build();
    }

    /** Stops serving. Idempotent. */
    @Override
    public void close() {
        ended.countDown();
        try {
            server.closeGracefully();
        } catch (RuntimeException e) {
            LOG.debug("closing the MCP server failed", e);
        }
    }
}
