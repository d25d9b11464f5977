package io.clusternode.mcp;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import java.time.Duration;
import java.util.Objects;

/**
 * One MCP server whose tools an agent uses.
 *
 * @param transport how to reach it
 * @param filter which of its tools to offer
 * @param callTimeout how long one tool call may take before the model is told it timed out
 * @param connectTimeout how long starting (or reaching) the server and listing its tools may take
 */
public record McpServerConfig(McpTransportSpec transport, ToolFilter filter, Duration callTimeout,
        Duration connectTimeout) {

    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);

    public McpServerConfig {
        Objects.requireNonNull(transport, "transport");
        filter = filter == null ? ToolFilter.all() : filter;
        callTimeout = positive(callTimeout == null ? DEFAULT_CALL_TIMEOUT : callTimeout, "call");
        connectTimeout = positive(connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout, "connect");
    }

    /** All tools of the server, with the default timeouts. */
    public static McpServerConfig of(McpTransportSpec transport) {
        return new McpServerConfig(transport, ToolFilter.all(), null, null);
    }

    /** The server the CLI's short form names (see {@link McpTransportSpec#parse}), all tools, default timeouts. */
    public static McpServerConfig parse(String text) {
        return of(McpTransportSpec.parse(text));
    }

    public McpServerConfig withFilter(ToolFilter value) {
        return new McpServerConfig(transport, value, callTimeout, connectTimeout);
    }

    public McpServerConfig withCallTimeout(Duration value) {
        return new McpServerConfig(transport, filter, value, connectTimeout);
    }

    public McpServerConfig withConnectTimeout(Duration value) {
        return new McpServerConfig(transport, filter, callTimeout, value);
    }

    private static Duration positive(Duration value, String what) {
        if (!value.isPositive()) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "the MCP " + what + " timeout must be positive");
        }
        return value;
    }
}
