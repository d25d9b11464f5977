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
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
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
 * Serves ClusterNode tools to MCP clients, over stdio or through a Streamable HTTP transport: each {@link ToolProvider} (built-in, annotated, HTTP,
 * another MCP server's, or an agent offered as a tool) becomes one MCP tool with its name, description and
 * input schema. Arguments are checked against the schema before a call, as in the agent loop; a failing tool
 * answers with an error result ({@code isError}), never by ending the session.
 */
public final class McpToolServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(McpToolServer.class);

    private final McpSyncServer server;
    private final CountDownLatch ended;

    private McpToolServer(McpSyncServer server, CountDownLatch ended) {
        this.server = server;
        this.ended = ended;
    }

    /**
     * Starts serving the tools on the given streams (the process's standard input and output for
     * {@code clusternode mcp}). Nothing else may write to {@code out}.
     *
     * @param tools the tools to serve; names must be unique
     * @param version the version the server reports to clients
     */
    public static McpToolServer stdio(List<ToolProvider> tools, String version, InputStream in, OutputStream out) {
        McpJsonMapper mapper = McpJsonMapper.getDefault();
        CountDownLatch ended = new CountDownLatch(1);
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
                    ended.countDown();
                    throw e;
                }
            }

            private int ended(int read) {
                if (read < 0) {
                    ended.countDown();
                }
                return read;
            }
        };
        McpSyncServer server = McpServer.sync(new StdioServerTransportProvider(mapper, watched, out))
                .serverInfo("clusternode", version)
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .tools(specifications(tools, mapper))
                .build();
        return new McpToolServer(server, ended);
    }

    /**
     * Serves the tools through a Streamable HTTP transport (the one of {@code clusternode serve} is built on
     * Helidon). Tool calls run on the thread that hands the request to the SDK, not on a Reactor pool: the
     * transport must call the SDK from threads that may block (virtual threads).
     *
     * @param tools the tools to serve; names must be unique
     * @param version the version the server reports to clients
     * @param transport where the requests come from; the SDK registers its session factory on it
     */
    public static McpToolServer streamable(List<ToolProvider> tools, String version,
            McpStreamableServerTransportProvider transport) {
        McpJsonMapper mapper = McpJsonMapper.getDefault();
        McpSyncServer server = McpServer.sync(transport)
                .serverInfo("clusternode", version)
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .tools(specifications(tools, mapper))
                .immediateExecution(true)
                .build();
        return new McpToolServer(server, new CountDownLatch(1));
    }

    /** One MCP tool per ClusterNode tool: name, description and input schema; calls checked against the schema. */
    private static List<McpServerFeatures.SyncToolSpecification> specifications(List<ToolProvider> tools,
            McpJsonMapper mapper) {
        List<McpServerFeatures.SyncToolSpecification> specifications = new ArrayList<>(tools.size());
        for (ToolProvider tool : tools) {
            McpSchema.Tool described = McpSchema.Tool.builder().name(tool.name()).description(tool.description())
                    .inputSchema(mapper, Json.write(tool.parameters())).build();
            JsonSchemaValidator validator = JsonSchemaValidator.of(tool.parameters());
            specifications.add(McpServerFeatures.SyncToolSpecification.builder().tool(described)
                    .callHandler((exchange, request) -> call(tool, validator, request.arguments())).build());
        }
        return specifications;
    }

    /** Over stdio: blocks until the client closes its end of the connection (end of input), or until closed. */
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
