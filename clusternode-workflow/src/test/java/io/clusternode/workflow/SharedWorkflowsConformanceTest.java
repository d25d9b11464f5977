package io.clusternode.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.json.Json;
import io.clusternode.core.spi.Settings;
import io.clusternode.workflow.credentials.Credentials;
import io.clusternode.workflow.testing.EchoModel;
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

    /** The nodes each template must be refused for; templates not listed here must run. */
    static final Map<String, List<String>> UNSUPPORTED = Map.of(
            "chat-agent-memory-serpapi.json", List.of("SerpAPI"),
            "mcp-streaming-agent-v3.json", List.of("CoinGecko Free MCP"),
            "ollama-manualchat-weather-wiki.json", List.of("Wikipedia", "Weather HTTP Request"),
            "ollama-postgres-memory-webhook-and-chat.json",
            List.of("List Tasks (Appian)", "List Task Types (Appian)", "Create Task (Appian)"),
            "pizza-calculator-httptools.json", List.of("Get Products", "Order Product", "Get Order"));

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
}
