package io.clusternode.server.mcp;

import io.clusternode.core.agent.AiAgent;
import io.clusternode.core.model.AgentConfig;
import io.clusternode.core.spi.ToolProvider;
import io.clusternode.core.tool.Tools;
import io.clusternode.mcp.McpToolServer;
import io.clusternode.server.AgentCatalog;
import io.clusternode.server.Runs;
import io.clusternode.server.metrics.ServerMetrics;
import io.helidon.webserver.http.HttpRouting;
import io.modelcontextprotocol.json.McpJsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code /mcp}: the server's agents, as the tools {@code ask_NAME}, and the agents' own tools, served to MCP
 * clients over Streamable HTTP. The tools are mapped to MCP by {@link McpToolServer}, as {@code clusternode mcp}
 * maps them over stdio; the agents run under the server's run cap, time limit and metrics
 * ({@link RunLimitedAgent}).
 */
public final class McpEndpoint implements AutoCloseable {

    private final StreamableHttpTransport transport;
    private final McpToolServer server;
    private final List<ToolProvider> tools;

    /**
     * @param catalog      the served agents and their tools
     * @param runs         the server's run cap and time limit
     * @param metrics      where agent runs are recorded
     * @param maxBodyBytes the largest request body accepted
     */
    public McpEndpoint(AgentCatalog catalog, Runs runs, ServerMetrics metrics, long maxBodyBytes) {
        this.tools = tools(catalog, runs, metrics);
        this.transport = new StreamableHttpTransport(McpJsonMapper.getDefault(), maxBodyBytes, runs::stopping);
        this.server = McpToolServer.streamable(tools, version(), transport);
    }

    /** The tools served: the agents' own tools, then one {@code ask_NAME} tool per agent. */
    static List<ToolProvider> tools(AgentCatalog catalog, Runs runs, ServerMetrics metrics) {
        List<ToolProvider> served = new ArrayList<>(catalog.tools());
        Set<String> names = new HashSet<>();
        catalog.tools().forEach(tool -> names.add(tool.name()));
        for (String name : catalog.names()) {
            AiAgent agent = catalog.agent(name).orElseThrow();
            String toolName = unique(toolName(name), names);
            String toolList = agent.toolDefinitions().isEmpty() ? "no tools"
                    : "its tools: " + agent.toolDefinitions().stream().map(t -> t.name())
                            .collect(Collectors.joining(", "));
            String description = "Ask the '" + name + "' agent (" + toolList + "): send it a message and get its"
                    + " answer. Each message stands alone unless you give a session id; then the server's memory"
                    + " keeps that conversation (the same sessions as the server's HTTP API).";
            served.add(Tools.ofAgent(toolName, description, new RunLimitedAgent(name, agent, runs, metrics),
                    AgentConfig.defaults().withoutMemory()));
        }
        return List.copyOf(served);
    }

    /** {@code ask_NAME} with the characters a tool name may not have replaced by {@code _}, at most 64 long. */
    static String toolName(String agent) {
        String name = "ask_" + agent.replaceAll("[^A-Za-z0-9_-]", "_");
        return name.length() <= 64 ? name : name.substring(0, 64);
    }

    private static String unique(String name, Set<String> taken) {
        String candidate = name;
        for (int i = 2; !taken.add(candidate); i++) {
            String suffix = "_" + i;
            candidate = (name.length() + suffix.length() <= 64 ? name : name.substring(0, 64 - suffix.length()))
                    + suffix;
        }
        return candidate;
    }

    /** The version the server reports to clients: the product's, when its version file is on the class path. */
    private static String version() {
        try (InputStream in = McpEndpoint.class.getResourceAsStream("/clusternode-version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Adds the routes at {@code path}, e.g. {@code /mcp}. */
    public void routes(HttpRouting.Builder routing, String path) {
        transport.routes(routing, path);
    }

    /** The tools served, in order. */
    public List<ToolProvider> tools() {
        return tools;
    }

    /** MCP sessions open now. */
    public long sessions() {
        return transport.sessionCount();
    }

    /** Ends every session. */
    @Override
    public void close() {
        server.close();
    }
}
