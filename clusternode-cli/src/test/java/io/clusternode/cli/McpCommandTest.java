package io.clusternode.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.json.Json;
import io.clusternode.core.spi.ToolProvider;
import io.clusternode.mcp.McpServerConfig;
import io.clusternode.mcp.McpToolSource;
import io.clusternode.mcp.McpTransportSpec;
import io.clusternode.mcp.NpmServers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code clusternode mcp} in its own JVM, as MCP clients start it, driven by the MCP Java SDK's client (through
 * ClusterNode's MCP tools) and by the MCP Inspector's command-line client from npm.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class McpCommandTest {

    @TempDir
    Path home;

    /** The command line that starts {@code clusternode mcp ARGS} from the test class path. */
    private List<String> clusternodeMcp(String... args) {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Duser.home=" + home, "-cp", System.getProperty("java.class.path"), ClusterNodeCli.class.getName(),
                "mcp"));
        command.addAll(List.of(args));
        return command;
    }

    private static ToolProvider tool(McpToolSource source, String name) {
        return source.tools().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void servesToolsAndAnAgentToTheSdkClient() {
        McpServerConfig config = McpServerConfig.of(new McpTransportSpec.Stdio(clusternodeMcp("--tool", "calculator",
                "--tool", "weather", "--agent", "support=Answers arithmetic questions"), Map.of()));
        try (McpToolSource source = McpToolSource.connect(config)) {
            assertThat(source.tools()).extracting(ToolProvider::name)
                    .containsExactly("calculator", "get_weather", "ask_support");
            ToolProvider calculator = tool(source, "calculator");
            assertThat(calculator.parameters().at("/properties/expression/type").asText()).isEqualTo("string");
            assertThat(calculator.execute(Json.object().put("expression", "6 * 7"))).isEqualTo("42");
            assertThat(tool(source, "get_weather").execute(Json.object().put("city", "Oslo")))
                    .isEqualTo("21 C and sunny in Oslo");

            ToolProvider support = tool(source, "ask_support");
            assertThat(support.description()).isEqualTo("Answers arithmetic questions");
            assertThat(support.parameters().path("required").toString()).isEqualTo("[\"message\"]");
            assertThat(support.execute(Json.object().put("message", "What is 12 * 7?"))).isEqualTo("The result is 84.");
            assertThat(support.execute(Json.object().put("message", "hello").put("session", "s-2")))
                    .startsWith("Simulated reply to \"hello\" (I received 0 earlier");

            // A tool's failure is an error result; the session goes on.
            assertThatThrownBy(() -> calculator.execute(Json.object().put("expression", "1 / 0")))
                    .isInstanceOfSatisfying(NodeExecutionException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.TOOL_ERROR);
                        assertThat(e.getMessage()).startsWith("MCP tool 'calculator' reported an error: Error: ");
                    });
            assertThatThrownBy(() -> calculator.execute(Json.object().put("expr", "1")))
                    .hasMessageContaining("invalid arguments for tool 'calculator': argument 'expression' is required");
            assertThat(calculator.execute(Json.object().put("expression", "2 + 2"))).isEqualTo("4");
        }
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return out;
    }

    private List<String> inspector(List<String> method, String... serverArgs) {
        List<String> command = new ArrayList<>(List.of(NpmServers.node(), NpmServers.nodeModules()
                .resolve("@modelcontextprotocol/inspector/clients/launcher/build/index.js").toString(), "--cli"));
        command.addAll(clusternodeMcp(serverArgs));
        command.addAll(method);
        return command;
    }

    @Test
    void theMcpInspectorListsAndCallsTheTools() throws Exception {
        JsonNode listed = Json.parse(run(inspector(List.of("--method", "tools/list"), "--tool", "calculator",
                "--tool", "datetime")), "inspector output");
        assertThat(listed.path("tools").findValuesAsText("name")).containsExactly("calculator", "current_datetime");
        assertThat(listed.at("/tools/0/inputSchema/required/0").asText()).isEqualTo("expression");

        JsonNode called = Json.parse(run(inspector(List.of("--method", "tools/call", "--tool-name", "calculator",
                "--tool-arg", "expression=(12 * 7) / 3"), "--tool", "calculator")), "inspector output");
        assertThat(called.at("/content/0/text").asText()).isEqualTo("28");
        assertThat(called.path("isError").asBoolean()).isFalse();
    }
}
