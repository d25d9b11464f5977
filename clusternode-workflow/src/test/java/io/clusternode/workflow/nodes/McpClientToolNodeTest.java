package io.clusternode.workflow.nodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.json.Json;
import io.clusternode.core.spi.Settings;
import io.clusternode.core.spi.ToolProvider;
import io.clusternode.workflow.RunRequest;
import io.clusternode.workflow.RunResult;
import io.clusternode.workflow.Workflow;
import io.clusternode.workflow.WorkflowRunner;
import io.clusternode.workflow.credentials.Credential;
import io.clusternode.workflow.credentials.Credentials;
import io.clusternode.workflow.expression.Expressions;
import io.clusternode.workflow.model.NodeSpec;
import io.clusternode.workflow.spi.NodeContext;
import io.clusternode.workflow.spi.SubWorkflows;
import io.clusternode.workflow.spi.ToolNode;
import io.clusternode.workflow.testing.EchoModel;
import io.clusternode.mcp.EverythingServer;
import io.clusternode.workflow.testing.FakeOpenAi;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code mcpClientTool} against the real {@code @modelcontextprotocol/server-everything} from npm over Streamable
 * HTTP (and SSE), on loopback: each MCP tool is one agent tool, the include filters apply, the connection is shared
 * by concurrent runs and closed with the workflow.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class McpClientToolNodeTest {

    private static EverythingServer streamable;
    private static int streamablePort;

    @BeforeAll
    static void startServer() throws Exception {
        streamable = EverythingServer.start("streamableHttp");
        streamablePort = streamable.port();
    }

    @AfterAll
    static void stopServer() {
        if (streamable != null) {
            streamable.close();
        }
    }

    private static ObjectNode fixture(int port) throws IOException {
        try (InputStream in = McpClientToolNodeTest.class.getResourceAsStream("/workflows/mcp-client-tool.json")) {
            return (ObjectNode) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("__PORT__", String.valueOf(port)), "fixture");
        }
    }

    private static ObjectNode mcpParameters(ObjectNode workflow) {
        for (JsonNode node : workflow.path("nodes")) {
            if (node.path("type").asText().endsWith("mcpClientTool")) {
                return (ObjectNode) node.path("parameters");
            }
        }
        throw new AssertionError("no mcpClientTool node");
    }

    private static WorkflowRunner bind(ObjectNode workflow, FakeOpenAi model) {
        Credentials credentials = Credentials.parse("{\"openAiApi\": {\"apiKey\": \"k\", \"url\": \"" + model.baseUrl()
                + "\"}}", false, "test");
        return Workflow.parse(Json.write(workflow), "mcp-client-tool.json").bind(credentials,
                WorkflowRunner.Options.defaults().withSettings(Settings.empty()));
    }

    private static List<String> offered(JsonNode request) {
        List<String> names = new ArrayList<>();
        request.path("tools").forEach(t -> names.add(t.path("function").path("name").asText()));
        return names;
    }

    @Test
    void eachSelectedMcpToolIsAnAgentToolUnderItsOwnName() throws Exception {
        try (FakeOpenAi model = new FakeOpenAi()) {
            model.reply(FakeOpenAi.toolCall("c1", "get-sum", "{\"a\": 2, \"b\": 40}"))
                    .reply(FakeOpenAi.completion("It is 42."))
                    .reply(FakeOpenAi.toolCall("c2", "echo", "{\"message\": \"hello\"}"))
                    .reply(FakeOpenAi.completion("Echoed."));
            try (WorkflowRunner runner = bind(fixture(streamablePort), model)) {
                RunResult first = runner.run(RunRequest.chat("What is 2 + 40?", "s1"));
                assertThat(first.items().get(0).json().path("output").asText()).isEqualTo("It is 42.");
                JsonNode request = model.requests().get(0);
                // agent v3 renames a single tool after its node, but a toolkit's tools keep the server's names
                assertThat(offered(request)).containsExactlyInAnyOrder("echo", "get-sum");
                JsonNode sum = request.path("tools").get(offered(request).indexOf("get-sum")).path("function");
                assertThat(sum.at("/parameters/properties/a/type").asText()).isEqualTo("number");
                assertThat(lastToolResult(model.requests().get(1))).isEqualTo("The sum of 2 and 40 is 42.");
                // the second run reuses the connection and the tools listed on the first
                RunResult second = runner.run(RunRequest.chat("Say hello", "s2"));
                assertThat(second.items().get(0).json().path("output").asText()).isEqualTo("Echoed.");
                assertThat(lastToolResult(model.requests().get(3))).isEqualTo("Echo: hello");
            }
        }
    }

    private static String lastToolResult(JsonNode request) {
        JsonNode messages = request.path("messages");
        JsonNode last = messages.get(messages.size() - 1);
        assertThat(last.path("role").asText()).isEqualTo("tool");
        return last.path("content").asText();
    }

    @Test
    void exceptLeavesOutTheNamedToolsAndConcurrentRunsShareTheConnection() throws Exception {
        ObjectNode workflow = fixture(streamablePort);
        ObjectNode parameters = mcpParameters(workflow);
        parameters.put("include", "except");
        parameters.remove("includeTools");
        ArrayNode excluded = parameters.putArray("excludeTools");
        excluded.add("get-sum").add("get-env");
        try (FakeOpenAi model = new FakeOpenAi().respondWith(EchoModel.responder());
             WorkflowRunner runner = bind(workflow, model)) {
            List<Future<RunResult>> runs = new ArrayList<>();
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 8; i++) {
                    String session = "s" + i;
                    runs.add(threads.submit(() -> runner.run(RunRequest.chat("Say it", session))));
                }
            }
            for (Future<RunResult> run : runs) {
                // EchoModel calls the first tool offered (the server lists echo first) with "red, blue"
                assertThat(run.get().items().get(0).json().path("output").asText()).isEqualTo("tool said: Echo: red, blue");
            }
            List<String> names = offered(model.requests().get(0));
            assertThat(names).contains("echo").doesNotContain("get-sum", "get-env").hasSizeGreaterThan(3);
        }
    }

    @Test
    void sseTransportOfVersion11() throws Exception {
        try (EverythingServer sse = EverythingServer.start("sse"); FakeOpenAi model = new FakeOpenAi()) {
            int port = sse.port();
            ObjectNode workflow = fixture(port);
            for (JsonNode node : workflow.path("nodes")) {
                if (node.path("type").asText().endsWith("mcpClientTool")) {
                    ((ObjectNode) node).put("typeVersion", 1.1);
                }
            }
            // 1.1 defaults to SSE
            mcpParameters(workflow).put("endpointUrl", "http://127.0.0.1:" + port + "/sse");
            model.reply(FakeOpenAi.toolCall("c1", "echo", "{\"message\": \"over sse\"}")).reply(FakeOpenAi.completion("ok"));
            try (WorkflowRunner runner = bind(workflow, model)) {
                assertThat(runner.run(RunRequest.chat("Echo", "s1")).items().get(0).json().path("output").asText())
                        .isEqualTo("ok");
            }
            assertThat(lastToolResult(model.requests().get(1))).isEqualTo("Echo: over sse");
        }
    }

    @Test
    void anUnreachableServerFailsTheRunNamingTheNodeAndTheNextRunConnectsAgain() throws Exception {
        int port = EverythingServer.freePort();
        ObjectNode workflow = fixture(port);
        mcpParameters(workflow).put("include", "all");
        try (FakeOpenAi model = new FakeOpenAi().respondWith(EchoModel.responder());
             WorkflowRunner runner = bind(workflow, model)) {
            assertThatThrownBy(() -> runner.run(RunRequest.chat("Hi", "s1")))
                    .isInstanceOf(NodeExecutionException.class).hasMessageContaining("node 'Everything MCP'");
            try (EverythingServer late = EverythingServer.start("streamableHttp", port)) {
                assertThat(late.port()).isEqualTo(port);
                assertThat(runner.run(RunRequest.chat("Hi", "s1")).items().get(0).json().path("output").asText())
                        .startsWith("tool said: ");
            }
        }
    }

    @Test
    void closingTheNodeClosesTheConnectionItsToolsUse() throws Exception {
        ObjectNode workflow = fixture(streamablePort);
        JsonNode mcp = null;
        for (JsonNode node : workflow.path("nodes")) {
            if (node.path("type").asText().endsWith("mcpClientTool")) {
                mcp = node;
            }
        }
        NodeSpec spec = new NodeSpec("mcp", "Everything MCP", "@n8n/n8n-nodes-langchain.mcpClientTool", 1.2,
                (ObjectNode) mcp.path("parameters"), java.util.Map.of(), false, null, null);
        assertThat(McpClientNode.unsupportedReason(spec)).isNull();
        ToolNode node = McpClientNode.create(new Context(spec));
        List<ToolProvider> tools = node.tools(null);
        assertThat(node.tools(null)).isSameAs(tools);
        ToolProvider echo = tools.stream().filter(t -> t.name().equals("echo")).findFirst().orElseThrow();
        assertThat(echo.execute(Json.object().put("message", "before"))).isEqualTo("Echo: before");
        node.close();
        assertThatThrownBy(() -> echo.execute(Json.object().put("message", "after")))
                .isInstanceOfSatisfying(NodeExecutionException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_CLOSED));
        assertThatThrownBy(() -> node.tools(null)).isInstanceOfSatisfying(NodeExecutionException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.PROVIDER_CLOSED));
    }

    @Test
    void unsupportedSettingsAreRefusedAtLoadTime() throws Exception {
        ObjectNode workflow = fixture(1);
        mcpParameters(workflow).put("authentication", "multipleHeadersAuth");
        assertThatThrownBy(() -> Workflow.parse(Json.write(workflow), "x.json"))
                .hasMessageContaining("node 'Everything MCP'")
                .hasMessageContaining("authentication 'multipleHeadersAuth' is not supported");
    }

    @Test
    void bearerAuthNeedsItsCredentialAtBindTime() throws Exception {
        ObjectNode workflow = fixture(1);
        mcpParameters(workflow).put("authentication", "bearerAuth");
        try (FakeOpenAi model = new FakeOpenAi()) {
            assertThatThrownBy(() -> bind(workflow, model)).isInstanceOfSatisfying(NodeExecutionException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.MISSING_CREDENTIAL);
                assertThat(e.getMessage()).contains("Everything MCP").contains("httpBearerAuth");
            });
        }
    }

    /** A node context without credentials or sub-nodes. */
    private record Context(NodeSpec node) implements NodeContext {
        @Override
        public Credential credential(String type) {
            throw new AssertionError("no credential expected");
        }

        @Override
        public Settings settings() {
            return Settings.empty();
        }

        @Override
        public Expressions expressions() {
            return new Expressions();
        }

        @Override
        public List<Attached> attached(String connectionType) {
            return List.of();
        }

        @Override
        public SubWorkflows subWorkflows() {
            throw new AssertionError("no sub-workflows expected");
        }
    }
}
