package io.clusternode.server;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.spi.Settings;
import io.clusternode.server.health.Health;
import io.clusternode.server.http.Guard;
import io.clusternode.server.http.Safe;
import io.clusternode.server.mcp.McpEndpoint;
import io.clusternode.server.metrics.ServerMetrics;
import io.clusternode.server.openai.ChatCompletions;
import io.clusternode.server.openai.Models;
import io.clusternode.server.playground.Playground;
import io.clusternode.server.sessions.Sessions;
import io.clusternode.server.workflows.ServedWorkflow;
import io.clusternode.server.workflows.WorkflowCatalog;
import io.clusternode.server.workflows.WorkflowEndpoints;
import io.clusternode.server.workflows.WorkflowRuns;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ClusterNode HTTP server (Helidon SE WebServer; every request on its own virtual thread).
 *
 * <p>Routes: {@code POST /v1/chat/completions}, {@code GET /v1/models[/{id}]} (OpenAI-compatible);
 * {@code GET|DELETE /api/sessions[/{id}]}; {@code POST|DELETE /mcp} (MCP over Streamable HTTP, unless turned
 * off); {@code GET /metrics} (Prometheus); {@code GET /health/live}, {@code /health/ready}; the playground at
 * {@code /}; with {@code --workflows}, n8n's endpoints of the served workflows under {@code /webhook/...} and
 * {@code /webhook-test/...} ({@link WorkflowEndpoints}), and their chat-triggered workflows as models.
 *
 * <p>{@link #close()} stops gracefully: new runs are refused (503), runs in flight get up to the shutdown
 * timeout to finish, then the listener stops and the model and memory are closed.
 */
public final class ClusterNodeServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterNodeServer.class);

    private final ServerConfig config;
    private final AgentCatalog catalog;
    private final WorkflowCatalog workflows;
    private final ServerMetrics metrics;
    private final Runs runs;
    private final McpEndpoint mcp;
    private final WebServer server;

    private ClusterNodeServer(ServerConfig config, AgentCatalog catalog, WorkflowCatalog workflows,
                              ServerMetrics metrics, Consumer<HttpRouting.Builder> extraRoutes) {
        this.config = config;
        this.catalog = catalog;
        this.workflows = workflows;
        this.metrics = metrics;
        this.runs = new Runs(config.maxConcurrentRuns(), config.requestTimeout());
        metrics.gauge("clusternode.agent.runs.in.flight", "Agent runs in flight", runs::inFlight);
        metrics.gauge("clusternode.agent.runs.capacity", "Agent runs allowed at once", runs::capacity);
        Health health = new Health(catalog, runs, metrics);
        WorkflowRuns workflowRuns = new WorkflowRuns(metrics);
        ChatCompletions chat = new ChatCompletions(catalog, workflows, workflowRuns, runs, metrics,
                config.maxBodyBytes());
        WorkflowEndpoints webhooks = new WorkflowEndpoints(workflows, workflowRuns, runs, config.maxBodyBytes());
        this.mcp = config.mcpEndpoint() ? new McpEndpoint(catalog, runs, metrics, config.maxBodyBytes()) : null;
        if (mcp != null) {
            metrics.gauge("clusternode.mcp.sessions", "MCP sessions open at /mcp", mcp::sessions);
        }
        this.server = WebServer.builder()
                .host(config.host())
                .port(config.port())
                .shutdownHook(false)
                // Streamed answers are many small writes: without this, Nagle's algorithm holds each one back
                // until the client's delayed ACK (tens of milliseconds per event).
                .connectionOptions(options -> options.tcpNoDelay(true))
                .shutdownGracePeriod(Duration.ofMillis(500))
                .routing(routing -> {
                    routing.error(RuntimeException.class, (req, res, e) -> Safe.answer(res, e))
                            .addFilter(new Guard(config, metrics))
                            .post("/v1/chat/completions", Safe.handler(chat))
                            .register("/v1/models", new Models(catalog, workflows))
                            .register("/webhook", webhooks)
                            .register("/webhook-test", webhooks)
                            .register("/api/sessions", new Sessions(catalog.memory()))
                            .register("/health", health)
                            .get("/metrics", (req, res) -> {
                                res.header(HeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
                                res.send(metrics.scrape().getBytes(StandardCharsets.UTF_8));
                            })
                            .register(new Playground());
                    if (mcp != null) {
                        mcp.routes(routing, "/mcp");
                    }
                    extraRoutes.accept(routing);
                })
                .build();
    }

    /**
     * Creates the providers of {@code config} and starts serving.
     *
     * @throws NodeExecutionException {@code INVALID_INPUT} when binding a non-loopback address without API keys,
     *                                or when a provider cannot be created
     */
    public static ClusterNodeServer start(ServerConfig config, Settings settings) {
        ServerMetrics metrics = new ServerMetrics();
        requireKeysOffLoopback(config);
        AgentCatalog catalog = AgentCatalog.create(config, settings, metrics);
        WorkflowCatalog workflows;
        try {
            workflows = WorkflowCatalog.load(config, settings, catalog.names());
        } catch (RuntimeException e) {
            catalog.close();
            throw e;
        }
        return start(config, catalog, workflows, metrics, routing -> { });
    }

    /**
     * Starts serving the given agents; {@code extraRoutes} adds routes next to the built-in ones.
     *
     * @throws NodeExecutionException as {@link #start(ServerConfig, Settings)}
     */
    public static ClusterNodeServer start(ServerConfig config, AgentCatalog catalog, ServerMetrics metrics,
                                          Consumer<HttpRouting.Builder> extraRoutes) {
        return start(config, catalog, WorkflowCatalog.none(), metrics, extraRoutes);
    }

    /**
     * Starts serving the given agents and workflows (which the server then owns and closes); {@code extraRoutes}
     * adds routes next to the built-in ones.
     *
     * @throws NodeExecutionException as {@link #start(ServerConfig, Settings)}
     */
    public static ClusterNodeServer start(ServerConfig config, AgentCatalog catalog, WorkflowCatalog workflows,
                                          ServerMetrics metrics, Consumer<HttpRouting.Builder> extraRoutes) {
        requireKeysOffLoopback(config);
        ClusterNodeServer server = new ClusterNodeServer(config, catalog, workflows, metrics, extraRoutes);
        try {
            server.server.start();
        } catch (RuntimeException e) {
            if (server.mcp != null) {
                server.mcp.close();
            }
            server.runs.close();
            workflows.close();
            catalog.close();
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "cannot listen on " + config.host() + ":"
                    + config.port() + " (" + e.getClass().getSimpleName() + "); is the port in use?", e);
        }
        LOG.info("listening on http://{}:{} with agents {}{}", config.host(), server.port(), catalog.names(),
                workflows.isEmpty() ? "" : " and workflows " + workflows.all().stream().map(ServedWorkflow::id).toList());
        return server;
    }

    private static void requireKeysOffLoopback(ServerConfig config) {
        if (!config.loopback() && config.apiKeys().isEmpty()) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "refusing to listen on " + config.host()
                    + " without API keys: anyone who reaches it could run the agents. Give keys with"
                    + " --api-key-file or CLUSTERNODE_API_KEYS, or bind 127.0.0.1");
        }
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return server.port();
    }

    /** The configuration it runs with. */
    public ServerConfig config() {
        return config;
    }

    /** The agents, model and memory it serves. */
    public AgentCatalog catalog() {
        return catalog;
    }

    /** The MCP endpoint, unless the configuration turns it off. */
    public java.util.Optional<McpEndpoint> mcp() {
        return java.util.Optional.ofNullable(mcp);
    }

    /** The n8n workflows it serves. */
    public WorkflowCatalog workflows() {
        return workflows;
    }

    /** Its meters (scraped at {@code /metrics}). */
    public ServerMetrics metrics() {
        return metrics;
    }

    /** Stops gracefully: refuse new runs, let runs in flight finish (bounded), stop, close the providers. */
    @Override
    public void close() {
        boolean drained = runs.drain(config.shutdownTimeout());
        if (!drained) {
            LOG.warn("runs still in flight after {} s; cancelling them", config.shutdownTimeout().toSeconds());
        }
        try {
            server.stop();
        } finally {
            try {
                if (mcp != null) {
                    mcp.close();
                }
            } finally {
                runs.close();
                try {
                    workflows.close();
                } finally {
                    catalog.close();
                }
            }
        }
        LOG.info("stopped");
    }
}
