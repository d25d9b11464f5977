package io.clusternode.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusternode.core.json.Json;
import io.clusternode.core.memory.WindowMemory;
import io.clusternode.core.model.LlmResponse;
import io.clusternode.core.model.Usage;
import io.clusternode.core.spi.Settings;
import io.clusternode.core.testing.ScriptedModel;
import io.clusternode.server.metrics.ServerMetrics;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ChatCompletionsTest {

    private static ClusterNodeServer server;
    private static ClusterNodeServer reasoningServer;
    private static Http http;

    @BeforeAll
    static void start() {
        ServerConfig config = ServerConfig.resolve(Map.of(ServerConfig.PORT, "0",
                ServerConfig.AGENTS, "clusternode=calculator+datetime;plain="), Settings.empty());
        server = ClusterNodeServer.start(config, Settings.empty());
        http = new Http(server.port());
        ScriptedModel thinker = new ScriptedModel("thinker", (messages, cfg) ->
                new LlmResponse("Paris.", "The capital of France is Paris.", List.of(), "stop", Usage.of(3, 2), "thinker"));
        ServerConfig reasoningConfig = ServerConfig.resolve(Map.of(ServerConfig.PORT, "0",
                ServerConfig.AGENTS, "thinker"), Settings.empty());
        ServerMetrics metrics = new ServerMetrics();
        reasoningServer = ClusterNodeServer.start(reasoningConfig,
                AgentCatalog.of(thinker, WindowMemory.builder().build(), reasoningConfig, metrics), metrics, r -> { });
    }

    @AfterAll
    static void stop() {
        server.close();
        reasoningServer.close();
    }

    @Test
    void answersInTheOpenAiShapeWithUsage() {
        Http.Answer answer = http.post("/v1/chat/completions", Http.chat("clusternode", "Hello there"));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        assertThat(answer.header("X-Request-Id")).isNotBlank();
        JsonNode body = answer.json();
        assertThat(body.path("id").asText()).startsWith("chatcmpl-");
        assertThat(body.path("object").asText()).isEqualTo("chat.completion");
        assertThat(body.path("model").asText()).isEqualTo("clusternode");
        assertThat(body.path("created").asLong()).isPositive();
        JsonNode choice = body.path("choices").get(0);
        assertThat(choice.path("index").asInt()).isZero();
        assertThat(choice.path("finish_reason").asText()).isEqualTo("stop");
        assertThat(choice.path("message").path("role").asText()).isEqualTo("assistant");
        assertThat(choice.path("message").path("content").asText())
                .isEqualTo("Simulated reply to \"Hello there\" (I received 0 earlier conversation messages).");
        JsonNode usage = body.path("usage");
        assertThat(usage.path("prompt_tokens").asLong()).isPositive();
        assertThat(usage.path("completion_tokens").asLong()).isPositive();
        assertThat(usage.path("total_tokens").asLong())
                .isEqualTo(usage.path("prompt_tokens").asLong() + usage.path("completion_tokens").asLong());
    }

    @Test
    void theAgentsOwnToolsRunOnTheServerAndAreShownInTheDetails() {
        JsonNode body = http.post("/v1/chat/completions", Http.chat("clusternode", "What is 12 * 7?")).json();
        assertThat(body.path("choices").get(0).path("message").path("content").asText()).isEqualTo("The result is 84.");
        assertThat(body.path("choices").get(0).path("finish_reason").asText()).isEqualTo("stop");
        JsonNode details = body.path("clusternode");
        assertThat(details.path("tool_calls").get(0).path("name").asText()).isEqualTo("calculator");
        assertThat(details.path("tool_calls").get(0).path("result").asText()).isEqualTo("84");
        assertThat(details.path("steps").findValuesAsText("kind")).contains("model_call", "tool_call");
        assertThat(details.path("total_ms").asDouble()).isPositive();
    }

    @Test
    void withoutASessionTheRequestsMessagesAreTheWholeContextAndNothingIsStored() {
        String body = """
                {"model":"clusternode","messages":[
                  {"role":"system","content":"Be brief."},
                  {"role":"user","content":"first"},
                  {"role":"assistant","content":"ok"},
                  {"role":"user","content":[{"type":"text","text":"second"}]}]}""";
        JsonNode answer = http.post("/v1/chat/completions", body).json();
        assertThat(answer.path("choices").get(0).path("message").path("content").asText())
                .isEqualTo("Simulated reply to \"second\" (I received 2 earlier conversation messages).");
        assertThat(answer.path("clusternode").path("session_id").isNull()).isTrue();
        assertThat(server.catalog().memory().stats("default")).isEmpty();
    }

    @Test
    void withASessionHeaderTheMemoryHoldsTheConversationAndOnlyNewMessagesAreTaken() {
        String session = "chat-header-" + System.nanoTime();
        http.post("/v1/chat/completions", Http.chat("clusternode", "one"), "X-Session-Id", session);
        // The client resends everything, as OpenAI clients do; only the trailing user message is new.
        String body = """
                {"model":"clusternode","messages":[
                  {"role":"user","content":"one"},
                  {"role":"assistant","content":"whatever the client kept"},
                  {"role":"user","content":"two"}]}""";
        JsonNode answer = http.post("/v1/chat/completions", body, "X-Session-Id", session).json();
        assertThat(answer.path("choices").get(0).path("message").path("content").asText())
                .isEqualTo("Simulated reply to \"two\" (I received 2 earlier conversation messages).");
        assertThat(answer.path("clusternode").path("session_id").asText()).isEqualTo(session);
        assertThat(server.catalog().memory().stats(session).orElseThrow().messageCount()).isEqualTo(4);
    }

    @Test
    void theUserFieldNamesTheSessionWhenNoHeaderDoes() {
        String session = "chat-user-" + System.nanoTime();
        ObjectNode request = (ObjectNode) Json.parse(Http.chat("clusternode", "hi"), "request");
        request.put("user", session);
        http.post("/v1/chat/completions", Json.write(request));
        JsonNode second = http.post("/v1/chat/completions", Json.write(request)).json();
        assertThat(second.path("choices").get(0).path("message").path("content").asText())
                .contains("I received 2 earlier conversation messages");
    }

    @Test
    void streamsServerSentEventsWithUsageAndDone() {
        ObjectNode request = (ObjectNode) Json.parse(Http.chat("clusternode", "What is 2 + 3?"), "request");
        request.put("stream", true);
        request.putObject("stream_options").put("include_usage", true);
        Http.Answer answer = http.post("/v1/chat/completions", Json.write(request));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).startsWith("text/event-stream");
        List<String> events = answer.events();
        assertThat(events.get(events.size() - 1)).isEqualTo("[DONE]");
        List<JsonNode> chunks = events.subList(0, events.size() - 1).stream()
                .map(e -> Json.parse(e, "chunk")).toList();
        assertThat(chunks).allSatisfy(c -> {
            assertThat(c.path("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(c.path("id").asText()).isEqualTo(chunks.get(0).path("id").asText());
        });
        assertThat(chunks.get(0).path("choices").get(0).path("delta").path("role").asText()).isEqualTo("assistant");
        String text = chunks.stream().filter(c -> c.path("choices").size() > 0)
                .map(c -> c.path("choices").get(0).path("delta").path("content").asText(""))
                .collect(Collectors.joining());
        assertThat(text).isEqualTo("The result is 5.");
        JsonNode last = chunks.get(chunks.size() - 2);
        assertThat(last.path("choices").get(0).path("finish_reason").asText()).isEqualTo("stop");
        assertThat(last.path("clusternode").path("tool_calls").get(0).path("result").asText()).isEqualTo("5");
        JsonNode usageChunk = chunks.get(chunks.size() - 1);
        assertThat(usageChunk.path("choices")).isEmpty();
        assertThat(usageChunk.path("usage").path("total_tokens").asLong()).isPositive();
    }

    @Test
    void aStreamWithoutIncludeUsageHasNoUsageChunk() {
        ObjectNode request = (ObjectNode) Json.parse(Http.chat("clusternode", "hi"), "request");
        request.put("stream", true);
        List<String> events = http.post("/v1/chat/completions", Json.write(request)).events();
        assertThat(events).last().isEqualTo("[DONE]");
        assertThat(events).noneMatch(e -> e.contains("\"usage\""));
    }

    @Test
    void clientSideToolsAreReturnedAsToolCallsAndTheirResultComesInTheNextRequest() {
        String tools = """
                [{"type":"function","function":{"name":"calculator","description":"evaluates arithmetic",
                  "parameters":{"type":"object","properties":{"expression":{"type":"string"}},"required":["expression"]}}}]""";
        String first = """
                {"model":"plain","tools":%s,"messages":[{"role":"user","content":"What is 6 * 7?"}]}""".formatted(tools);
        JsonNode answer = http.post("/v1/chat/completions", first).json();
        JsonNode choice = answer.path("choices").get(0);
        assertThat(choice.path("finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(choice.path("message").path("content").isNull()).isTrue();
        JsonNode call = choice.path("message").path("tool_calls").get(0);
        assertThat(call.path("type").asText()).isEqualTo("function");
        assertThat(call.path("function").path("name").asText()).isEqualTo("calculator");
        assertThat(Json.parse(call.path("function").path("arguments").asText(), "arguments")
                .path("expression").asText()).isEqualTo("6 * 7");

        String second = """
                {"model":"plain","tools":%s,"messages":[{"role":"user","content":"What is 6 * 7?"},
                 {"role":"assistant","content":null,"tool_calls":[%s]},
                 {"role":"tool","tool_call_id":"%s","content":"42"}]}"""
                .formatted(tools, Json.write(call), call.path("id").asText());
        JsonNode result = http.post("/v1/chat/completions", second).json();
        assertThat(result.path("choices").get(0).path("message").path("content").asText()).isEqualTo("The result is 42.");
        assertThat(result.path("choices").get(0).path("finish_reason").asText()).isEqualTo("stop");

        // Streamed, the calls arrive as a delta with indexes, then finish_reason tool_calls.
        ObjectNode streamed = (ObjectNode) Json.parse(first, "request");
        streamed.put("stream", true);
        List<String> events = http.post("/v1/chat/completions", Json.write(streamed)).events();
        assertThat(events).anySatisfy(e -> assertThat(e).contains("\"tool_calls\":[{\"index\":0"));
        assertThat(events).anySatisfy(e -> assertThat(e).contains("\"finish_reason\":\"tool_calls\""));
    }

    @Test
    void clientSideToolsWorkWithASessionToo() {
        String session = "client-tools-" + System.nanoTime();
        String tools = """
                [{"type":"function","function":{"name":"calculator","parameters":{"type":"object"}}}]""";
        JsonNode answer = http.post("/v1/chat/completions", """
                {"model":"plain","tools":%s,"messages":[{"role":"user","content":"What is 9 - 4?"}]}"""
                .formatted(tools), "X-Session-Id", session).json();
        JsonNode call = answer.path("choices").get(0).path("message").path("tool_calls").get(0);
        JsonNode result = http.post("/v1/chat/completions", """
                {"model":"plain","tools":%s,"messages":[{"role":"tool","tool_call_id":"%s","content":"5"}]}"""
                .formatted(tools, call.path("id").asText()), "X-Session-Id", session).json();
        assertThat(result.path("choices").get(0).path("message").path("content").asText()).isEqualTo("The result is 5.");
        assertThat(server.catalog().memory().stats(session).orElseThrow().messageCount()).isEqualTo(4);
    }

    @Test
    void reasoningContentIsPassedThrough() {
        Http reasoning = new Http(reasoningServer.port());
        JsonNode answer = reasoning.post("/v1/chat/completions", Http.chat("thinker", "capital of France?")).json();
        JsonNode message = answer.path("choices").get(0).path("message");
        assertThat(message.path("reasoning_content").asText()).isEqualTo("The capital of France is Paris.");
        assertThat(message.path("content").asText()).isEqualTo("Paris.");

        ObjectNode request = (ObjectNode) Json.parse(Http.chat("thinker", "capital of France?"), "request");
        request.put("stream", true);
        List<String> events = reasoning.post("/v1/chat/completions", Json.write(request)).events();
        assertThat(events).anySatisfy(e -> assertThat(e)
                .contains("\"reasoning_content\":\"The capital of France is Paris.\""));
    }

    @Test
    void listsEachAgentAsAModel() {
        JsonNode models = http.get("/v1/models").json();
        assertThat(models.path("object").asText()).isEqualTo("list");
        assertThat(models.path("data").findValuesAsText("id")).containsExactly("clusternode", "plain");
        assertThat(models.path("data").get(0).path("object").asText()).isEqualTo("model");
        assertThat(http.get("/v1/models/plain").json().path("id").asText()).isEqualTo("plain");
        assertThat(http.get("/v1/models/nope").status()).isEqualTo(404);
    }

    @Test
    void badRequestsGetOpenAiStyleErrorsWithoutStackTraces() {
        expectError(http.post("/v1/chat/completions", "{\"model\": \"clusternode\", "), 400, "invalid_json");
        expectError(http.post("/v1/chat/completions", "[1,2]"), 400, "invalid_input");
        expectError(http.post("/v1/chat/completions", "{\"model\":\"clusternode\",\"messages\":\"hi\"}"), 400,
                "invalid_input");
        expectError(http.post("/v1/chat/completions", "{\"model\":42,\"messages\":[]}"), 400, "invalid_input");
        expectError(http.post("/v1/chat/completions", "{\"model\":\"clusternode\",\"messages\":[]}"), 400,
                "invalid_input");
        expectError(http.post("/v1/chat/completions",
                "{\"model\":\"clusternode\",\"stream\":\"yes\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"),
                400, "invalid_input");
        expectError(http.post("/v1/chat/completions",
                "{\"model\":\"clusternode\",\"messages\":[{\"role\":\"wizard\",\"content\":\"x\"}]}"), 400,
                "invalid_input");
        expectError(http.post("/v1/chat/completions",
                "{\"model\":\"clusternode\",\"temperature\":7,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"),
                400, "invalid_input");
        expectError(http.post("/v1/chat/completions", Http.chat("gpt-nope", "hi")), 404, "model_not_found");
        expectError(http.post("/v1/chat/completions", Http.chat("clusternode", "x".repeat(10 * 1024 * 1024))), 413,
                "request_too_large");
        expectError(http.post("/v1/chat/completions", Http.chat("clusternode", "hi"), "X-Session-Id", "bad\u0001id"
                .replace('\u0001', ' ') + "x".repeat(300)), 400, "invalid_session_id");
        // The server is unaffected.
        assertThat(http.post("/v1/chat/completions", Http.chat("clusternode", "still there?")).status()).isEqualTo(200);
    }

    private static void expectError(Http.Answer answer, int status, String code) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        JsonNode error = answer.json().path("error");
        assertThat(error.path("code").asText()).isEqualTo(code);
        assertThat(error.path("type").asText()).isNotBlank();
        assertThat(error.path("message").asText()).isNotBlank();
        assertThat(answer.body()).doesNotContain("at io.", "Exception");
    }
}
