package io.clusternode.cli;

import ch.qos.logback.classic.Level;
import io.clusternode.core.spi.Settings;
import io.clusternode.server.ClusterNodeServer;
import io.clusternode.server.ServerConfig;
import io.clusternode.server.workflows.WorkflowsRefusedException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code clusternode serve}: the agents behind an OpenAI-compatible HTTP API, with a sessions API, a playground
 * page, {@code /metrics} and health checks. Runs until SIGTERM or SIGINT, then stops gracefully and exits 0.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve agents over HTTP: an OpenAI-compatible API (/v1), the agents and their tools to MCP"
                + " clients (/mcp, Streamable HTTP), sessions (/api/sessions), a chat playground (/), Prometheus"
                + " metrics (/metrics) and health checks (/health/live, /health/ready).",
            "Every option can also be set by the environment variable named in its description, or in the"
                + " configuration file; the option wins over the environment, which wins over the file."})
final class ServeCommand implements Callable<Integer> {

    /** Held so the level set on it is not lost with a collected logger. */
    private static final java.util.logging.Logger HELIDON_LOG = java.util.logging.Logger.getLogger("io.helidon");

    private final ClusterNodeCli root;

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--host", paramLabel = "ADDRESS",
            description = "Address to listen on (CLUSTERNODE_HOST). Default: 127.0.0.1. Any other address needs API keys.")
    String host;

    @Option(names = "--port", paramLabel = "PORT", description = "Port (CLUSTERNODE_PORT); 0 picks a free one. Default: 8080.")
    String port;

    @Mixin
    AgentOptions agentOptions;

    @Mixin
    WarmUpOption warmUp;

    @Option(names = "--agent", paramLabel = "NAME[=TOOL+TOOL]",
            description = {"An agent to serve, as a model name of the API; repeatable (CLUSTERNODE_AGENTS, separated"
                    + " by ';'). Tools: calculator, datetime.", "Default: clusternode=calculator+datetime."})
    List<String> agents;

    @Option(names = "--api-key-file", paramLabel = "FILE",
            description = "File of accepted API keys, one per line (CLUSTERNODE_API_KEY_FILE; CLUSTERNODE_API_KEYS"
                    + " takes a comma-separated list). Without keys, requests need none.")
    Path apiKeyFile;

    @Option(names = "--auth-metrics", paramLabel = "true|false", arity = "0..1", fallbackValue = "true",
            description = "Require an API key on /metrics too (CLUSTERNODE_AUTH_METRICS). Default: false.")
    String authMetrics;

    @Option(names = "--auth-playground", paramLabel = "true|false", arity = "0..1", fallbackValue = "true",
            description = "Require an API key for the playground page (CLUSTERNODE_AUTH_PLAYGROUND). Default: false.")
    String authPlayground;

    @Option(names = "--mcp-endpoint", paramLabel = "true|false", arity = "0..1", fallbackValue = "true",
            description = {"Serve the agents (as tools ask_NAME) and their tools to MCP clients at /mcp over Streamable"
                    + " HTTP, with the same API keys as /v1 (CLUSTERNODE_MCP_ENDPOINT). Default: true."})
    String mcpEndpoint;

    @Option(names = "--max-body-bytes", paramLabel = "BYTES",
            description = "Largest request body (CLUSTERNODE_MAX_BODY_BYTES). Default: 1048576.")
    String maxBodyBytes;

    @Option(names = "--max-concurrent-runs", paramLabel = "N",
            description = "Agent runs at once; more get 429 (CLUSTERNODE_MAX_CONCURRENT_RUNS). Default: 64.")
    String maxConcurrentRuns;

    @Option(names = "--request-timeout", paramLabel = "SECONDS",
            description = "Time limit of one agent run; past it 504 (CLUSTERNODE_REQUEST_TIMEOUT_SECONDS). Default: 120.")
    String requestTimeout;

    @Option(names = "--shutdown-timeout", paramLabel = "SECONDS",
            description = "How long a stopping server lets runs finish (CLUSTERNODE_SHUTDOWN_TIMEOUT_SECONDS). Default: 20.")
    String shutdownTimeout;

    @Option(names = "--cors-origin", paramLabel = "ORIGIN",
            description = "Origin allowed to call the API from a browser, or *; repeatable (CLUSTERNODE_CORS_ORIGINS).")
    List<String> corsOrigins;

    @Option(names = "--workflows", paramLabel = "DIR",
            description = {"Serve every n8n workflow (*.json) in DIR (CLUSTERNODE_WORKFLOWS): chat-triggered ones as"
                    + " models, chat triggers at /webhook/{webhookId}/chat, webhook triggers at /webhook/{path}.",
                "A file that cannot be loaded stops the start, one line per problem."})
    Path workflows;

    @Option(names = "--credentials", paramLabel = "FILE",
            description = "Credentials of the workflows (JSON or YAML, keyed by n8n credential type), as for"
                    + " 'clusternode run' (CLUSTERNODE_CREDENTIALS).")
    Path credentials;

    ServeCommand(ClusterNodeCli root) {
        this.root = root;
    }

    @Override
    public Integer call() {
        root.verbose(common.verbose);
        if (LoggerFactory.getLogger("io.clusternode.server") instanceof ch.qos.logback.classic.Logger logger
                && !common.verbose) {
            // The listening line and the access log are the server's normal output.
            logger.setLevel(Level.INFO);
        }
        HELIDON_LOG.setLevel(common.verbose ? java.util.logging.Level.INFO : java.util.logging.Level.WARNING);
        Settings settings = common.settings(root.environment());
        ServerConfig config = ServerConfig.resolve(flags(settings), settings);
        // Before the server listens: the listening line and a ready /health/ready mean warmed up.
        WarmUpOption.run(warmUp.turns(spec, settings), common.verbose, spec.commandLine().getErr());
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM and SIGINT run the JVM's shutdown hooks. This one ends the wait below, lets the server finish
        // its runs in flight and close, then ends the process with exit code 0 (a signal's own status would be
        // 143 or 130, which a process manager reads as a crash).
        Thread onSignal = new Thread(() -> {
            stop.countDown();
            try {
                stopped.await(config.shutdownTimeout().toMillis() + 10_000, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Runtime.getRuntime().halt(ClusterNodeCli.EXIT_OK);
        }, "clusternode-serve-stop");
        Runtime.getRuntime().addShutdownHook(onSignal);
        PrintWriter out = spec.commandLine().getOut();
        try (ClusterNodeServer server = ClusterNodeServer.start(config, settings)) {
            out.println("ClusterNode server listening on http://" + config.host() + ":" + server.port()
                    + " (agents: " + String.join(", ", server.catalog().names())
                    + (server.workflows().isEmpty() ? "" : "; workflows: " + String.join(", ",
                            server.workflows().all().stream().map(w -> w.id()).toList()))
                    + "; model "
                    + server.catalog().modelSpec() + ")"
                    + (config.mcpEndpoint() ? "; MCP at http://" + config.host() + ":" + server.port() + "/mcp" : ""));
            out.flush();
            stop.await();
            out.println("stopping: finishing runs in flight");
            out.flush();
        } catch (WorkflowsRefusedException e) {
            PrintWriter err = spec.commandLine().getErr();
            e.problems().forEach(problem -> err.println("error: " + problem));
            err.flush();
            return ClusterNodeCli.EXIT_FAILURE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (stop.getCount() > 0) {
                // Not stopping on a signal (the server failed to start): the hook has nothing to wait for.
                Runtime.getRuntime().removeShutdownHook(onSignal);
            }
        }
        out.println("stopped");
        out.flush();
        stopped.countDown();
        return ClusterNodeCli.EXIT_OK;
    }

    private Map<String, String> flags(Settings settings) {
        Map<String, String> flags = new HashMap<>();
        flags.put(ServerConfig.HOST, host);
        flags.put(ServerConfig.PORT, port);
        flags.put(ServerConfig.MODEL, agentOptions.modelSpec(spec, settings));
        flags.put(ServerConfig.MEMORY, agentOptions.memorySpec(spec, settings));
        flags.put(ServerConfig.AGENTS, agents == null ? null : String.join(";", agents));
        flags.put(ServerConfig.API_KEY_FILE, apiKeyFile == null ? null : apiKeyFile.toString());
        flags.put(ServerConfig.AUTH_METRICS, authMetrics);
        flags.put(ServerConfig.AUTH_PLAYGROUND, authPlayground);
        flags.put(ServerConfig.MAX_BODY_BYTES, maxBodyBytes);
        flags.put(ServerConfig.MAX_CONCURRENT_RUNS, maxConcurrentRuns);
        flags.put(ServerConfig.REQUEST_TIMEOUT, requestTimeout);
        flags.put(ServerConfig.SHUTDOWN_TIMEOUT, shutdownTimeout);
        flags.put(ServerConfig.MCP_ENDPOINT, mcpEndpoint);
        flags.put(ServerConfig.CORS_ORIGINS, corsOrigins == null ? null : String.join(",", corsOrigins));
        flags.put(ServerConfig.WORKFLOWS, workflows == null ? null : workflows.toString());
        flags.put(ServerConfig.CREDENTIALS, credentials == null ? null : credentials.toString());
        return flags;
    }
}
