package io.clusternode.workflow.nodes;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.spi.ToolProvider;
import io.clusternode.mcp.McpServerConfig;
import io.clusternode.mcp.McpToolSource;
import io.clusternode.mcp.McpTransportSpec;
import io.clusternode.mcp.ToolFilter;
import io.clusternode.workflow.credentials.Credential;
import io.clusternode.workflow.expression.Values;
import io.clusternode.workflow.model.NodeSpec;
import io.clusternode.workflow.spi.NodeContext;
import io.clusternode.workflow.spi.SubNodeScope;
import io.clusternode.workflow.spi.ToolNode;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@code @n8n/n8n-nodes-langchain.mcpClientTool} (v1–1.2): the tools of an MCP server reached over Streamable HTTP
 * or SSE, each offered to the agent as its own tool under the server's name for it, as n8n does. The connection is
 * opened when a run first needs the tools, shared by every run of the bound workflow, reopened after a failure, and
 * closed with the workflow.
 */
final class McpClientNode implements ToolNode {

    private static final Set<String> AUTHENTICATION = Set.of("none", "bearerAuth", "headerAuth");

    private final NodeSpec spec;
    private final McpServerConfig config;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile McpToolSource source;
    private boolean closed;

    private McpClientNode(NodeSpec spec, McpServerConfig config) {
        this.spec = spec;
        this.config = config;
    }

    static String unsupportedReason(NodeSpec node) {
        if (node.typeVersion() > 1.2) {
            return "mcpClientTool typeVersion " + node.versionText() + " is not supported (1 to 1.2 are)";
        }
        String authentication = node.parameter("authentication").asText("none");
        if (!AUTHENTICATION.contains(authentication)) {
            return "authentication '" + authentication + "' is not supported (none, bearerAuth and headerAuth are)";
        }
        String transport = transport(node);
        if (!transport.equals("sse") && !transport.equals("httpStreamable")) {
            return "server transport '" + transport + "' is not supported (sse and httpStreamable are)";
        }
        String include = node.parameter("include").asText("all");
        if (!Set.of("all", "selected", "except").contains(include)) {
            return "include '" + include + "' is not supported (all, selected and except are)";
        }
        JsonNode endpoint = endpoint(node);
        if (endpoint.isTextual() && endpoint.textValue().startsWith("=") && endpoint.textValue().contains("{{")) {
            return "an expression in the endpoint URL is not supported; write the URL itself";
        }
        return null;
    }

    private static JsonNode endpoint(NodeSpec node) {
        return node.typeVersion() < 1.1 ? node.parameter("sseEndpoint") : node.parameter("endpointUrl");
    }

    /** v1 speaks SSE only; 1.1 defaults to SSE; 1.2 defaults to Streamable HTTP. */
    private static String transport(NodeSpec node) {
        if (node.typeVersion() < 1.1) {
            return "sse";
        }
        return node.parameter("serverTransport").asText(node.typeVersion() >= 1.2 ? "httpStreamable" : "sse");
    }

    static ToolNode create(NodeContext context) {
        NodeSpec spec = context.node();
        JsonNode endpoint = endpoint(spec);
        String url = Values.isNullish(endpoint) ? "" : Values.text(endpoint).replaceFirst("^=", "").strip();
        if (url.isEmpty()) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "node '" + spec.name() + "' needs the MCP server's"
                    + " endpoint URL (" + (spec.typeVersion() < 1.1 ? "sseEndpoint" : "endpointUrl") + ")");
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "node '" + spec.name() + "': the endpoint URL is"
                    + " malformed");
        }
        McpTransportSpec transport;
        try {
            transport = new McpTransportSpec.Http(uri, headers(context), transport(spec).equals("sse"));
        } catch (NodeExecutionException e) {
            throw new NodeExecutionException(e.code(), "node '" + spec.name() + "': " + e.getMessage(), e);
        }
        McpServerConfig config = new McpServerConfig(transport, filter(spec), timeout(spec), null);
        return new McpClientNode(spec, config);
    }

    private static Map<String, String> headers(NodeContext context) {
        NodeSpec spec = context.node();
        return switch (spec.parameter("authentication").asText("none")) {
            case "bearerAuth" -> {
                Credential credential = context.credential("httpBearerAuth");
                yield Map.of("Authorization", "Bearer " + credential.require("token", null));
            }
            case "headerAuth" -> {
                Credential credential = context.credential("httpHeaderAuth");
                yield Map.of(credential.require("name", null), credential.require("value", null));
            }
            default -> Map.of();
        };
    }

    private static ToolFilter filter(NodeSpec spec) {
        return switch (spec.parameter("include").asText("all")) {
            case "selected" -> ToolFilter.selected(names(spec, "includeTools"));
            case "except" -> ToolFilter.except(names(spec, "excludeTools"));
            default -> ToolFilter.all();
        };
    }

    private static Set<String> names(NodeSpec spec, String parameter) {
        Set<String> names = new LinkedHashSet<>();
        JsonNode list = spec.parameter(parameter);
        if (list.isArray()) {
            list.forEach(name -> names.add(name.asText()));
        } else if (list.isTextual()) {
            java.util.regex.Pattern.compile(",").splitAsStream(list.textValue()).map(String::strip)
                    .filter(name -> !name.isEmpty()).forEach(names::add);
        }
        if (names.isEmpty() && parameter.equals("includeTools")) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "node '" + spec.name() + "' includes selected"
                    + " tools but names none (includeTools)");
        }
        return names;
    }

    private static Duration timeout(NodeSpec spec) {
        JsonNode timeout = spec.parameter("options.timeout");
        return timeout.isNumber() && timeout.asDouble() > 0 ? Duration.ofMillis(timeout.asLong()) : null;
    }

    @Override
    public ToolProvider tool(SubNodeScope scope) {
        throw new UnsupportedOperationException("an MCP client supplies several tools: call tools()");
    }

    /** The server's tools: listed on the first run (or after the connection failed), then shared by every run. */
    @Override
    public List<ToolProvider> tools(SubNodeScope scope) {
        McpToolSource open = source;
        if (open != null) {
            return open.tools();
        }
        lock.lock();
        try {
            if (closed) {
                throw new NodeExecutionException(ErrorCode.PROVIDER_CLOSED, "node '" + spec.name() + "' was closed");
            }
            if (source == null) {
                try {
                    source = McpToolSource.connect(config);
                } catch (NodeExecutionException e) {
                    throw new NodeExecutionException(e.code(), "node '" + spec.name() + "': " + e.getMessage(), e);
                }
            }
            return source.tools();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean toolkit() {
        return true;
    }

    @Override
    public void close() {
        McpToolSource open;
        lock.lock();
        try {
            closed = true;
            open = source;
            source = null;
        } finally {
            lock.unlock();
        }
        if (open != null) {
            open.close();
        }
    }

    @Override
    public String toString() {
        return "MCP client " + spec.name() + " (" + config.transport() + ")";
    }
}
