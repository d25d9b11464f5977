package io.clusternode.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusternode.core.agent.AiAgent;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.json.Json;
import io.clusternode.core.memory.WindowMemory;
import io.clusternode.core.model.AgentConfig;
import io.clusternode.core.model.AgentResponse;
import io.clusternode.core.model.LlmResponse;
import io.clusternode.core.model.Message;
import io.clusternode.core.model.Role;
import io.clusternode.core.model.ToolCall;
import io.clusternode.core.model.Usage;
import io.clusternode.core.spi.ToolProvider;
import io.clusternode.core.testing.ScriptedModel;
import io.clusternode.core.tool.JsonSchemaValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The tools of real MCP servers from npm (the reference "everything" and "filesystem" servers) over stdio. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class McpToolSourceTest {

    private static McpServerConfig everything() {
        return McpServerConfig.of(new McpTransportSpec.Stdio(NpmServers.everything("stdio"), Map.of()));
    }

    private static ToolProvider tool(McpToolSource source, String name) {
        return source.tools().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    private static JsonNode args(String json) {
        return Json.parse(json, "arguments");
    }

    @Test
    void listsTheServersToolsWithTheirSchemasAndCallsThem() {
        try (McpToolSource source = McpToolSource.connect(everything())) {
            assertThat(source.tools()).extracting(ToolProvider::name)
                    .contains("echo", "get-sum", "trigger-long-running-operation");
            ToolProvider echo = tool(source, "echo");
            assertThat(echo.description()).isEqualTo("Echoes back the input string");
            assertThat(echo.parameters().path("type").asText()).isEqualTo("object");
            assertThat(echo.parameters().at("/properties/message/type").asText()).isEqualTo("string");
            assertThat(echo.parameters().at("/properties/message/description").asText()).isEqualTo("Message to echo");
            assertThat(echo.parameters().path("required")).containsExactly(Json.MAPPER.getNodeFactory().textNode("message"));
            assertThat(JsonSchemaValidator.of(echo.parameters()).validate(args("{}")))
                    .containsExactly("argument 'message' is required");
            assertThat(echo.execute(args("{\"message\":\"hello\"}"))).isEqualTo("Echo: hello");
            assertThat(tool(source, "get-sum").execute(args("{\"a\":2,\"b\":3}"))).isEqualTo("The sum of 2 and 3 is 5.");
        }
    }

    @Test
    void filtersKeepAllSelectedOrAllExcept() {
        try (McpToolSource all = McpToolSource.connect(everything());
                McpToolSource selected = McpToolSource.connect(everything()
                        .withFilter(ToolFilter.selected(Set.of("echo", "get-sum"))));
                McpToolSource except = McpToolSource.connect(everything().withFilter(ToolFilter.except(Set.of("echo"))))) {
            List<String> names = all.tools().stream().map(ToolProvider::name).toList();
            assertThat(selected.tools()).extracting(ToolProvider::name).containsExactly("echo", "get-sum");
            assertThat(except.tools()).extracting(ToolProvider::name)
                    .containsExactlyElementsOf(names.stream().filter(n -> !n.equals("echo")).toList());
        }
        assertThatThrownBy(() -> McpToolSource.connect(everything().withFilter(ToolFilter.selected(Set.of("ecko")))))
                .isInstanceOfSatisfying(NodeExecutionException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                    assertThat(e.getMessage()).contains("has no tool named 'ecko'; its tools: ").contains("echo");
                });
    }

    @Test
    void aCallPastTheTimeoutIsATimeoutAndTheServerIsRestartedForTheNextCall() {
        try (McpToolSource source = McpToolSource.connect(everything().withCallTimeout(Duration.ofSeconds(1)))) {
            Process first = source.currentProcess().orElseThrow();
            assertThatThrownBy(() -> tool(source, "trigger-long-running-operation")
                    .execute(args("{\"duration\":30,\"steps\":2}")))
                    .isInstanceOfSatisfying(NodeExecutionException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
                        assertThat(e.getMessage()).isEqualTo("MCP tool 'trigger-long-running-operation' on server '"
                                + source.label() + "' did not answer within 1000 ms; the server will be restarted on"
                                + " the next call");
                    });
            assertThat(first.isAlive()).isFalse();
            assertThat(tool(source, "echo").execute(args("{\"message\":\"again\"}"))).isEqualTo("Echo: again");
            assertThat(source.currentProcess().orElseThrow().pid()).isNotEqualTo(first.pid());
        }
    }

    @Test
    void aServerThatDiesDuringACallIsAClearErrorAndIsRestarted() throws Exception {
        try (McpToolSource source = McpToolSource.connect(everything())) {
            Process first = source.currentProcess().orElseThrow();
            CompletableFuture<String> slow = CompletableFuture.supplyAsync(() -> tool(source,
                    "trigger-long-running-operation").execute(args("{\"duration\":30,\"steps\":2}")));
            Thread.sleep(500);
            first.destroyForcibly();
            assertThatThrownBy(() -> slow.get(20, TimeUnit.SECONDS)).hasCauseInstanceOf(NodeExecutionException.class)
                    .cause().hasMessageStartingWith("MCP server '" + source.label()
                            + "' stopped while running tool 'trigger-long-running-operation': it exited with code ")
                    .hasMessageEndingWith("; it will be restarted on the next call");
            assertThat(tool(source, "echo").execute(args("{\"message\":\"back\"}"))).isEqualTo("Echo: back");

            // A server that died between calls is restarted before the next call, which then succeeds.
            Process second = source.currentProcess().orElseThrow();
            second.destroyForcibly();
            second.waitFor(10, TimeUnit.SECONDS);
            assertThat(tool(source, "echo").execute(args("{\"message\":\"once more\"}"))).isEqualTo("Echo: once more");
        }
    }

    @Test
    void closeEndsTheServerAndEverythingItStarted() throws Exception {
        // The shell stays the parent of node, as npx does: closing must end both.
        String command = String.join(" ", NpmServers.everything("stdio").stream().map(w -> "'" + w + "'").toList());
        McpToolSource source = McpToolSource.connect(McpServerConfig.of(
                new McpTransportSpec.Stdio(List.of("sh", "-c", command + "; exit 0"), Map.of())));
        Process shell = source.currentProcess().orElseThrow();
        List<ProcessHandle> children = shell.descendants().toList();
        assertThat(children).isNotEmpty();
        assertThat(tool(source, "echo").execute(args("{\"message\":\"x\"}"))).isEqualTo("Echo: x");
        source.close();
        assertThat(shell.isAlive()).isFalse();
        for (ProcessHandle child : children) {
            child.onExit().get(10, TimeUnit.SECONDS);
            assertThat(child.isAlive()).isFalse();
        }
        assertThatThrownBy(() -> tool(source, "echo").execute(args("{\"message\":\"x\"}")))
                .isInstanceOfSatisfying(NodeExecutionException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_CLOSED));
        source.close();
    }

    @Test
    void theFilesystemServerWorksInItsDirectoryAndItsRefusalsAreToolErrors(@TempDir Path dir) throws Exception {
        Path allowed = dir.toRealPath();
        try (McpToolSource source = McpToolSource.connect(McpServerConfig.of(
                new McpTransportSpec.Stdio(NpmServers.filesystem(allowed), Map.of())))) {
            Path note = allowed.resolve("note.txt");
            tool(source, "write_file").execute(Json.object().put("path", note.toString()).put("content", "hi there"));
            assertThat(Files.readString(note)).isEqualTo("hi there");
            assertThat(tool(source, "read_text_file").execute(Json.object().put("path", note.toString())))
                    .isEqualTo("hi there");
            assertThatThrownBy(() -> tool(source, "read_text_file").execute(Json.object().put("path", "/etc/hostname")))
                    .isInstanceOfSatisfying(NodeExecutionException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.TOOL_ERROR);
                        assertThat(e.getMessage()).startsWith("MCP tool 'read_text_file' reported an error: ")
                                .contains("outside allowed directories");
                    });
        }
    }

    @Test
    void anAgentUsesAnMcpToolAndStoresTheTurn() {
        WindowMemory memory = WindowMemory.builder().ttl(Duration.ZERO).build();
        try (McpToolSource source = McpToolSource.connect(everything().withFilter(ToolFilter.selected(Set.of("echo"))))) {
            ScriptedModel model = new ScriptedModel("m", (messages, cfg) -> {
                Message last = messages.get(messages.size() - 1);
                return last.role() == Role.USER
                        ? new LlmResponse("", null, List.of(new ToolCall("c1", "echo", "{\"message\":\"ping\"}")),
                                "tool_calls", Usage.of(1, 1), "m")
                        : new LlmResponse("the server said " + last.content(), null, List.of(), "stop",
                                Usage.of(1, 1), "m");
            });
            AiAgent agent = AiAgent.builder().model(model).memory(memory).tools(source.tools()).build();
            AgentResponse response = agent.execute(List.of(Message.user("ping the server")),
                    AgentConfig.defaults().withSessionId("mcp-agent"));
            assertThat(response.content()).isEqualTo("the server said Echo: ping");
            assertThat(model.requests().get(0).config().tools()).extracting(t -> t.name()).containsExactly("echo");
            assertThat(memory.retrieve("mcp-agent", 10)).hasSize(4);
        } finally {
            memory.close();
        }
    }
}
