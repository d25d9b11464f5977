package io.clusternode.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.spi.Settings;
import io.clusternode.core.spi.ToolProvider;
import io.clusternode.core.spi.ToolProviderFactory;
import io.clusternode.core.tool.ToolKinds;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tool kind {@value #KIND}: the tools of one MCP server. Options (a tools file entry):
 * <ul>
 *   <li>{@code command}: the server's command line (a string, or an array of words), or</li>
 *   <li>{@code url}: its HTTP endpoint, with {@code transport} {@code httpStreamable} (default) or {@code sse}
 *       (default {@code sse} when the path ends in {@code /sse});</li>
 *   <li>{@code headers} (HTTP) and {@code env} (stdio): values may name settings as {@code ${NAME}}, so
 *       credentials stay in the environment or configuration file, never in the tools file;</li>
 *   <li>{@code include}: {@code all} (default), {@code selected} with {@code includeTools}, or {@code except}
 *       with {@code excludeTools}, as n8n's MCP Client Tool;</li>
 *   <li>{@code timeoutSeconds} per call (default 60) and {@code connectTimeoutSeconds} (default 30).</li>
 * </ul>
 */
public final class McpToolFactory implements ToolProviderFactory {

    public static final String KIND = "mcp";

    private static final Set<String> OPTIONS = Set.of("command", "url", "transport", "headers", "env",
            "include", "includeTools", "excludeTools", "timeoutSeconds", "connectTimeoutSeconds");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String description() {
        return "The tools of an MCP server: command (stdio) or url (Streamable HTTP, SSE); include all, selected"
                + " or except.";
    }

    @Override
    public List<ToolProvider> create(JsonNode options, Settings settings) {
        return McpToolSource.connect(config(options, settings)).tools();
    }

    /**
     * The server configuration an options object describes.
     *
     * @throws NodeExecutionException {@code INVALID_INPUT} for unknown or invalid options,
     *         {@code MISSING_CREDENTIAL} for a {@code ${NAME}} that is not set
     */
    public static McpServerConfig config(JsonNode options, Settings settings) {
        ToolKinds.requireKnownOptions("mcp tool", options, OPTIONS);
        JsonNode command = options.get("command");
        JsonNode url = options.get("url");
        if ((command == null) == (url == null)) {
            throw invalid("give either 'command' (a server started over stdio) or 'url' (an HTTP server)");
        }
        McpTransportSpec transport;
        if (command != null) {
            List<String> words = new ArrayList<>();
            if (command.isArray()) {
                command.forEach(word -> words.add(word.asText()));
            } else if (command.isTextual()) {
                words.addAll(McpTransportSpec.splitCommandLine(command.asText()));
            } else {
                throw invalid("'command' must be a string or an array of strings");
            }
            transport = new McpTransportSpec.Stdio(words, resolved(options.get("env"), "env", settings));
        } else {
            if (!url.isTextual()) {
                throw invalid("'url' must be a string");
            }
            McpTransportSpec parsed = McpTransportSpec.parse(url.asText());
            if (!(parsed instanceof McpTransportSpec.Http http)) {
                throw invalid("'url' must be an http:// or https:// URL");
            }
            String kind = options.path("transport").asText(http.sse() ? "sse" : "httpStreamable");
            if (!kind.equals("sse") && !kind.equals("httpStreamable")) {
                throw invalid("'transport' must be httpStreamable or sse");
            }
            transport = new McpTransportSpec.Http(URI.create(url.asText()), resolved(options.get("headers"), "headers",
                    settings), kind.equals("sse"));
        }
        return new McpServerConfig(transport, filter(options), seconds(options, "timeoutSeconds"),
                seconds(options, "connectTimeoutSeconds"));
    }

    private static ToolFilter filter(JsonNode options) {
        String include = options.path("include").asText("all");
        return switch (include) {
            case "all" -> ToolFilter.all();
            case "selected" -> ToolFilter.selected(names(options, "includeTools"));
            case "except" -> ToolFilter.except(names(options, "excludeTools"));
            default -> throw invalid("'include' must be all, selected or except");
        };
    }

    private static Set<String> names(JsonNode options, String field) {
        JsonNode list = options.get(field);
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw invalid("'" + field + "' must list the tool names");
        }
        Set<String> names = new HashSet<>();
        list.forEach(name -> names.add(name.asText()));
        return names;
    }

    private static Duration seconds(JsonNode options, String field) {
        JsonNode value = options.get(field);
        if (value == null) {
            return null;
        }
        if (!value.isNumber() || value.asDouble() <= 0) {
            throw invalid("'" + field + "' must be a positive number of seconds");
        }
        return Duration.ofMillis(Math.round(value.asDouble() * 1000));
    }

    /** Header or environment values, with {@code ${NAME}} replaced by the setting of that name. */
    private static Map<String, String> resolved(JsonNode values, String field, Settings settings) {
        Map<String, String> result = new LinkedHashMap<>();
        if (values == null) {
            return result;
        }
        if (!values.isObject()) {
            throw invalid("'" + field + "' must be an object of names to values");
        }
        values.fields().forEachRemaining(entry -> {
            Matcher matcher = REFERENCE.matcher(entry.getValue().asText());
            StringBuilder value = new StringBuilder();
            while (matcher.find()) {
                String name = matcher.group(1);
                String setting = settings.get(name).orElseThrow(() -> new NodeExecutionException(
                        ErrorCode.MISSING_CREDENTIAL, "MCP " + field + " '" + entry.getKey() + "' needs the setting "
                        + name + ", which is not set (environment or configuration file)"));
                matcher.appendReplacement(value, Matcher.quoteReplacement(setting));
            }
            matcher.appendTail(value);
            result.put(entry.getKey(), value.toString());
        });
        return result;
    }

    private static NodeExecutionException invalid(String message) {
        return new NodeExecutionException(ErrorCode.INVALID_INPUT, "mcp tool: " + message);
    }
}
