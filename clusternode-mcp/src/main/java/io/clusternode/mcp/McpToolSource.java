package io.clusternode.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.json.Json;
import io.clusternode.core.model.ToolDefinition;
import io.clusternode.core.secret.Redaction;
import io.clusternode.core.spi.ToolProvider;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The tools of one MCP server as ClusterNode tools. {@link #connect} starts (stdio) or reaches (HTTP) the
 * server, lists its tools once and keeps those the filter lets through, each with the server's input schema.
 *
 * <p>Calls share one session. A call that fails because the server died, hung past the call timeout or
 * broke the protocol is reported to the model as one error, and the session is dropped: the next call starts
 * the server again (stdio) or reconnects (HTTP). A child process is always ended with everything it started,
 * on {@link #close()}, on a restart, or when the JVM exits.
 *
 * <p>Thread-safe: any number of runs may call the tools at once; only (re)connecting takes a lock.
 */
public final class McpToolSource implements AutoCloseable {

    private static final String RESTART = "; it will be restarted on the next call";

    private final McpServerConfig config;
    private final String label;
    private final List<ToolProvider> tools;
    private final ReentrantLock lock = new ReentrantLock();
    private McpConnection connection;
    private boolean closed;

    private McpToolSource(McpServerConfig config) {
        this.config = config;
        this.label = config.transport().label();
        this.connection = McpConnection.open(config);
        try {
            this.tools = List.copyOf(listTools(connection));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Connects to the server and lists its tools.
     *
     * @throws NodeExecutionException {@code TOOL_ERROR} or {@code TIMEOUT} when the server cannot be started,
     *         reached or listed (saying why, with its last error output), {@code INVALID_INPUT} when the filter
     *         selects a tool the server does not have
     */
    public static McpToolSource connect(McpServerConfig config) {
        return new McpToolSource(config);
    }

    /** The server's tools that the filter lets through, in the server's order. */
    public List<ToolProvider> tools() {
        return tools;
    }

    /** The server as shown in messages (command line or redacted URL). */
    public String label() {
        return label;
    }

    private List<ToolProvider> listTools(McpConnection open) {
        List<McpSchema.Tool> listed;
        try {
            McpSchema.ListToolsResult result = open.client().listTools().block(config.connectTimeout());
            listed = result == null || result.tools() == null ? List.of() : result.tools();
        } catch (RuntimeException e) {
            throw open.failure("did not list its tools", e, config.connectTimeout());
        }
        TreeSet<String> available = new TreeSet<>();
        listed.forEach(tool -> available.add(tool.name()));
        if (config.filter().mode() == ToolFilter.Mode.SELECTED) {
            for (String wanted : config.filter().names()) {
                if (!available.contains(wanted)) {
                    throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "MCP server '" + label
                            + "' has no tool named '" + wanted + "'; its tools: " + String.join(", ", available));
                }
            }
        }
        List<ToolProvider> kept = new ArrayList<>();
        for (McpSchema.Tool tool : listed) {
            if (config.filter().includes(tool.name())) {
                kept.add(new McpTool(this, new ToolDefinition(tool.name(), tool.description(),
                        schema(tool.inputSchema()))));
            }
        }
        return kept;
    }

    /** The input schema as a JSON object schema; the SDK's record leaves absent parts null. */
    private static JsonNode schema(McpSchema.JsonSchema input) {
        ObjectNode schema = Json.object();
        schema.put("type", input == null || input.type() == null ? "object" : input.type());
        if (input == null) {
            schema.putObject("properties");
            return schema;
        }
        schema.set("properties", input.properties() == null ? Json.object() : Json.MAPPER.valueToTree(input.properties()));
        if (input.required() != null && !input.required().isEmpty()) {
            schema.set("required", Json.MAPPER.valueToTree(input.required()));
        }
        if (input.additionalProperties() != null) {
            schema.put("additionalProperties", input.additionalProperties());
        }
        if (input.defs() != null) {
            schema.set("$defs", Json.MAPPER.valueToTree(input.defs()));
        }
        if (input.definitions() != null) {
            schema.set("definitions", Json.MAPPER.valueToTree(input.definitions()));
        }
        return schema;
    }

    /** Runs one tool on the server and returns its result as text for the model. */
    String call(String tool, JsonNode arguments) {
        McpConnection open = liveConnection();
        @SuppressWarnings("unchecked")
        Map<String, Object> values = Json.MAPPER.convertValue(arguments, Map.class);
        CompletableFuture<McpSchema.CallToolResult> result = open.client()
                .callTool(new McpSchema.CallToolRequest(tool, values)).toFuture();
        try {
            return text(tool, open.await(result, config.callTimeout()));
        } catch (McpConnection.ServerExited e) {
            drop(open);
            throw open.failure("stopped while running tool '" + tool + "'", e, config.callTimeout(), RESTART);
        } catch (TimeoutException e) {
            result.cancel(true);
            drop(open);
            throw timeout(tool);
        } catch (InterruptedException e) {
            result.cancel(true);
            Thread.currentThread().interrupt();
            throw new NodeExecutionException(ErrorCode.CANCELLED, "the call of MCP tool '" + tool + "' was interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof McpError error) {
                // The server answered with a JSON-RPC error: it is alive and the session stays.
                throw new NodeExecutionException(ErrorCode.TOOL_ERROR, "MCP tool '" + tool + "' failed: "
                        + Redaction.line(error.getMessage()));
            }
            drop(open);
            if (McpConnection.isTimeout(cause)) {
                throw timeout(tool);
            }
            throw open.failure("failed while running tool '" + tool + "'", cause, config.callTimeout(), RESTART);
        }
    }

    private NodeExecutionException timeout(String tool) {
        return new NodeExecutionException(ErrorCode.TIMEOUT, "MCP tool '" + tool + "' on server '" + label
                + "' did not answer within " + config.callTimeout().toMillis() + " ms; the server will be restarted on the next call");
    }

    private McpConnection liveConnection() {
        lock.lock();
        try {
            if (closed) {
                throw new NodeExecutionException(ErrorCode.PROVIDER_CLOSED, "MCP server '" + label + "' was closed");
            }
            if (connection != null && !connection.alive()) {
                connection.close();
                connection = null;
            }
            if (connection == null) {
                connection = McpConnection.open(config);
            }
            return connection;
        } finally {
            lock.unlock();
        }
    }

    /** Forgets a broken session (if it is still the current one), so the next call opens a new one. */
    private void drop(McpConnection broken) {
        lock.lock();
        try {
            if (connection == broken) {
                connection = null;
            }
        } finally {
            lock.unlock();
        }
        broken.close();
    }

    /** A tool result as text: text parts as they are, other parts described, an error result as a tool error. */
    static String text(String tool, McpSchema.CallToolResult result) {
        StringBuilder out = new StringBuilder();
        List<McpSchema.Content> content = result.content() == null ? List.of() : result.content();
        for (McpSchema.Content part : content) {
            if (!out.isEmpty()) {
                out.append('\n');
            }
            switch (part) {
                case McpSchema.TextContent text -> out.append(text.text());
                case McpSchema.ImageContent image -> out.append("[image ").append(image.mimeType()).append(", ")
                        .append(decodedSize(image.data())).append(" bytes]");
                case McpSchema.AudioContent audio -> out.append("[audio ").append(audio.mimeType()).append(", ")
                        .append(decodedSize(audio.data())).append(" bytes]");
                case McpSchema.EmbeddedResource embedded -> {
                    if (embedded.resource() instanceof McpSchema.TextResourceContents text) {
                        out.append(text.text());
                    } else {
                        out.append("[resource ").append(embedded.resource().uri()).append(']');
                    }
                }
                case McpSchema.ResourceLink link -> out.append("[resource link ").append(link.uri()).append(']');
            }
        }
        if (out.isEmpty() && result.structuredContent() != null) {
            out.append(Json.write(result.structuredContent()));
        }
        if (Boolean.TRUE.equals(result.isError())) {
            throw new NodeExecutionException(ErrorCode.TOOL_ERROR, "MCP tool '" + tool + "' reported an error: "
                    + (out.isEmpty() ? "(no details)" : out));
        }
        return out.toString();
    }

    private static long decodedSize(String base64) {
        return base64 == null ? 0 : base64.length() * 3L / 4;
    }

    /** Ends the session and the server's process. Idempotent; the tools fail with {@code PROVIDER_CLOSED} after. */
    @Override
    public void close() {
        McpConnection last;
        lock.lock();
        try {
            closed = true;
            last = connection;
            connection = null;
        } finally {
            lock.unlock();
        }
        if (last != null) {
            last.close();
        }
    }

    /** The current child process, for tests that kill it. */
    Optional<Process> currentProcess() {
        lock.lock();
        try {
            return connection == null ? Optional.empty() : connection.process();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "McpToolSource[" + label + ", " + tools.size() + " tools]";
    }
}
