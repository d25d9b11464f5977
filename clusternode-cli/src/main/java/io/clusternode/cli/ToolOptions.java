package io.clusternode.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.json.Json;
import io.clusternode.core.spi.Settings;
import io.clusternode.core.spi.ToolProvider;
import io.clusternode.core.tool.CalculatorTool;
import io.clusternode.core.tool.ToolKinds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The tools an agent gets, as the commands that build agents take them: {@code --tool KIND},
 * {@code --mcp COMMAND|URL} and {@code --tools-file FILE}. Without any of them, the calculator and the
 * date/time tool.
 */
final class ToolOptions {

    @Option(names = "--tool", paramLabel = "KIND",
            description = {"Attach the tools of a kind (repeatable): calculator, datetime, and the kinds of the "
                    + "modules on the class path (mcp, http). 'clusternode tools kinds' lists them.",
                "Default, when no --tool, --mcp or --tools-file is given: calculator and datetime."})
    List<String> kinds = new ArrayList<>();

    @Option(names = "--mcp", paramLabel = "COMMAND|URL",
            description = "Attach every tool of an MCP server (repeatable): a command line started over stdio "
                    + "(e.g. \"npx @modelcontextprotocol/server-everything\"), or an http(s) URL (Streamable HTTP; "
                    + "SSE when the path ends in /sse).")
    List<String> mcpServers = new ArrayList<>();

    @Option(names = "--tools-file", paramLabel = "FILE",
            description = "A JSON or YAML file listing tools: tools: [{kind: mcp, command: ..., include: selected, "
                    + "includeTools: [echo]}, {kind: http, ...}]. See docs/tools.md.")
    Path toolsFile;

    /** The tools, opened; closing the result closes them (and ends the MCP servers they started). */
    OpenTools open(Settings settings) {
        List<ToolProvider> tools = new ArrayList<>();
        try {
            boolean none = kinds.isEmpty() && mcpServers.isEmpty() && toolsFile == null;
            for (String kind : none ? List.of(CalculatorTool.NAME, "datetime") : kinds) {
                tools.addAll(ToolKinds.create(kind, null, settings));
            }
            for (String server : mcpServers) {
                String key = server.strip().startsWith("http://") || server.strip().startsWith("https://")
                        ? "url" : "command";
                tools.addAll(ToolKinds.create("mcp", Json.object().put(key, server), settings));
            }
            if (toolsFile != null) {
                for (JsonNode entry : entries(toolsFile)) {
                    tools.addAll(ToolKinds.create(entry.path("kind").asText(), entry, settings));
                }
            }
            return new OpenTools(List.copyOf(tools));
        } catch (RuntimeException e) {
            new OpenTools(tools).close();
            throw e;
        }
    }

    /** The entries of a tools file: {@code {"tools": [...]}} or a bare list, each with a {@code kind}. */
    static List<JsonNode> entries(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "tools file '" + file + "' does not exist");
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        ObjectMapper mapper = name.endsWith(".json") ? Json.MAPPER : new ObjectMapper(new YAMLFactory());
        JsonNode root;
        try {
            root = mapper.readTree(file.toFile());
        } catch (IOException e) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "tools file '" + file + "' cannot be read: "
                    + (e instanceof com.fasterxml.jackson.core.JsonProcessingException json
                    ? json.getOriginalMessage() : e.getMessage()));
        }
        JsonNode list = root != null && root.isObject() ? root.get("tools") : root;
        if (list == null || !list.isArray()) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "tools file '" + file
                    + "' must hold a list of tools, or an object with a 'tools' list");
        }
        List<JsonNode> entries = new ArrayList<>();
        int index = 0;
        for (JsonNode entry : list) {
            index++;
            if (!entry.isObject() || !entry.path("kind").isTextual()) {
                throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "tools file '" + file + "': tool " + index
                        + " needs a 'kind' (e.g. calculator, http, mcp)");
            }
            entries.add(entry);
        }
        return entries;
    }

    /** Opened tools; closing them is idempotent and never throws. */
    record OpenTools(List<ToolProvider> tools) implements AutoCloseable {
        @Override
        public void close() {
            for (ToolProvider tool : tools) {
                try {
                    tool.close();
                } catch (RuntimeException e) {
                    // Closing is best effort: one tool failing to close must not keep the others open.
                }
            }
        }
    }
}
