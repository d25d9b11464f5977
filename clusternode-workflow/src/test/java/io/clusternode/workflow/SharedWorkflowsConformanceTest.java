package io.clusternode.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.json.Json;
import io.clusternode.core.spi.Settings;
import io.clusternode.core.testing.RequiredServices;
import io.clusternode.workflow.credentials.Credentials;
import io.clusternode.workflow.testing.EchoModel;
import io.clusternode.mcp.EverythingServer;
import io.clusternode.workflow.testing.FakeApi;
import io.clusternode.workflow.testing.FakeOpenAi;
import io.clusternode.workflow.testing.SharedFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every real template in {@code ../shared/n8n/workflows}: either it runs end to end against a fake model, or it
 * fails at load time with UNSUPPORTED_NODE naming exactly the nodes outside the supported set.
 */
class SharedWorkflowsConformanceTest {

    /**
     * The nodes each template must be refused for; templates not listed here must run. SerpAPI and Wikipedia are
     * tools ClusterNode does not have.
     */
    static final Map<String, List<String>> UNSUPPORTED = Map.of(
            "chat-agent-memory-serpapi.json", List.of("SerpAPI"),
            "ollama-manualchat-weather-wiki.json", List.of("Wikipedia"));

    /** Templates whose run needs JavaScript (a Code tool); they are run in the JavaScript tests. */
    static final List<String> NEEDS_JAVASCRIPT = List.of("code-tool-agent.json");

    static Path dir() {
        Path dir = SharedFixtures.workflows();
        assumeTrue(dir != null, "../shared/n8n is not present");
        return dir;
    }

    static WorkflowRunner bind(Path file, FakeOpenAi server) {
        Credentials credentials = Credentials.parse("{\"openAiApi\": {\"apiKey\": \"k\", \"url\": \"" + server.baseUrl()
                + "\"}}", false, "test");
        return Workflow.load(file).bind(credentials, WorkflowRunner.Options.defaults().withSettings(Settings.empty()));
    }

