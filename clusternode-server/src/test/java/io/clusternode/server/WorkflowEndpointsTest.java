package io.clusternode.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.json.Json;
import io.clusternode.core.spi.Settings;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The served n8n workflows: as models of the OpenAI API, the chat widget's endpoint and webhook triggers. */
class WorkflowEndpointsTest {

    private static ClusterNodeServer server;
    private static Http http;

    static Path resource(String name) {
        try {
            return Path.of(WorkflowEndpointsTest.class.getResource("/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static ServerConfig config(String workflows, String credentials) {
        return ServerConfig.resolve(Map.of(ServerConfig.PORT, "0", ServerConfig.WORKFLOWS, workflows,
                ServerConfig.CREDENTIALS, credentials), Settings.empty());
    }

    @BeforeAll
    static void start() {
        server = ClusterNodeServer.start(config(resource("workflows").toString(),
                resource("workflow-credentials.json").toString()), Settings.empty());
        http = new Http(server.port());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String chatBody(String action, String session, String input) {
        var body = Json.object().put("action", action).put("sessionId", session);
        if (input != null) {
            body.put("chatInput", input);
        }
        return Json.write(body);
    }

    private static void assertCleanError(Http.Answer answer, int status, String code) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        assertThat(answer.json().path("error").path("code").asText()).isEqualTo(code);
        assertThat(answer.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("io.clusternode.");
    }

    // ---- workflows as models ----------------------------------------------------------------------------------

    @Test
    void chatTriggeredWorkflowsAreListedAsModels() {
        JsonNode models = http.get("/v1/models").json();
        List<String> workflows = new ArrayList<>();
        for (JsonNode model : models.path("data")) {
            if (model.path("owned_by").asText().equals("workflow")) {
                workflows.add(model.path("id").asText());
            }
        }
        assertThat(workflows).containsExactly("chat-bot", "guarded-bot", "private-bot", "stream-bot");
        assertThat(models.path("data").findValuesAsText("id")).contains("clusternode").doesNotContain("orders", "ask");
        assertThat(http.get("/v1/models/chat-bot").json().path("owned_by").asText()).isEqualTo("workflow");
        assertCleanError(http.get("/v1/models/orders"), 404, "model_not_found");
    }

    @Test
    void aWorkflowModelAnswersWithItsOutputAndKeepsTheSession() {
        String session = "model-" + System.nanoTime();
        JsonNode first = http.post("/v1/chat/completions", Http.chat("chat-bot", "What is 6 * 7?"),
                "X-Session-Id", session).json();
        assertThat(first.path("object").asText()).isEqualTo("chat.completion");
        assertThat(first.path("model").asText()).isEqualTo("chat-bot");
        assertThat(first.path("choices").get(0).path("message").path("content").asText()).isEqualTo("The result is 42.");
        assertThat(first.path("usage").path("total_tokens").asInt()).isPositive();
        assertThat(first.path("clusternode").path("tool_calls").get(0).path("result").asText()).isEqualTo("42");

        // the user field names the session too; the workflow's memory has the first turn
        String second = http.post("/v1/chat/completions", Json.write(((com.fasterxml.jackson.databind.node.ObjectNode)
                Json.parse(Http.chat("chat-bot", "Hello"), "body")).put("user", session))).json()
                .path("choices").get(0).path("message").path("content").asText();
        assertThat(second).startsWith("Simulated reply to \"Hello\"").doesNotContain("received 0 earlier");
    }

    @Test
    void withoutASessionEachRequestStandsAlone() {
        for (int i = 0; i < 2; i++) {
            String content = http.post("/v1/chat/completions", Http.chat("chat-bot", "Hi")).json()
                    .path("choices").get(0).path("message").path("content").asText();
            assertThat(content).isEqualTo("Simulated reply to \"Hi\" (I received 0 earlier conversation messages).");
        }
    }

    @Test
    void aWorkflowModelStreams() {
        String body = Json.write(((com.fasterxml.jackson.databind.node.ObjectNode) Json.parse(
                Http.chat("stream-bot", "What is 2 + 3?"), "body")).put("stream", true));
        Http.Answer answer = http.post("/v1/chat/completions", body, "X-Session-Id", "stream-" + System.nanoTime());
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).startsWith("text/event-stream");
        List<String> events = answer.events();
        assertThat(events.get(events.size() - 1)).isEqualTo("[DONE]");
        StringBuilder text = new StringBuilder();
        for (String event : events.subList(0, events.size() - 1)) {
            text.append(Json.parse(event, "event").path("choices").get(0).path("delta").path("content").asText(""));
        }
        assertThat(text.toString()).isEqualTo("The result is 5.");
    }

    @Test
    void aWorkflowModelRefusesWhatItCannotTake() {
        String withTools = "{\"model\":\"chat-bot\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"lookup\"}}]}";
        assertCleanError(http.post("/v1/chat/completions", withTools), 400, "invalid_input");
        String endsWithAssistant = "{\"model\":\"chat-bot\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},"
                + "{\"role\":\"assistant\",\"content\":\"hello\"}]}";
        assertCleanError(http.post("/v1/chat/completions", endsWithAssistant), 400, "invalid_input");
    }

    // ---- the chat trigger's endpoint ----------------------------------------------------------------------------

    @Test
    void theChatEndpointAnswersAndLoadsThePreviousSession() {
        String session = "widget-" + System.nanoTime();
        Http.Answer answer = http.post("/webhook/chat-bot-hook/chat", chatBody("sendMessage", session, "What is 6 * 7?"));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().path("output").asText()).isEqualTo("The result is 42.");

        JsonNode previous = http.post("/webhook/chat-bot-hook/chat", chatBody("loadPreviousSession", session, null)).json();
        JsonNode data = previous.path("data");
        assertThat(data).hasSize(2);
        assertThat(data.get(0).path("id").toString()).contains("HumanMessage");
        assertThat(data.get(0).path("kwargs").path("content").asText()).isEqualTo("What is 6 * 7?");
        assertThat(data.get(1).path("id").toString()).contains("AIMessage");
        assertThat(data.get(1).path("kwargs").path("content").asText()).isEqualTo("The result is 42.");

        JsonNode none = http.post("/webhook/chat-bot-hook/chat", chatBody("loadPreviousSession", "fresh-"
                + System.nanoTime(), null)).json();
        assertThat(none.path("data")).isEmpty();
        // the test URL behaves the same
        assertThat(http.post("/webhook-test/chat-bot-hook/chat", chatBody("sendMessage", session, "What is 1 + 1?"))
                .json().path("output").asText()).isEqualTo("The result is 2.");
    }

    @Test
    void aStreamingChatTriggerAnswersWithNewlineDelimitedChunks() {
        Http.Answer answer = http.post("/webhook/stream-bot-hook/chat",
                chatBody("sendMessage", "nd-" + System.nanoTime(), "What is 6 * 7?"));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        List<JsonNode> chunks = new ArrayList<>();
        for (String line : answer.body().split("\n", -1)) {
            if (!line.isBlank()) {
                chunks.add(Json.parse(line, "chunk"));
            }
        }
        assertThat(chunks.get(0).path("type").asText()).isEqualTo("begin");
        assertThat(chunks.get(chunks.size() - 1).path("type").asText()).isEqualTo("end");
        StringBuilder text = new StringBuilder();
        for (JsonNode chunk : chunks.subList(1, chunks.size() - 1)) {
            assertThat(chunk.path("type").asText()).isEqualTo("item");
            assertThat(chunk.path("metadata").path("nodeName").asText()).isEqualTo("AI Agent");
            text.append(chunk.path("content").asText());
        }
        assertThat(text.toString()).isEqualTo("The result is 42.");
    }

    @Test
    void theChatEndpointRefusesBadInput() {
        String path = "/webhook/chat-bot-hook/chat";
        assertCleanError(http.post(path, "{\"action\":"), 400, "invalid_json");
        assertCleanError(http.post(path, "[1,2]"), 400, "invalid_input");
        assertCleanError(http.post(path, chatBody("sendMessage", "s1", null)), 400, "invalid_input");
        assertCleanError(http.post(path, "{\"action\":\"sendMessage\",\"chatInput\":\"hi\"}"), 400, "invalid_input");
        assertCleanError(http.post(path, "{\"action\":\"sendMessage\",\"sessionId\":\"s1\",\"chatInput\":7}"), 400,
                "invalid_input");
        assertCleanError(http.post(path, chatBody("deleteEverything", "s1", "hi")), 400, "invalid_input");
        assertCleanError(http.get(path), 405, "method_not_allowed");
        assertCleanError(http.post("/webhook/no-such-hook/chat", chatBody("sendMessage", "s1", "hi")), 404,
                "webhook_not_found");
        // not public: n8n's production URL answers 404
        assertCleanError(http.post("/webhook/private-hook/chat", chatBody("sendMessage", "s1", "hi")), 404,
                "webhook_not_found");
        assertCleanError(http.post(path, "{\"action\":\"sendMessage\",\"sessionId\":\"s1\",\"chatInput\":\""
                + "x".repeat(1_100_000) + "\"}"), 413, "request_too_large");
    }

    @Test
    void aChatTriggerWithBasicAuthAndAllowedOriginsChecksBoth() {
        String path = "/webhook/guarded-hook/chat";
        String body = chatBody("sendMessage", "g-" + System.nanoTime(), "What is 3 * 3?");
        Http.Answer none = http.post(path, body);
        assertCleanError(none, 401, "unauthorized");
        assertThat(none.header("WWW-Authenticate")).isEqualTo("Basic realm=\"Webhook\"");
        assertCleanError(http.post(path, body, "Authorization", basic("alice", "wrong")), 403, "forbidden");
        assertCleanError(http.post(path, body, "Authorization", basic("bob", "chat-secret")), 403, "forbidden");
        Http.Answer ok = http.post(path, body, "Authorization", basic("alice", "chat-secret"),
                "Origin", "https://shop.example");
        assertThat(ok.json().path("output").asText()).isEqualTo("The result is 9.");
        assertThat(ok.header("Access-Control-Allow-Origin")).isEqualTo("https://shop.example");

        Http.Answer preflight = http.send(http.request(path, "Origin", "https://shop.example",
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
        assertThat(preflight.status()).isEqualTo(204);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo("https://shop.example");
        assertThat(preflight.header("Access-Control-Allow-Headers")).isEqualTo("content-type");
        Http.Answer stranger = http.send(http.request(path, "Origin", "https://evil.example",
                "Access-Control-Request-Method", "POST").method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
        assertThat(stranger.header("Access-Control-Allow-Origin")).isNull();
    }

    // ---- webhook triggers -----------------------------------------------------------------------------------------

    @Test
    void lastNodeAnswersWithTheLastNodesFirstItem() {
        for (String prefix : List.of("/webhook/", "/webhook-test/")) {
            Http.Answer answer = http.send(http.request(prefix + "orders/17?page=2", "User-Agent", "orders-test",
                    "Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"item\":\"tea\"}"))
                    .build());
            assertThat(answer.status()).isEqualTo(200);
            JsonNode json = answer.json();
            assertThat(json.path("order").asText()).isEqualTo("17");
            assertThat(json.path("item").asText()).isEqualTo("tea");
            assertThat(json.path("page").asText()).isEqualTo("2");
            assertThat(json.path("agent").asText()).isEqualTo("orders-test");
        }
        assertThat(http.get("/metrics").body()).contains("clusternode_workflow_runs_seconds_count{outcome=\"success\","
                + "trigger=\"webhook\",workflow=\"orders\"}");
    }

    @Test
    void allEntriesAnswersWithEveryItemOfTheTriggerItem() {
        JsonNode all = http.get("/webhook/list?q=a&q=b").json();
        assertThat(all.isArray()).isTrue();
        assertThat(all.get(0).path("query").path("q").toString()).isEqualTo("[\"a\",\"b\"]");
        assertThat(all.get(0).path("body").isObject()).isTrue();
        assertThat(all.get(0).path("params").isObject()).isTrue();
        assertThat(all.get(0).path("headers").has("host")).isTrue();
    }

    @Test
    void aRespondToWebhookNodeAnswersWithHeaderAuth() {
        String question = "{\"question\":\"What is 6 * 7?\"}";
        assertCleanError(http.post("/webhook/ask", question), 403, "forbidden");
        assertCleanError(http.post("/webhook/ask", question, "X-Ask-Key", "nope"), 403, "forbidden");
        Http.Answer answer = http.post("/webhook/ask", question, "X-Ask-Key", "ask-secret");
        assertThat(answer.status()).isEqualTo(201);
        assertThat(answer.body()).isEqualTo("Answer: The result is 42.");
        assertThat(answer.header("Content-Type")).startsWith("text/plain");
        assertThat(answer.header("X-Answered-By")).isEqualTo("ask");

        Http.Answer echo = http.send(http.request("/webhook/echo", "Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"a\":[1,2],\"b\":\"c\"}")).build());
        assertThat(echo.status()).isEqualTo(200);
        assertThat(echo.json().toString()).isEqualTo("{\"a\":[1,2],\"b\":\"c\"}");
        Http.Answer wrongMethod = http.post("/webhook/echo", "{}");
        assertCleanError(wrongMethod, 405, "method_not_allowed");
        assertThat(wrongMethod.header("Allow")).isEqualTo("PUT");
    }

    @Test
    void onReceivedAnswersAtOnceBehindBasicAuth() {
        assertCleanError(http.post("/webhook/started", "{}"), 401, "unauthorized");
        Http.Answer answer = http.post("/webhook/started", "{\"x\":1}", "Authorization", basic("hook", "hook-secret"));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().path("message").asText()).isEqualTo("Workflow was started");
    }

    @Test
    void webhooksRefuseBadInputWithJsonErrors() {
        assertCleanError(http.post("/webhook/orders/1", "{\"item\":"), 400, "invalid_json");
        assertCleanError(http.get("/webhook/nowhere"), 404, "webhook_not_found");
        assertCleanError(http.get("/webhook/orders/1/2"), 404, "webhook_not_found");
        assertCleanError(http.get("/webhook"), 404, "webhook_not_found");
        // webhooks follow their node's authentication, not the server's API keys: none here
        assertThat(http.get("/webhook/list").status()).isEqualTo(200);
    }

    @Test
    void webhooksFollowTheirNodesAuthenticationNotTheServersApiKeys() {
        ServerConfig keyed = ServerConfig.resolve(Map.of(ServerConfig.PORT, "0", ServerConfig.API_KEYS, "sk-server-key",
                ServerConfig.WORKFLOWS, resource("workflows").toString(),
                ServerConfig.CREDENTIALS, resource("workflow-credentials.json").toString()), Settings.empty());
        try (ClusterNodeServer keyedServer = ClusterNodeServer.start(keyed, Settings.empty())) {
            Http client = new Http(keyedServer.port());
            assertCleanError(client.get("/v1/models"), 401, "invalid_api_key");
            assertCleanError(client.post("/v1/chat/completions", Http.chat("chat-bot", "hi")), 401, "invalid_api_key");
            assertThat(client.post("/v1/chat/completions", Http.chat("chat-bot", "What is 1 + 2?"),
                    "Authorization", "Bearer sk-server-key").json().path("choices").get(0).path("message")
                    .path("content").asText()).isEqualTo("The result is 3.");
            assertThat(client.get("/webhook/list").status()).isEqualTo(200);
            assertThat(client.post("/webhook/chat-bot-hook/chat", chatBody("sendMessage", "k1", "What is 2 * 2?"))
                    .json().path("output").asText()).isEqualTo("The result is 4.");
            assertCleanError(client.post("/webhook/ask", "{}", "Authorization", "Bearer sk-server-key"), 403,
                    "forbidden");
        }
    }

    // ---- start-up -------------------------------------------------------------------------------------------------

    @Test
    void aDirectoryWithUnsupportedNodesStopsTheStartNamingTheFileAndEachProblem() {
        assertThatThrownBy(() -> ClusterNodeServer.start(config(resource("workflows-bad").toString(), ""),
                Settings.empty()))
                .isInstanceOf(NodeExecutionException.class)
                .hasMessageContaining("serp.json: UNSUPPORTED_NODE: node 'SerpAPI'")
                .hasMessageContaining("serp.json: UNSUPPORTED_NODE: node 'Slack'");
    }

    @Test
    void missingCredentialsAMissingDirectoryAndN8nLoginsStopTheStart(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> ClusterNodeServer.start(config(resource("workflows").toString(), ""), Settings.empty()))
                .isInstanceOf(NodeExecutionException.class)
                .hasMessageContaining("MISSING_CREDENTIAL").hasMessageContaining(".json: ");
        assertThatThrownBy(() -> ClusterNodeServer.start(config(dir.resolve("absent").toString(), ""), Settings.empty()))
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> ClusterNodeServer.start(config(dir.toString(), ""), Settings.empty()))
                .hasMessageContaining("holds no *.json workflow");
        String chat = Files.readString(resource("workflows/chat-bot.json")).replace("\"mode\": \"webhook\"",
                "\"mode\": \"webhook\", \"authentication\": \"n8nUserAuth\"");
        Files.writeString(dir.resolve("login.json"), chat);
        assertThatThrownBy(() -> ClusterNodeServer.start(config(dir.toString(), ""), Settings.empty()))
                .hasMessageContaining("login.json: UNSUPPORTED_NODE").hasMessageContaining("n8nUserAuth");
        Files.writeString(dir.resolve("login.json"), chat.replace("n8nUserAuth", "none"));
        Files.writeString(dir.resolve("clusternode.json"), chat.replace("chat-bot-hook", "other-hook")
                .replace("n8nUserAuth", "none"));
        assertThatThrownBy(() -> ClusterNodeServer.start(config(dir.toString(), ""), Settings.empty()))
                .hasMessageContaining("clusternode.json: INVALID_WORKFLOW: its model name 'clusternode' is also an agent's");
        Files.delete(dir.resolve("clusternode.json"));
        Files.writeString(dir.resolve("twin.json"), chat.replace("n8nUserAuth", "none"));
        assertThatThrownBy(() -> ClusterNodeServer.start(config(dir.toString(), ""), Settings.empty()))
                .hasMessageContaining("twin.json: INVALID_WORKFLOW: POST /webhook/chat-bot-hook/chat is also served by"
                        + " login.json");
    }

    @Test
    void theWorkflowSettingsFollowTheCliPrecedence() {
        Settings environment = Settings.of(Map.of(ServerConfig.WORKFLOWS, "/from/env", ServerConfig.CREDENTIALS, "c.json"));
        ServerConfig fromEnv = ServerConfig.resolve(Map.of(), environment);
        assertThat(fromEnv.workflows()).isEqualTo("/from/env");
        assertThat(fromEnv.credentials()).isEqualTo("c.json");
        ServerConfig flagWins = ServerConfig.resolve(Map.of(ServerConfig.WORKFLOWS, "/from/flag"), environment);
        assertThat(flagWins.workflows()).isEqualTo("/from/flag");
        assertThat(ServerConfig.defaults().workflows()).isNull();
    }
}
