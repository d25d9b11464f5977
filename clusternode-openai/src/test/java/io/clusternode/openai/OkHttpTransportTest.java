package io.clusternode.openai;

import static io.clusternode.openai.LoopbackServer.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.model.LlmConfig;
import io.clusternode.core.model.Message;
import io.clusternode.core.spi.Settings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pooling and framing cases of the OkHttp transport that the shared provider suites do not reach. */
class OkHttpTransportTest {

    private static final List<Message> HELLO = List.of(Message.user("hello"));

    /**
     * With no retries allowed, a call on a pooled connection the server has closed meanwhile must still
     * succeed: the transport has to notice and reconnect itself, as endpoints behind load balancers close
     * idle keep-alive connections all the time.
     */
    @Test
    void idleConnectionClosedByTheServerIsReplacedTransparently() throws Exception {
        try (LoopbackServer server = new LoopbackServer((req, ex) -> {
            ex.json(fixture("deepseek-chat.json"));
            ex.drop(); // keep-alive promised, but the server closes the idle connection afterwards
        });
             OpenAiCompatibleLlmProvider provider = new OpenAiCompatibleLlmProvider(
                     TestConfigs.fast(server).maxRetries(0).build())) {
            assertThat(provider.config().transport()).isEqualTo(OpenAiConfig.Transport.OKHTTP);
            for (int i = 0; i < 5; i++) {
                assertThat(provider.call(HELLO, LlmConfig.defaults()).content()).isEqualTo("12 * 7 is 84.");
            }
            assertThat(server.requests()).hasSize(5);
            assertThat(server.connections()).isEqualTo(5);
        }
    }

    @Test
    void chunkedJsonBodyAndConnectionReuse() throws Exception {
        try (LoopbackServer server = new LoopbackServer((req, ex) -> {
            ex.startChunked(200, "application/json");
            String body = fixture("deepseek-reasoner.json");
            for (int i = 0; i < body.length(); i += 13) {
                ex.chunk(body.substring(i, Math.min(body.length(), i + 13)));
            }
            ex.endChunked();
        });
             OpenAiCompatibleLlmProvider provider = new OpenAiCompatibleLlmProvider(TestConfigs.fast(server).build())) {
            for (int i = 0; i < 3; i++) {
                assertThat(provider.call(HELLO, LlmConfig.defaults()).content()).isEqualTo("9.11 is smaller than 9.8.");
            }
            assertThat(server.connections()).isEqualTo(1);
        }
    }

    @Test
    void requestHeadersOnTheWire() throws Exception {
        try (LoopbackServer server = new LoopbackServer((req, ex) -> ex.json(fixture("deepseek-chat.json")));
             OpenAiCompatibleLlmProvider provider = new OpenAiCompatibleLlmProvider(TestConfigs.fast(server).build())) {
            provider.call(HELLO, LlmConfig.defaults());
            LoopbackServer.Request request = server.lastRequest();
            assertThat(request.headers().get("host")).isEqualTo(server.baseUrl().substring(7, server.baseUrl().length() - 3));
            assertThat(request.headers()).containsEntry("accept", "application/json")
                    .containsEntry("content-type", "application/json")
                    .containsEntry("user-agent", "ClusterNode")
                    .containsEntry("content-length", Integer.toString(request.body().length));
        }
    }

    @Test
    void httpClientSettingChoosesTheTransport() {
        for (String prefix : List.of("OPENAI", "DEEPSEEK")) {
            assertThat(OpenAiConfig.fromSettings(prefix, Settings.of(Map.of()), "http://127.0.0.1:9/v1", "m")
                    .transport()).isEqualTo(OpenAiConfig.Transport.OKHTTP);
            assertThat(OpenAiConfig.fromSettings(prefix, Settings.of(Map.of(prefix + "_HTTP_CLIENT", " OkHttp ")),
                    "http://127.0.0.1:9/v1", "m").transport()).isEqualTo(OpenAiConfig.Transport.OKHTTP);
            assertThat(OpenAiConfig.fromSettings(prefix, Settings.of(Map.of(prefix + "_HTTP_CLIENT", "jdk")),
                    "http://127.0.0.1:9/v1", "m").transport()).isEqualTo(OpenAiConfig.Transport.JDK);
            assertThatThrownBy(() -> OpenAiConfig.fromSettings(prefix,
                    Settings.of(Map.of(prefix + "_HTTP_CLIENT", "socket")), "http://127.0.0.1:9/v1", "m"))
                    .isInstanceOfSatisfying(NodeExecutionException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                        assertThat(e.getMessage()).contains(prefix + "_HTTP_CLIENT", "'okhttp'", "'jdk'");
                    });
        }
    }
}
