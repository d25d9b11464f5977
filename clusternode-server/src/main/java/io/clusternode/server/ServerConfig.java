package io.clusternode.server;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.spi.Settings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything {@code clusternode serve} is configured with. Each setting comes from a command-line flag, else
 * the environment variable of the same meaning, else the configuration file (whose keys are the environment
 * variables' names), else its default: the precedence the whole CLI uses.
 *
 * @param host              address to bind; {@value #DEFAULT_HOST} unless told otherwise
 * @param port              port to bind; 0 picks a free one
 * @param apiKeys           bearer keys accepted on {@code /v1}, {@code /api} and {@code /mcp}; empty means no authentication
 *                          (allowed on a loopback address only)
 * @param authPlayground    whether {@code /} also needs a key (the page itself asks for one either way)
 * @param authMetrics       whether {@code /metrics} needs a key
 * @param maxBodyBytes      the largest request body accepted (413 above)
 * @param maxConcurrentRuns agent runs allowed at once (429 with {@code Retry-After} above)
 * @param requestTimeout    how long one agent run may take (504 and the run cancelled after)
 * @param shutdownTimeout   how long a stopping server waits for runs in flight
 * @param corsOrigins       origins allowed by CORS ({@code *} for any); empty disables CORS headers
 * @param model             the chat model specification shared by the agents
 * @param memory            the memory specification shared by the agents
 * @param agents            the agents served, each a {@code model} of the OpenAI API
 * @param mcpEndpoint       whether {@code /mcp} serves the agents and their tools to MCP clients
 * @param workflows         directory of n8n workflow files ({@code *.json}) to serve, or null for none
 * @param credentials       credentials file of the served workflows (as {@code clusternode run --credentials}),
 *                          or null for the environment only
 */
public record ServerConfig(String host, int port, Set<String> apiKeys, boolean authPlayground, boolean authMetrics,
                           long maxBodyBytes, int maxConcurrentRuns, Duration requestTimeout,
                           Duration shutdownTimeout, List<String> corsOrigins, String model, String memory,
                           List<AgentSpec> agents, boolean mcpEndpoint, String workflows, String credentials) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;

    /** Environment variable (and configuration-file key) names, each also settable by the flag in brackets. */
    public static final String HOST = "CLUSTERNODE_HOST";                             // --host
    public static final String PORT = "CLUSTERNODE_PORT";                             // --port
    public static final String API_KEYS = "CLUSTERNODE_API_KEYS";                     // (comma-separated)
    public static final String API_KEY_FILE = "CLUSTERNODE_API_KEY_FILE";             // --api-key-file
    public static final String AUTH_PLAYGROUND = "CLUSTERNODE_AUTH_PLAYGROUND";       // --auth-playground
    public static final String AUTH_METRICS = "CLUSTERNODE_AUTH_METRICS";             // --auth-metrics
    public static final String MAX_BODY_BYTES = "CLUSTERNODE_MAX_BODY_BYTES";         // --max-body-bytes
    public static final String MAX_CONCURRENT_RUNS = "CLUSTERNODE_MAX_CONCURRENT_RUNS"; // --max-concurrent-runs
    public static final String REQUEST_TIMEOUT = "CLUSTERNODE_REQUEST_TIMEOUT_SECONDS"; // --request-timeout
    public static final String SHUTDOWN_TIMEOUT = "CLUSTERNODE_SHUTDOWN_TIMEOUT_SECONDS"; // --shutdown-timeout
    public static final String CORS_ORIGINS = "CLUSTERNODE_CORS_ORIGINS";             // --cors-origin
    public static final String MODEL = "CLUSTERNODE_MODEL";                           // --model
    public static final String MEMORY = "CLUSTERNODE_MEMORY";                         // --memory
    public static final String AGENTS = "CLUSTERNODE_AGENTS";                         // --agent
    public static final String MCP_ENDPOINT = "CLUSTERNODE_MCP_ENDPOINT";             // --mcp-endpoint
    public static final String WORKFLOWS = "CLUSTERNODE_WORKFLOWS";                   // --workflows
    public static final String CREDENTIALS = "CLUSTERNODE_CREDENTIALS";               // --credentials

    public ServerConfig {
        Objects.requireNonNull(host, "host");
        apiKeys = Set.copyOf(apiKeys);
        corsOrigins = List.copyOf(corsOrigins);
        agents = List.copyOf(agents);
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        if (port < 0 || port > 65535) {
            throw invalid("the port must be between 0 and 65535");
        }
        if (maxBodyBytes < 1) {
            throw invalid("the body limit must be at least one byte");
        }
        if (maxConcurrentRuns < 1) {
            throw invalid("the concurrent-run cap must be at least 1");
        }
        if (agents.isEmpty()) {
            throw invalid("at least one agent must be configured");
        }
        Set<String> names = new LinkedHashSet<>();
        for (AgentSpec agent : agents) {
            if (!names.add(agent.name())) {
                throw invalid("two agents are named '" + agent.name() + "'; agent names must be unique");
            }
        }
    }

    /** The defaults: loopback, port 8080, no keys, 1 MB bodies, 64 runs, 120 s per run, one agent, {@code /mcp} on. */
    public static ServerConfig defaults() {
        return resolve(Map.of(), Settings.empty());
    }

    /**
     * Resolves the configuration.
     *
     * @param flags    values given on the command line, keyed by the environment variable names above
     * @param settings the environment layered over the configuration file
     * @throws NodeExecutionException with {@code INVALID_INPUT} for a value that cannot be used (the message
     *                                names the setting, never the value, which may be a secret)
     */
    public static ServerConfig resolve(Map<String, String> flags, Settings settings) {
        Settings all = settings.overriddenBy(withoutNulls(flags));
        Set<String> keys = new LinkedHashSet<>(splitList(all.get(API_KEYS, "")));
        all.get(API_KEY_FILE).filter(v -> !v.isBlank()).ifPresent(file -> keys.addAll(readKeyFile(Path.of(file))));
        return new ServerConfig(
                all.get(HOST, DEFAULT_HOST).strip(),
                (int) number(all, PORT, DEFAULT_PORT, "a port number"),
                keys,
                bool(all, AUTH_PLAYGROUND, false),
                bool(all, AUTH_METRICS, false),
                number(all, MAX_BODY_BYTES, 1_048_576, "a whole number of bytes"),
                (int) number(all, MAX_CONCURRENT_RUNS, 64, "a whole number"),
                Duration.ofSeconds(number(all, REQUEST_TIMEOUT, 120, "a whole number of seconds")),
                Duration.ofSeconds(number(all, SHUTDOWN_TIMEOUT, 20, "a whole number of seconds")),
                splitList(all.get(CORS_ORIGINS, "")),
                all.get(MODEL, "simulated").strip(),
                all.get(MEMORY, "window").strip(),
                AgentSpec.parseAll(all.get(AGENTS, AgentSpec.DEFAULT)),
                bool(all, MCP_ENDPOINT, true),
                all.get(WORKFLOWS).map(String::strip).filter(v -> !v.isEmpty()).orElse(null),
                all.get(CREDENTIALS).map(String::strip).filter(v -> !v.isEmpty()).orElse(null));
    }

    /** Whether {@link #host()} is a loopback address, where running without API keys is allowed. */
    public boolean loopback() {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw invalid("the host to bind cannot be resolved; use an address such as 127.0.0.1 or 0.0.0.0");
        }
    }

    /** Same configuration on another port (tests and the benchmark bind port 0). */
    public ServerConfig withPort(int value) {
        return new ServerConfig(host, value, apiKeys, authPlayground, authMetrics, maxBodyBytes, maxConcurrentRuns,
                requestTimeout, shutdownTimeout, corsOrigins, model, memory, agents, mcpEndpoint, workflows,
                credentials);
    }

    /** Never shows the keys, only how many there are. */
    @Override
    public String toString() {
        return "ServerConfig[host=" + host + ", port=" + port + ", apiKeys=" + apiKeys.size() + " key(s)"
                + ", authPlayground=" + authPlayground + ", authMetrics=" + authMetrics
                + ", maxBodyBytes=" + maxBodyBytes + ", maxConcurrentRuns=" + maxConcurrentRuns
                + ", requestTimeout=" + requestTimeout + ", shutdownTimeout=" + shutdownTimeout
                + ", corsOrigins=" + corsOrigins + ", model=" + model + ", memory=" + memory
                + ", agents=" + agents + ", mcpEndpoint=" + mcpEndpoint + ", workflows=" + workflows
                + ", credentials=" + credentials + "]";
    }

    private static Map<String, String> withoutNulls(Map<String, String> flags) {
        Map<String, String> values = new LinkedHashMap<>();
        flags.forEach((key, value) -> {
            if (value != null) {
                values.put(key, value);
            }
        });
        return values;
    }

    private static List<String> splitList(String value) {
        List<String> items = new ArrayList<>();
        for (String item : value.split(",", -1)) {
            if (!item.isBlank()) {
                items.add(item.strip());
            }
        }
        return items;
    }

    /** One key per line; blank lines and lines starting with # are skipped. */
    private static List<String> readKeyFile(Path file) {
        try {
            List<String> keys = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String key = line.strip();
                if (!key.isEmpty() && !key.startsWith("#")) {
                    keys.add(key);
                }
            }
            if (keys.isEmpty()) {
                throw invalid("the API key file '" + file + "' holds no key");
            }
            return keys;
        } catch (IOException e) {
            throw invalid("cannot read the API key file '" + file + "' (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static long number(Settings settings, String key, long defaultValue, String what) {
        String value = settings.get(key).map(String::strip).orElse("");
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            long parsed = Long.parseLong(value);
            if (parsed >= 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // described below without echoing the value
        }
        throw invalid(key + " must be " + what + ", zero or more");
    }

    private static boolean bool(Settings settings, String key, boolean defaultValue) {
        String value = settings.get(key).map(String::strip).orElse("");
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "" -> defaultValue;
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw invalid(key + " must be true or false");
        };
    }

    static NodeExecutionException invalid(String message) {
        return new NodeExecutionException(ErrorCode.INVALID_INPUT, message);
    }

    /**
     * One served agent: its name (the {@code model} clients ask for), its built-in tools and system prompt.
     * Written {@code NAME[=TOOL+TOOL...]}, several separated by {@code ;}, e.g.
     * {@code assistant=calculator+datetime;plain=}.
     *
     * @param name  the model name clients use
     * @param tools built-in tools attached: {@code calculator}, {@code datetime}
     */
    public record AgentSpec(String name, List<String> tools) {

        /** The default: one agent named {@code clusternode} with the calculator and date/time tools. */
        public static final String DEFAULT = "clusternode=calculator+datetime";
        public static final Set<String> KNOWN_TOOLS = Set.of("calculator", "datetime");

        public AgentSpec {
            if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}")) {
                throw invalid("an agent name must be 1-64 letters, digits, '.', '_', ':' or '-'");
            }
            tools = List.copyOf(tools);
            for (String tool : tools) {
                if (!KNOWN_TOOLS.contains(tool)) {
                    throw invalid("agent '" + name + "' names an unknown tool; known tools: calculator, datetime");
                }
            }
        }

        static List<AgentSpec> parseAll(String text) {
            List<AgentSpec> specs = new ArrayList<>();
            for (String part : text.split(";", -1)) {
                if (part.isBlank()) {
                    continue;
                }
                int eq = part.indexOf('=');
                String name = (eq < 0 ? part : part.substring(0, eq)).strip();
                List<String> tools = new ArrayList<>();
                if (eq >= 0) {
                    for (String tool : part.substring(eq + 1).split("\\+", -1)) {
                        if (!tool.isBlank()) {
                            tools.add(tool.strip());
                        }
                    }
                }
                specs.add(new AgentSpec(name, tools));
            }
            return specs;
        }
    }
}