    @Test
    void everyTemplateIsCovered() throws IOException {
        try (Stream<Path> files = Files.list(dir())) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                String name = file.getFileName().toString();
                List<String> refused = UNSUPPORTED.get(name);
                if (refused == null) {
                    Workflow workflow = Workflow.load(file);
                    assertThat(workflow.problems()).as(name).isEmpty();
                    continue;
                }
                assertThatThrownBy(() -> Workflow.load(file)).as(name).isInstanceOfSatisfying(WorkflowLoadException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_NODE);
                    assertThat(e.problems()).allSatisfy(p -> assertThat(p.code()).isEqualTo(ErrorCode.UNSUPPORTED_NODE));
                    assertThat(e.problems()).extracting(p -> p.message().substring(6, p.message().indexOf("' (")))
                            .containsExactlyInAnyOrderElementsOf(refused);
                });
            }
        }
    }

    @Test
    void serpApiLineIsExactlyAsDocumented() {
        Path file = dir().resolve("chat-agent-memory-serpapi.json");
        assertThatThrownBy(() -> Workflow.load(file)).hasToString(
                "UNSUPPORTED_NODE: node 'SerpAPI' (@n8n/n8n-nodes-langchain.toolSerpApi v1) is not supported");
    }

    @Test
    void instagramWebhookSetAgentRespond() throws Exception {
        Path file = dir().resolve("instagram-webhook-set-agent.json");
        try (FakeOpenAi server = new FakeOpenAi().respondWith(EchoModel.responder());
             WorkflowRunner runner = bind(file, server)) {
            ObjectNode input = (ObjectNode) Json.parse("{\"body\": {\"text\": \"Hi there\", \"session_id\": \"ig-1\"}}", "x");
            RunResult first = runner.run(RunRequest.of(input));
            assertThat(first.lastNode()).isEqualTo("Send respond ");
            assertThat(first.items()).hasSize(1);
            assertThat(first.items().get(0).json().path("output").asText()).isEqualTo("echo: Hi there (2 messages)");
            // Respond to Webhook with n8n's default, firstIncomingItem: the agent's item is the webhook's answer
            assertThat(first.webhookResponse().respondWith()).isEqualTo("firstIncomingItem");
            assertThat(first.webhookResponse().status()).isEqualTo(200);
            assertThat(first.webhookResponse().body()).isEqualTo(first.items().get(0).json());
            JsonNode request = server.requests().get(0);
            assertThat(request.path("model").asText()).isEqualTo("gpt-4o-mini");
            assertThat(request.path("messages").get(0).path("content").asText()).startsWith("Persona: You are a instagram");
            // the memory's key is $('Set your system promt for AI').last().json.sessionId: same session, history seen
            RunResult second = runner.run(RunRequest.of(input));
            assertThat(second.items().get(0).json().path("output").asText()).isEqualTo("echo: Hi there (4 messages)");
            ObjectNode other = (ObjectNode) Json.parse("{\"body\": {\"text\": \"Hi there\", \"session_id\": \"ig-2\"}}", "x");
            assertThat(runner.run(RunRequest.of(other)).items().get(0).json().path("output").asText())
                    .isEqualTo("echo: Hi there (2 messages)");
        }
    }

    @Test
    void toolWorkflowCallsBackIntoTheSameFile() throws Exception {
        Path file = dir().resolve("toolworkflow-thinking-tools.json");
        try (FakeOpenAi server = new FakeOpenAi().respondWith(EchoModel.responder());
             WorkflowRunner runner = bind(file, server)) {
            RunResult result = runner.run(RunRequest.chat("How do I plan a trip?", "trip"), RunListener.NONE);
            assertThat(result.lastNode()).isEqualTo("AI Agent");
            assertThat(result.items().get(0).json().path("output").asText()).isEqualTo("tool said: {\"Thoughts\":\"red, blue\"}");
            JsonNode tools = server.requests().get(0).path("tools");
            assertThat(tools).extracting(t -> t.path("function").path("name").asText())
                    .containsExactlyInAnyOrder("Initial_thoughts", "Additional_thoughts");
            assertThat(tools.get(0).path("function").path("parameters").path("properties").path("Thoughts")
                    .path("type").asText()).isEqualTo("string");
            // a second turn on the same session sees the first turn's history (user, tool call, tool result, answer)
            runner.run(RunRequest.chat("And then?", "trip"));
            JsonNode secondTurn = server.requests().get(2).path("messages");
            assertThat(secondTurn.toString()).contains("How do I plan a trip?");
        }
    }

    @Test
    void wikipediaIsTheOnlyNodeRefusedInTheWeatherTemplate() {
        Path file = dir().resolve("ollama-manualchat-weather-wiki.json");
        assertThatThrownBy(() -> Workflow.load(file)).hasToString(
                "UNSUPPORTED_NODE: node 'Wikipedia' (@n8n/n8n-nodes-langchain.toolWikipedia v1) is not supported");
        // the rest of it, the HTTP Request tool with model-filled query parameters included, is supported
        assertThat(Workflow.inspect(file, NodeTypes.installed()).statuses())
                .filteredOn(s -> s.node().name().equals("Weather HTTP Request"))
                .singleElement().satisfies(s -> assertThat(s.state()).isEqualTo(NodeStatus.State.SUPPORTED));
    }

    /** The pizza template's three HTTP Request tools, pointed at an API on loopback (allow-listed). */
    @Test
    void pizzaTemplateCallsItsHttpTools() throws Exception {
        String text = Files.readString(dir().resolve("pizza-calculator-httptools.json"));
        try (FakeApi api = new FakeApi(); FakeOpenAi model = new FakeOpenAi()) {
            Workflow workflow = Workflow.parse(text.replace("https://n8n.io/webhook/", api.baseUrl() + "/webhook/"),
                    "pizza-calculator-httptools.json");
            model.reply(FakeOpenAi.toolCall("c1", "Get_Products", "{}"))
                    .reply(FakeOpenAi.toolCall("c2", "Order_Product", "{}"))
                    .reply(FakeOpenAi.toolCall("c3", "Get_Order", "{}"))
                    .reply(FakeOpenAi.completion("Your pizza is on its way."));
            Credentials credentials = Credentials.parse("{\"openAiApi\": {\"apiKey\": \"k\", \"url\": \""
                    + model.baseUrl() + "\"}}", false, "test");
            try (WorkflowRunner runner = workflow.bind(credentials, WorkflowRunner.Options.defaults()
                    .withSettings(Settings.of(Map.of("CLUSTERNODE_HTTP_ALLOW", "127.0.0.1"))))) {
                RunResult result = runner.run(RunRequest.chat("One margherita, please", "pizza-1"));
                assertThat(result.items().get(0).json().path("output").asText()).isEqualTo("Your pizza is on its way.");
            }
            assertThat(api.received()).extracting(r -> r.method() + " " + r.path()).containsExactly(
                    "GET /webhook/get-products", "POST /webhook/order-product", "GET /webhook/get-orders");
            // Order Product's body is {message: $json.chatInput}, resolved against the agent's input item
            assertThat(Json.parse(api.received().get(1).body(), "body"))
                    .isEqualTo(Json.parse("{\"message\": \"One margherita, please\"}", "x"));
            JsonNode tools = model.requests().get(0).path("tools");
            assertThat(tools).extracting(t -> t.path("function").path("name").asText())
                    .containsExactlyInAnyOrder("calculator", "Get_Products", "Order_Product", "Get_Order");
        }
    }

    /** The CoinGecko MCP template, its endpoint pointed at the everything server on loopback. */
    @Test
    void mcpTemplateRunsAgainstAnMcpServer() throws Exception {
        String text = Files.readString(dir().resolve("mcp-streaming-agent-v3.json"));
        try (EverythingServer server = EverythingServer.start("streamableHttp");
             FakeOpenAi model = new FakeOpenAi().respondWith(EchoModel.responder())) {
            Workflow workflow = Workflow.parse(text.replace("https://mcp.api.coingecko.com/mcp", server.url()),
                    "mcp-streaming-agent-v3.json");
            try (WorkflowRunner runner = workflow.bind(Credentials.parse("{\"openAiApi\": {\"apiKey\": \"k\","
                    + " \"url\": \"" + model.baseUrl() + "\"}}", false, "test"),
                    WorkflowRunner.Options.defaults().withSettings(Settings.empty()))) {
                RunResult result = runner.run(RunRequest.chat("Price of bitcoin?", "btc"));
                assertThat(result.items().get(0).json().path("output").asText()).isEqualTo("tool said: Echo: red, blue");
                // a second turn on the same session sees the first turn's history
                runner.run(RunRequest.chat("And ether?", "btc"));
                assertThat(model.requests().get(2).path("messages").toString()).contains("Price of bitcoin?");
            }
            assertThat(model.requests().get(0).path("tools")).extracting(t -> t.path("function").path("name").asText())
                    .contains("echo", "get-sum");
        }
    }

    /**
     * The Appian template: webhook or chat, Postgres memory, three httpRequestTool nodes with $fromAI. Its URLs
     * read the 'Template Vars' node, which nothing connects, so (as in n8n) a tool call fails with an expression
     * error the model is told about, and the run completes.
     */
    @Test
    void appianTemplateRunsWithPostgresMemoryAndHttpRequestTools() throws Exception {
        RequiredServices.requirePostgres();
        Path file = dir().resolve("ollama-postgres-memory-webhook-and-chat.json");
        try (FakeOpenAi model = new FakeOpenAi().respondWith(EchoModel.responder())) {
            Credentials credentials = Credentials.parse("{\"ollamaApi\": {\"baseUrl\": \"" + model.baseUrl()
                    .replace("/v1", "") + "\"}, \"postgres\": {\"host\": \"127.0.0.1\", \"port\": 5432,"
                    + " \"database\": \"test\", \"user\": \"postgres\"}, \"oAuth2Api\": {\"accessToken\": \"tok\"}}",
                    false, "test");
            String session = "appian-" + java.util.UUID.randomUUID();
            try (WorkflowRunner runner = Workflow.load(file).bind(credentials,
                    WorkflowRunner.Options.defaults().withSettings(Settings.empty()))) {
                RunResult result = runner.run(RunRequest.chat("List my tasks", session));
                assertThat(result.lastNode()).isEqualTo("Respond to Webhook");
                String output = result.items().get(0).json().path("output").asText();
                assertThat(output).startsWith("tool said: Error: ").contains("Template Vars");
                JsonNode tools = model.requests().get(0).path("tools");
                JsonNode create = null;
                for (JsonNode tool : tools) {
                    if (tool.path("function").path("name").asText().equals("Create_Task_Appian_")) {
                        create = tool.path("function");
                    }
                }
                assertThat(create).isNotNull();
                assertThat(create.at("/parameters/properties").size()).isEqualTo(4);
                assertThat(create.at("/parameters/properties/parameters1_Value/description").asText())
                        .isEqualTo("Short task title");
                runner.run(RunRequest.chat("And again?", session));
                assertThat(model.requests().get(2).path("messages").toString()).contains("List my tasks");
            }
        }
    }
}
