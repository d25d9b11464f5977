package io.clusternode.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.fasterxml.jackson.databind.JsonNode;
import io.clusternode.core.spi.Settings;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * {@code /mcp}: the server's agents and their tools over MCP Streamable HTTP, driven by the MCP Java SDK's own
 * client and, for the transport's edges, by plain HTTP requests.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class McpEndpointTest {

    private static final String KEY = "sk-mcp-test-3f9a1c";
    private static final String JSON_AND_EVENTS = "application/json, text/event-stream";
    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";

    private static ClusterNodeServer open;
    private static ClusterNodeServer keyed;
    private static final List<ILoggingEvent> ACCESS_LINES = new CopyOnWriteArrayList<>();
    private static final AppenderBase<ILoggingEvent> ACCESS = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
            event.prepareForDeferredProcessing();
            ACCESS_LINES.add(event);
        }
    };

    @BeforeAll
    static void start() {
        open = ClusterNodeServer.start(ServerConfig.resolve(Map.of(ServerConfig.PORT, "0",
                ServerConfig.AGENTS, "clusternode=calculator+datetime;plain=", ServerConfig.MAX_BODY_BYTES, "8192"),
                Settings.empty()), Settings.empty());
        keyed = ClusterNodeServer.start(ServerConfig.resolve(Map.of(ServerConfig.PORT, "0",
                ServerConfig.API_KEYS, KEY), Settings.empty()), Settings.empty());
        ACCESS.start();
        ((Logger) LoggerFactory.getLogger("io.clusternode.server.access")).addAppender(ACCESS);
    }

    @AfterAll
    static void stop() {
        ((Logger) LoggerFactory.getLogger("io.clusternode.server.access")).detachAppender(ACCESS);
        open.close();
        keyed.close();
    }

    static McpSyncClient client(int port, String key) {
        HttpClientStreamableHttpTransport.Builder transport = HttpClientStreamableHttpTransport
                .builder("http://127.0.0.1:" + port).endpoint("/mcp");
        if (key != null) {
            transport.customizeRequest(request -> request.header("Authorization", "Bearer " + key));
        }
        return McpClient.sync(transport.build()).requestTimeout(Duration.ofSeconds(60))
                .initializationTimeout(Duration.ofSeconds(60)).build();
    }

    private static String text(McpSchema.CallToolResult result) {
        assertThat(result.content()).hasSize(1);
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }

    @Test
    void theSdkClientListsAndCallsTheToolsAndAsksTheAgents() {
        try (McpSyncClient client = client(open.port(), null)) {
            McpSchema.InitializeResult init = client.initialize();
            assertThat(init.serverInfo().name()).isEqualTo("clusternode");
            assertThat(init.protocolVersion()).isEqualTo("2025-06-18");
            assertThat(init.capabilities().tools()).isNotNull();

            List<McpSchema.Tool> tools = client.listTools().tools();
            assertThat(tools).extracting(McpSchema.Tool::name)
                    .containsExactly("calculator", "current_datetime", "ask_clusternode", "ask_plain");
            McpSchema.Tool ask = tools.get(2);
            assertThat(ask.description()).startsWith("Ask the 'clusternode' agent (its tools: calculator,"
                    + " current_datetime)");
            assertThat(ask.inputSchema().required()).containsExactly("message");
            assertThat(tools.get(0).inputSchema().required()).containsExactly("expression");

            McpSchema.CallToolResult sum = client.callTool(new McpSchema.CallToolRequest("calculator",
                    Map.of("expression", "(12 * 7) / 3")));
            assertThat(text(sum)).isEqualTo("28");
            assertThat(sum.isError()).isFalse();

            McpSchema.CallToolResult answer = client.callTool(new McpSchema.CallToolRequest("ask_clusternode",
                    Map.of("message", "What is 12 * 7?")));
            assertThat(text(answer)).isEqualTo("The result is 84.");
            assertThat(answer.isError()).isFalse();

            // A tool's failure and arguments that fail the schema are error results; the session goes on.
            McpSchema.CallToolResult failed = client.callTool(new McpSchema.CallToolRequest("calculator",
                    Map.of("expression", "1 / 0")));
            assertThat(failed.isError()).isTrue();
            assertThat(text(failed)).startsWith("Error: ");
            McpSchema.CallToolResult invalid = client.callTool(new McpSchema.CallToolRequest("calculator",
                    Map.of("expr", "1")));
            assertThat(invalid.isError()).isTrue();
            assertThat(text(invalid)).contains("invalid arguments for tool 'calculator': argument 'expression' is"
                    + " required");

            // An unknown tool is a JSON-RPC error from the SDK's server.
            assertThatThrownBy(() -> client.callTool(new McpSchema.CallToolRequest("no_such_tool", Map.of())))
                    .isInstanceOfSatisfying(McpError.class, e -> {
                        assertThat(e.getJsonRpcError().code()).isEqualTo(McpSchema.ErrorCodes.INVALID_PARAMS);
                        assertThat(e.getMessage()).contains("Unknown tool");
                    });
            assertThat(text(client.callTool(new McpSchema.CallToolRequest("calculator", Map.of("expression",
                    "2 + 2"))))).isEqualTo("4");
            assertThat(open.mcp().orElseThrow().sessions()).isPositive();
        }
    }

    @Test
    void anAgentKeepsAConversationOnlyWhenGivenASession() {
        String session = "mcp-conversation-" + System.nanoTime();
        try (McpSyncClient client = client(open.port(), null)) {
            client.initialize();
            String first = text(client.callTool(new McpSchema.CallToolRequest("ask_plain",
                    Map.of("message", "hello", "session", session))));
            assertThat(first).startsWith("Simulated reply to \"hello\" (I received 0 earlier");
            String second = text(client.callTool(new McpSchema.CallToolRequest("ask_plain",
                    Map.of("message", "again", "session", session))));
            assertThat(second).startsWith("Simulated reply to \"again\" (I received 2 earlier");
            assertThat(open.catalog().memory().stats(session)).get()
                    .satisfies(stats -> assertThat(stats.messageCount()).isEqualTo(4));

            long sessionsBefore = open.catalog().memory().sessions().size();
            String alone = text(client.callTool(new McpSchema.CallToolRequest("ask_plain",
                    Map.of("message", "hello"))));
            assertThat(alone).startsWith("Simulated reply to \"hello\" (I received 0 earlier");
            assertThat(open.catalog().memory().sessions()).hasSize((int) sessionsBefore);
        }
        String metrics = new Http(open.port()).get("/metrics").body();
        assertThat(metrics).contains("clusternode_agent_runs_seconds_count{agent=\"plain\",outcome=\"success\"}");
        assertThat(metrics).contains("route=\"/mcp\"");
        assertThat(metrics).contains("clusternode_mcp_sessions ");
    }

    @Test
    void withApiKeysTheEndpointNeedsOne() {
        Http http = new Http(keyed.port());
        Http.Answer refused = http.post("/mcp", INITIALIZE, "Accept", JSON_AND_EVENTS);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(http.post("/mcp", INITIALIZE, "Accept", JSON_AND_EVENTS, "Authorization", "Bearer sk-wrong")
                .status()).isEqualTo(401);
        assertThatThrownBy(() -> {
            try (McpSyncClient client = client(keyed.port(), null)) {
                client.initialize();
            }
        }).hasStackTraceContaining("invalid_api_key");
        try (McpSyncClient client = client(keyed.port(), KEY)) {
            client.initialize();
            assertThat(text(client.callTool(new McpSchema.CallToolRequest("ask_clusternode",
                    Map.of("message", "What is 12 * 7?"))))).isEqualTo("The result is 84.");
        }
        assertThat(ACCESS_LINES).extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(line -> assertThat(line).contains(" POST /mcp 401 "))
                .anySatisfy(line -> assertThat(line).contains(" POST /mcp 200 "))
                .noneSatisfy(line -> assertThat(line).contains(KEY));
    }

    /** Starts a session with a plain HTTP request; returns its id. */
    private static String initialize(Http http) {
        Http.Answer answer = http.post("/mcp", INITIALIZE, "Accept", JSON_AND_EVENTS);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        assertThat(answer.json().at("/result/serverInfo/name").asText()).isEqualTo("clusternode");
        assertThat(answer.header("X-Request-Id")).isNotBlank();
        return answer.header("Mcp-Session-Id");
    }

    @Test
    void theTransportFollowsTheStreamableHttpRules() {
        Http http = new Http(open.port());
        String session = initialize(http);
        assertThat(session).isNotBlank();
        String[] headers = {"Accept", JSON_AND_EVENTS, "Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-06-18"};

        Http.Answer initialized = http.post("/mcp", "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                headers);
        assertThat(initialized.status()).isEqualTo(202);
        assertThat(initialized.body()).isEmpty();

        Http.Answer listed = http.post("/mcp", "{\"jsonrpc\":\"2.0\",\"id\":\"a-2\",\"method\":\"tools/list\"}",
                headers);
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.header("Content-Type")).startsWith("application/json");
        assertThat(listed.json().path("id").asText()).isEqualTo("a-2");
        assertThat(listed.json().at("/result/tools").findValuesAsText("name")).contains("calculator");

        // A client that accepts only JSON gets JSON.
        Http.Answer called = http.post("/mcp", "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":"
                + "{\"name\":\"calculator\",\"arguments\":{\"expression\":\"6 * 7\"}}}", "Accept", "application/json",
                "Mcp-Session-Id", session);
        assertThat(called.status()).isEqualTo(200);
        assertThat(called.json().at("/result/content/0/text").asText()).isEqualTo("42");

        // No session header, an unknown session, an unsupported protocol version.
        String ping = "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"ping\"}";
        Http.Answer noSession = http.post("/mcp", ping, "Accept", JSON_AND_EVENTS);
        assertThat(noSession.status()).isEqualTo(400);
        assertThat(noSession.json().at("/error/message").asText()).contains("Mcp-Session-Id");
        Http.Answer unknown = http.post("/mcp", ping, "Accept", JSON_AND_EVENTS, "Mcp-Session-Id", "no-such-session");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().at("/error/code").asInt()).isEqualTo(-32001);
        Http.Answer version = http.post("/mcp", ping, "Accept", JSON_AND_EVENTS, "Mcp-Session-Id", session,
                "MCP-Protocol-Version", "1999-01-01");
        assertThat(version.status()).isEqualTo(400);
        assertThat(version.json().at("/error/message").asText()).contains("MCP-Protocol-Version");
        assertThat(http.post("/mcp", ping, headers).json().path("result").isObject()).isTrue();

        // Bad bodies: not JSON, a batch, too large; a client that accepts neither JSON nor events.
        Http.Answer garbage = http.post("/mcp", "{not json", headers);
        assertThat(garbage.status()).isEqualTo(400);
        assertThat(garbage.json().at("/error/code").asInt()).isEqualTo(-32700);
        assertThat(garbage.json().path("jsonrpc").asText()).isEqualTo("2.0");
        Http.Answer batch = http.post("/mcp", "[" + ping + "]", headers);
        assertThat(batch.status()).isEqualTo(400);
        assertThat(batch.json().at("/error/message").asText()).contains("batches");
        Http.Answer large = http.post("/mcp", "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"ping\",\"params\":{\"x\":\""
                + "y".repeat(10_000) + "\"}}", headers);
        assertThat(large.status()).isEqualTo(413);
        assertThat(large.json().at("/error/message").asText()).contains("8192 bytes");
        assertThat(http.post("/mcp", ping, "Accept", "text/plain", "Mcp-Session-Id", session).status())
                .isEqualTo(406);

        // GET (a stream for server-initiated messages) is not offered; DELETE ends the session.
        Http.Answer get = http.get("/mcp", "Accept", "text/event-stream", "Mcp-Session-Id", session);
        assertThat(get.status()).isEqualTo(405);
        assertThat(get.header("Allow")).isEqualTo("POST, DELETE");
        assertThat(http.delete("/mcp", "Mcp-Session-Id", session).status()).isEqualTo(204);
        assertThat(http.post("/mcp", ping, headers).status()).isEqualTo(404);
        assertThat(http.delete("/mcp", "Mcp-Session-Id", session).status()).isEqualTo(404);
    }

    @Test
    void aSessionsStartingMessageMustBeInitialize() {
        Http http = new Http(open.port());
        Http.Answer noParams = http.post("/mcp", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\","
                + "\"params\":{\"capabilities\":\"nonsense\"}}", "Accept", JSON_AND_EVENTS);
        assertThat(noParams.status()).isEqualTo(400);
        JsonNode error = noParams.json().path("error");
        assertThat(error.path("code").asInt()).isEqualTo(-32602);
        assertThat(noParams.header("Mcp-Session-Id")).isNull();
    }

    @Test
    void theEndpointCanBeTurnedOff() {
        try (ClusterNodeServer off = ClusterNodeServer.start(ServerConfig.resolve(Map.of(ServerConfig.PORT, "0",
                ServerConfig.MCP_ENDPOINT, "false"), Settings.empty()), Settings.empty())) {
            Http http = new Http(off.port());
            assertThat(http.post("/mcp", INITIALIZE, "Accept", JSON_AND_EVENTS).status()).isEqualTo(404);
            assertThat(off.mcp()).isEmpty();
            assertThat(http.get("/metrics").body()).doesNotContain("clusternode_mcp_sessions");
        }
    }

    @Test
    void requestsCarryTheCallersRequestId() {
        Http http = new Http(open.port());
        HttpRequest request = http.request("/mcp", "Accept", JSON_AND_EVENTS, "X-Request-Id", "mcp-trace-1",
                "Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(INITIALIZE)).build();
        assertThat(http.send(request).header("X-Request-Id")).isEqualTo("mcp-trace-1");
    }
}
