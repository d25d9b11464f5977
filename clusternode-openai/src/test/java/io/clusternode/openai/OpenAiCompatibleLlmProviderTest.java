package io.clusternode.openai;

import static io.clusternode.openai.LoopbackServer.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusternode.core.json.Json;
import io.clusternode.core.model.LlmConfig;
import io.clusternode.core.model.LlmResponse;
import io.clusternode.core.model.Message;
import io.clusternode.core.model.ResponseFormat;
import io.clusternode.core.model.ToolCall;
import io.clusternode.core.model.ToolDefinition;
import io.clusternode.core.model.Usage;
import io.clusternode.core.registry.Providers;
import io.clusternode.core.spi.LlmProvider;
import io.clusternode.core.spi.NodeType;
import io.clusternode.core.spi.Settings;
import io.clusternode.core.tool.CalculatorTool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class OpenAiCompatibleLlmProviderTest {

    /** The transport under test; a subclass runs every test again on the other one. */
    OpenAiConfig.Transport transport() {
        return OpenAiConfig.Transport.OKHTTP;
    }

    OpenAiConfig.Builder fast(LoopbackServer server) {
        return TestConfigs.fast(server).transport(transport());
    }

    private static final ToolDefinition CALCULATOR = new CalculatorTool().toolDefinition();

    @Test
    void plainAnswerWithUsageAndTheRequestOnTheWire() throws Exception {
        try (LoopbackServer server = new LoopbackServer((req, ex) -> ex.json(fixture("deepseek-chat.json")));
             OpenAiCompatibleLlmProvider provider = new OpenAiCompatibleLlmProvider(
                     fast(server).apiKey("sk-plain").build())) {
            LlmConfig config = LlmConfig.of("deepseek-chat").withTemperature(0.0).withTopP(0.9).withMaxTokens(64)
                    .withStop(List.of("\n\n")).withResponseFormat(ResponseFormat.JSON_OBJECT);

            LlmResponse response = provider.call(List.of(Message.system("be exact"), Message.user("What is 12 * 7?")),
                    config);

            assertThat(response.content()).isEqualTo("12 * 7 is 84.");
            assertThat(response.finishReason()).isEqualTo("stop");
            assertThat(response.reasoning()).isNull();
            assertThat(response.model()).isEqualTo("deepseek-chat");
            assertThat(response.usage()).isEqualTo(new Usage(16, 10, 26, 0, 16));

            LoopbackServer.Request request = server.lastRequest();
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.path()).isEqualTo("/v1/chat/completions");
            assertThat(request.headers()).containsEntry("authorization", "Bearer sk-plain")
                    .containsEntry("content-type", "application/json");
            JsonNode body = request.json();
            assertThat(body.get("model").asText()).isEqualTo("deepseek-chat");
            assertThat(body.get("messages")).hasSize(2);
            assertThat(body.at("/messages/0/role").asText()).isEqualTo("system");
            assertThat(body.at("/messages/1/content").asText()).isEqualTo("What is 12 * 7?");
            assertThat(body.get("temperature").asDouble()).isEqualTo(0.0);
            assertThat(body.get("top_p").asDouble()).isEqualTo(0.9);
            assertThat(body.get("max_tokens").asInt()).isEqualTo(64);
            assertThat(body.at("/stop/0").asText()).isEqualTo("\n\n");
            assertThat(body.at("/response_format/type").asText()).isEqualTo("json_object");
            assertThat(body.has("stream")).isFalse();
            assertThat(body.has("tools")).isFalse();
        }
    }

    @Test
    void defaultModelAndNoAuthorizationHeaderWithoutAKey() throws Exception {
        try (LoopbackServer server = new LoopbackServer((req, ex) -> ex.json(fixture("openai-after-tool.json")));
             OpenAiCompatibleLlmProvider provider = new OpenAiCompatibleLlmProvider(
                     fast(server).model("llama3.2").build())) {
            provider.call(List.of(Message.user("hi")), LlmConfig.defaults());

            assertThat(server.lastRequest().headers()).doesNotContainKey("authorization");
            assertThat(server.lastRequest().json().get("model").asText()).isEqualTo("llama3.2");
            assertThat(server.lastRequest().json().has("temperature")).isFalse();
            assertThat(provider.defaultModel()).isEqualTo("llama3.2");
            assertThat(provider.kind()).isEqualTo("openai");
            assertThat(provider.type()).isEqualTo(NodeType.LANGUAGE_MODEL);
        }
    }

    @Test
    void toolCallRoundTripSendsTheResultBackWithItsCallId() throws Exception {
        try (LoopbackServer server = new LoopbackServer((req, ex) -> ex.json(
                server2Answer(req) ? fixture("openai-after-tool.json") : fixture("openai-tool-call.json")));
             OpenAiCompatibleLlmProvider provider = new OpenAiCompatibleLlmProvider(fast(server).build())) {
            LlmConfig config = LlmConfig.defaults().withTools(List.of(CALCULATOR)).withToolChoice("auto");
            List<Message> conversation = new ArrayList<>(List.of(Message.user("What is 12 * 7?")));

            LlmResponse first = provider.call(conversation, config);

            assertThat(first.finishReason()).isEqualTo("tool_calls");
            assertThat(first.content()).isEmpty();
            assertThat(first.toolCalls()).containsExactly(
                    new ToolCall("call_Qx7RkVj2", "calculator", "{\"expression\":\"12 * 7\"}"));
            assertThat(first.usage()).isEqualTo(new Usage(82, 18, 100, 64, 18));
            JsonNode firstBody = server.lastRequest().json();
            assertThat(firstBody.at("/tools/0/type").asText()).isEqualTo("function");
            assertThat(firstBody.at("/tools/0/function/name").asText()).isEqualTo("calculator");
            assertThat(firstBody.at("/tools/0/function/parameters/properties/expression/type").asText())
                    .isEqualTo("string");
            assertThat(firstBody.get("tool_choice").asText()).isEqualTo("auto");

            conversation.add(first.toMessage());
            conversation.add(Message.toolResult("call_Qx7RkVj2", "84"));
            LlmResponse second = provider.call(conversation, config);

            assertThat(second.content()).isEqualTo("12 * 7 = 84.");
            JsonNode messages = server.lastRequest().json().get("messages");
            assertThat(messages).hasSize(3);
            assertThat(messages.at("/1/role").asText()).isEqualTo("assistant");
            assertThat(messages.at("/1/content").isNull()).isTrue();
            assertThat(messages.at("/1/tool_calls/0/id").asText()).isEqualTo("call_Qx7RkVj2");
            assertThat(messages.at("/1/tool_calls/0/type").asText()).isEqualTo("function");
            assertThat(messages.at("/1/tool_calls/0/function/name").asText()).isEqualTo("calculator");
            assertThat(messages.at("/1/tool_calls/0/function/arguments").asText())
                    .isEqualTo("{\"expression\":\"12 * 7\"}");
            assertThat(messages.at("/2/role").asText()).isEqualTo("tool");
            assertThat(messages.at("/2/tool_call_id").asText()).isEqualTo("call_Qx7RkVj2");
            assertThat(messages.at("/2/content").asText()).isEqualTo("84");
        }
    }

    private static boolean server2Answer(LoopbackServer.Request request) {
        return request.text().contains("\"tool_call_id\"");
    }

    @Test
    void toolChoiceVariantsOnTheWire() throws Exception {
        try (LoopbackServer server = new LoopbackServer((req, ex) -> ex.json(fixture("openai-after-tool.json")));
             OpenAiCompatibleLlmProvider provider = new OpenAiCompatibleLlmProvider(fast(server).build())) {
            LlmConfig withTools = LlmConfig.defaults().withTools(List.of(CALCULATOR));
            List<Message> messages = List.of(Message.user("x"));

            provider.call(messages, withTools.withToolChoice("none"));
            assertThat(server.lastRequest().json().get("tool_choice").asText()).isEqualTo("none");
            provider.call(messages, withTools.withToolChoice("required"));
            assertThat(server.lastRequest().json().get("tool_choice").asText()).isEqualTo("required");
            provider.call(messages, withTools.withToolChoice("calculator"));
            assertThat(server.lastRequest().json().get("tool_choice")).isEqualTo(Json.parse(
                    "{\"type\":\"function\",\"function\":{\"name\":\"calculator\"}}", "expected"));
            provider.call(messages, withTools);
            assertThat(server.lastRequest().json().has("tool_choice")).isFalse();
        }
    }

    @Test
    void sequentialCallsReuseOneKeepAliveConnection() throws Exception {
        try (LoopbackServer server = new LoopbackServer((req, ex) -> ex.json(fixture("deepseek-chat.json")));
             OpenAiCompatibleLlmProvider provider = new OpenAiCompatibleLlmProvider(fast(server).build())) {
            for (int i = 0; i < 25; i++) {
                provider.call(List.of(Message.user("call " + i)), LlmConfig.defaults());
            }
            assertThat(server.requests()).hasSize(25);
            assertThat(server.connections()).isEqualTo(1);
            assertThat(server.clientPorts()).hasSize(1);
        }
    }

    @Test
    void oneProviderServesManyThreadsAtOnce() throws Exception {
        try (LoopbackServer server = new LoopbackServer((req, ex) -> {
            String user = req.json().at("/messages/0/content").asText();
            ex.json("{\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
                    + Json.MAPPER.writeValueAsString("echo " + user) + "},\"finish_reason\":\"stop\"}]}");
        });
             OpenAiCompatibleLlmProvider provider = new OpenAiCompatibleLlmProvider(fast(server).build());
             ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String text = "question " + i;
                answers.add(threads.submit(() -> provider.call(List.of(Message.user(text)), LlmConfig.defaults()).content()));
            }
            for (int i = 0; i < answers.size(); i++) {
                assertThat(answers.get(i).get()).isEqualTo("echo question " + i);
            }
            assertThat(server.requests()).hasSize(200);
        }
    }

    @Test
    void factoryIsFoundByProvidersAndReadsSettings() throws Exception {
        try (LoopbackServer server = new LoopbackServer((req, ex) -> ex.json(fixture("openai-after-tool.json")))) {
            LlmProvider model = Providers.model("openai:llama3.2", Settings.of(Map.of(
                    "OPENAI_BASE_URL", server.baseUrl(), "OPENAI_TIMEOUT_SECONDS", "7", "OPENAI_MAX_RETRIES", "1",
                    "OPENAI_CIRCUIT_BREAKER_WINDOW", "0")));
            try (model) {
                assertThat(model).isInstanceOf(OpenAiCompatibleLlmProvider.class);
                OpenAiConfig config = ((OpenAiCompatibleLlmProvider) model).config();
                assertThat(config.readTimeout()).hasSeconds(7);
                assertThat(config.maxRetries()).isEqualTo(1);
                assertThat(config.apiKey()).isNull();
                assertThat(model.defaultModel()).isEqualTo("llama3.2");
                assertThat(model.call(List.of(Message.user("hi")), LlmConfig.defaults()).content()).isEqualTo("12 * 7 = 84.");
                assertThat(server.lastRequest().json().get("model").asText()).isEqualTo("llama3.2");
            }
            assertThat(Providers.modelProviders()).contains("openai", "deepseek");
            LlmProvider defaulted = Providers.model("openai", Settings.empty());
            assertThat(defaulted.defaultModel()).isEqualTo(OpenAiLlmProviderFactory.DEFAULT_MODEL);
            assertThat(((OpenAiCompatibleLlmProvider) defaulted).config().baseUrl()).isEqualTo(OpenAiConfig.OPENAI_BASE_URL);
            defaulted.close();
        }
    }

    @Test
    void badSettingsAreClearErrors() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Providers.model("openai:x",
                        Settings.of(Map.of("OPENAI_TIMEOUT_SECONDS", "soon"))))
                .isInstanceOf(io.clusternode.core.error.NodeExecutionException.class)
                .hasMessageContaining("OPENAI_TIMEOUT_SECONDS");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Providers.model("openai:x",
                        Settings.of(Map.of("OPENAI_BASE_URL", "ftp://example"))))
                .hasMessageContaining("http:// or https://");
    }

    @Test
    void closedProviderRefusesCalls() throws Exception {
        try (LoopbackServer server = new LoopbackServer((req, ex) -> ex.json(fixture("deepseek-chat.json")))) {
            OpenAiCompatibleLlmProvider provider = new OpenAiCompatibleLlmProvider(fast(server).build());
            provider.close();
            provider.close();
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> provider.call(List.of(Message.user("x")), LlmConfig.defaults()))
                    .isInstanceOfSatisfying(io.clusternode.core.error.NodeExecutionException.class,
                            e -> assertThat(e.code()).isEqualTo(io.clusternode.core.error.ErrorCode.PROVIDER_CLOSED));
        }
    }
}
