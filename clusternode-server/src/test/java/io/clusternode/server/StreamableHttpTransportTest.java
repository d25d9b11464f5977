package io.clusternode.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusternode.core.json.Json;
import io.clusternode.server.mcp.StreamableHttpTransport;
import io.helidon.webserver.WebServer;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Helidon transport on its own, under the SDK's server with a tool that sends a log message before its
 * result: the answer then becomes an event stream (when the client accepts one), and the SDK's client reads it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StreamableHttpTransportTest {

    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-03-26\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
    private static final String CALL = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":"
            + "{\"name\":\"chatty\",\"arguments\":{}}}";

    private static final AtomicBoolean STOPPING = new AtomicBoolean();
    private static StreamableHttpTransport transport;
    private static McpSyncServer mcp;
    private static WebServer web;
    private static Http http;

    @BeforeAll
    static void start() {
        transport = new StreamableHttpTransport(McpJsonMapper.getDefault(), 65_536, STOPPING::get);
        McpSchema.Tool chatty = McpSchema.Tool.builder().name("chatty").description("logs, then answers")
                .inputSchema(new McpSchema.JsonSchema("object", Map.of(), List.of(), null, null, null)).build();
        mcp = McpServer.sync(transport).serverInfo("test", "1")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).logging().build())
                .tools(McpServerFeatures.SyncToolSpecification.builder().tool(chatty).callHandler((exchange, request) -> {
                    exchange.loggingNotification(McpSchema.LoggingMessageNotification.builder()
                            .level(McpSchema.LoggingLevel.INFO).logger("chatty").data("working on it").build());
                    return McpSchema.CallToolResult.builder().addTextContent("done").build();
                }).build())
                .immediateExecution(true).build();
        web = WebServer.builder().host("127.0.0.1").port(0).shutdownHook(false)
                .routing(routing -> transport.routes(routing, "/mcp")).build().start();
        http = new Http(web.port());
    }

    @AfterAll
    static void stop() {
        mcp.close();
        web.stop();
    }

    private static String session() {
        Http.Answer answer = http.post("/mcp", INITIALIZE, "Accept", "application/json, text/event-stream");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().at("/result/protocolVersion").asText()).isEqualTo("2025-03-26");
        return answer.header("Mcp-Session-Id");
    }

    @Test
    void messagesBeforeTheResponseMakeItAnEventStream() {
        String session = session();
        Http.Answer streamed = http.post("/mcp", CALL, "Accept", "application/json, text/event-stream",
                "Mcp-Session-Id", session);
        assertThat(streamed.status()).isEqualTo(200);
        assertThat(streamed.header("Content-Type")).startsWith("text/event-stream");
        assertThat(streamed.body()).startsWith("id: ").contains("\nevent: message\ndata: ");
        List<String> events = dataLines(streamed.body());
        assertThat(events).hasSize(2);
        assertThat(Json.parse(events.get(0), "event").path("method").asText()).isEqualTo("notifications/message");
        assertThat(Json.parse(events.get(0), "event").at("/params/data").asText()).isEqualTo("working on it");
        assertThat(Json.parse(events.get(1), "event").path("id").asInt()).isEqualTo(7);
        assertThat(Json.parse(events.get(1), "event").at("/result/content/0/text").asText()).isEqualTo("done");

        // A client that takes JSON only gets the response alone.
        Http.Answer whole = http.post("/mcp", CALL, "Accept", "application/json", "Mcp-Session-Id", session);
        assertThat(whole.header("Content-Type")).startsWith("application/json");
        assertThat(whole.json().at("/result/content/0/text").asText()).isEqualTo("done");
    }

    private static List<String> dataLines(String body) {
        return body.lines().filter(line -> line.startsWith("data: ")).map(line -> line.substring(6)).toList();
    }

    @Test
    void theSdkClientReadsTheStreamedLogMessageAndResult() throws InterruptedException {
        List<String> logged = new CopyOnWriteArrayList<>();
        CountDownLatch received = new CountDownLatch(1);
        try (McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport
                        .builder("http://127.0.0.1:" + web.port()).endpoint("/mcp").build())
                .requestTimeout(Duration.ofSeconds(30))
                .loggingConsumer(message -> {
                    logged.add(message.data());
                    received.countDown();
                }).build()) {
            client.initialize();
            McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("chatty", Map.of()));
            assertThat(((McpSchema.TextContent) result.content().get(0)).text()).isEqualTo("done");
            assertThat(received.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(logged).containsExactly("working on it");
        }
    }

    @Test
    void aStoppingServerRefusesNewRequests() {
        String session = session();
        STOPPING.set(true);
        try {
            Http.Answer refused = http.post("/mcp", CALL, "Accept", "application/json, text/event-stream",
                    "Mcp-Session-Id", session);
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.json().at("/error/message").asText()).contains("shutting down");
        } finally {
            STOPPING.set(false);
        }
    }
}
