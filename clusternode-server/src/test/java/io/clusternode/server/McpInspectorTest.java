package io.clusternode.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusternode.core.json.Json;
import io.clusternode.core.spi.Settings;
import io.clusternode.mcp.NpmServers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The MCP Inspector's command-line client from npm (pinned, installed by {@code .ci/run}) against {@code /mcp}
 * over Streamable HTTP. Without node or npm the test is skipped with a message, and fails under {@code CI=true}.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class McpInspectorTest {

    private static final String KEY = "sk-inspector-7d2e0b";

    private static ClusterNodeServer server;

    @BeforeAll
    static void start() {
        server = ClusterNodeServer.start(ServerConfig.resolve(Map.of(ServerConfig.PORT, "0",
                ServerConfig.API_KEYS, KEY), Settings.empty()), Settings.empty());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static List<String> inspector(String key, String... method) {
        List<String> command = new ArrayList<>(List.of(NpmServers.node(), NpmServers.nodeModules()
                .resolve("@modelcontextprotocol/inspector/clients/launcher/build/index.js").toString(), "--cli",
                "http://127.0.0.1:" + server.port() + "/mcp", "--transport", "http"));
        if (key != null) {
            command.addAll(List.of("--header", "Authorization: Bearer " + key));
        }
        command.addAll(List.of(method));
        return command;
    }

    private record Result(int exit, String out) {
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), out);
    }

    /** The JSON document the Inspector prints (it may print notices before it). */
    private static JsonNode json(Result result) {
        assertThat(result.exit()).as(result.out()).isZero();
        return Json.parse(result.out().substring(result.out().indexOf('{')), "inspector output");
    }

    @Test
    void theInspectorListsTheToolsAndCallsThemOverStreamableHttp() throws Exception {
        JsonNode listed = json(run(inspector(KEY, "--method", "tools/list")));
        assertThat(listed.path("tools").findValuesAsText("name"))
                .containsExactly("calculator", "current_datetime", "ask_clusternode");
        assertThat(listed.at("/tools/0/inputSchema/required/0").asText()).isEqualTo("expression");

        JsonNode sum = json(run(inspector(KEY, "--method", "tools/call", "--tool-name", "calculator",
                "--tool-arg", "expression=(12 * 7) / 3")));
        assertThat(sum.at("/content/0/text").asText()).isEqualTo("28");
        assertThat(sum.path("isError").asBoolean()).isFalse();

        JsonNode answer = json(run(inspector(KEY, "--method", "tools/call", "--tool-name", "ask_clusternode",
                "--tool-arg", "message=What is 12 * 7?")));
        assertThat(answer.at("/content/0/text").asText()).isEqualTo("The result is 84.");
    }

    @Test
    void withoutTheKeyTheInspectorIsRefused() throws Exception {
        Result refused = run(inspector(null, "--method", "tools/list"));
        assertThat(refused.exit()).isNotZero();
        // The 401 makes the Inspector look for an OAuth login, which a non-interactive run cannot do.
        assertThat(refused.out()).containsAnyOf("401", "auth_required").doesNotContain("\"tools\"");
    }
}
