package io.clusternode.openai;

import static io.clusternode.openai.LoopbackServer.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.model.LlmConfig;
import io.clusternode.core.model.LlmResponse;
import io.clusternode.core.model.Message;
import io.clusternode.core.model.Usage;
import io.clusternode.core.registry.Providers;
import io.clusternode.core.spi.LlmProvider;
import io.clusternode.core.spi.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeepSeekLlmProviderTest {

    private static Settings settings(LoopbackServer server, String key) {
        return Settings.of(Map.of("DEEPSEEK_API_KEY", key, "DEEPSEEK_BASE_URL", server.baseUrl(),
                "DEEPSEEK_MAX_RETRIES", "0"));
    }

    @Test
    void deepseekChatThroughTheFactoryWithContextCacheUsage() throws Exception {
        try (LoopbackServer server = new LoopbackServer((req, ex) -> ex.json(fixture("deepseek-chat.json")));
             LlmProvider model = Providers.model("deepseek:deepseek-chat", settings(server, "sk-ds-1"))) {
            assertThat(model).isInstanceOf(DeepSeekLlmProvider.class);
            assertThat(model.kind()).isEqualTo("deepseek");

            LlmResponse response = model.call(List.of(Message.user("What is 12 * 7?")), LlmConfig.defaults());

            assertThat(response.content()).isEqualTo("12 * 7 is 84.");
            assertThat(response.usage()).isEqualTo(new Usage(16, 10, 26, 0, 16));
            assertThat(server.lastRequest().headers()).containsEntry("authorization", "Bearer sk-ds-1");
            assertThat(server.lastRequest().json().get("model").asText()).isEqualTo("deepseek-chat");
        }
    }

    @Test
    void defaultModelIsDeepseekChat() throws Exception {
        try (LoopbackServer server = new LoopbackServer((req, ex) -> ex.json(fixture("deepseek-chat.json")));
             LlmProvider model = Providers.model("deepseek", settings(server, "sk-ds-1"))) {
            assertThat(model.defaultModel()).isEqualTo(DeepSeekLlmProvider.CHAT);
        }
        try (LlmProvider model = Providers.model("deepseek", Settings.of(Map.of("DEEPSEEK_API_KEY", "k")))) {
            assertThat(((DeepSeekLlmProvider) model).config().baseUrl()).isEqualTo("https://api.deepseek.com");
        }
    }

    @Test
    void reasonerExposesReasoningAndNeverSendsItBack() throws Exception {
        try (LoopbackServer server = new LoopbackServer((req, ex) -> ex.json(fixture("deepseek-reasoner.json")));
             LlmProvider model = Providers.model("deepseek:deepseek-reasoner", settings(server, "sk-ds-2"))) {
            List<Message> conversation = new ArrayList<>(List.of(Message.user("9.11 or 9.8, which is smaller?")));

            LlmResponse first = model.call(conversation, LlmConfig.defaults());

            assertThat(first.reasoning()).startsWith("Compare 9.11 and 9.8");
            assertThat(first.content()).isEqualTo("9.11 is smaller than 9.8.");
            assertThat(first.usage()).isEqualTo(new Usage(20, 60, 80, 12, 8));

            conversation.add(first.toMessage());
            conversation.add(Message.user("Are you sure?"));
            model.call(conversation, LlmConfig.defaults());

            String sent = server.lastRequest().text();
            assertThat(sent).doesNotContain("reasoning_content").doesNotContain("Compare 9.11");
            assertThat(server.lastRequest().json().get("model").asText()).isEqualTo("deepseek-reasoner");
            assertThat(server.lastRequest().json().at("/messages/1/content").asText())
                    .isEqualTo("9.11 is smaller than 9.8.");
        }
    }

    @Test
    void missingKeyIsAClearErrorBeforeAnyCall() {
        assertThatThrownBy(() -> Providers.model("deepseek:deepseek-chat", Settings.of(Map.of())))
                .isInstanceOfSatisfying(NodeExecutionException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
                    assertThat(e.getMessage()).contains("set DEEPSEEK_API_KEY");
                });
        assertThatThrownBy(() -> new DeepSeekLlmProvider(OpenAiConfig.of(OpenAiConfig.DEEPSEEK_BASE_URL, null,
                DeepSeekLlmProvider.CHAT)))
                .isInstanceOfSatisfying(NodeExecutionException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED));
    }

    @Test
    void rejectedKeyNamesDeepseekApiKey() throws Exception {
        try (LoopbackServer server = new LoopbackServer((req, ex) ->
                ex.respond(401, "application/json", fixture("error-401.json")));
             LlmProvider model = Providers.model("deepseek:deepseek-chat", settings(server, "sk-bad-99"))) {
            assertThatThrownBy(() -> model.call(List.of(Message.user("x")), LlmConfig.defaults()))
                    .isInstanceOfSatisfying(NodeExecutionException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
                        assertThat(e.getMessage()).startsWith("DeepSeek ").contains("DEEPSEEK_API_KEY")
                                .contains("Authentication Fails").doesNotContain("sk-bad-99");
                    });
        }
    }
}
