package io.clusternode.openai;

import static io.clusternode.openai.LoopbackServer.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import io.clusternode.core.model.LlmConfig;
import io.clusternode.core.model.Message;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** HTTP/1.1 framing and pooling cases of the socket transport that the provider tests do not reach. */
class SocketHttpTransportTest {

    private static final List<Message> HELLO = List.of(Message.user("hello"));

    @Test
    void idleConnectionClosedByTheServerIsReplacedTransparently() throws Exception {
        try (LoopbackServer server = new LoopbackServer((req, ex) -> {
            ex.json(fixture("deepseek-chat.json"));
            ex.drop(); // keep-alive promised, but the server closes the idle connection afterwards
        });
             OpenAiCompatibleLlmProvider provider = new OpenAiCompatibleLlmProvider(
                     TestConfigs.fast(server).maxRetries(0).build())) {
            for (int i = 0; i < 5; i++) {
                assertThat(provider.call(HELLO, LlmConfig.of(null)).content()).isEqualTo("12 * 7 is 84.");
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
                assertThat(provider.call(HELLO, LlmConfig.of(null)).content()).isEqualTo("9.11 is smaller than 9.8.");
            }
            assertThat(server.connections()).isEqualTo(1);
        }
    }

    /** A hand-written server for framings the loopback server does not produce. */
    private static ServerSocket rawServer(String response, AtomicInteger connections) throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try (Socket socket = server.accept()) {
                    connections.incrementAndGet();
                    InputStream in = socket.getInputStream();
                    StringBuilder head = new StringBuilder();
                    while (!head.toString().endsWith("\r\n\r\n")) {
                        int b = in.read();
                        if (b < 0) {
                            break;
                        }
                        head.append((char) b);
                    }
                    String lengthLine = head.toString().lines()
                            .filter(l -> l.toLowerCase().startsWith("content-length:")).findFirst().orElseThrow();
                    in.readNBytes(Integer.parseInt(lengthLine.substring(15).strip()));
                    OutputStream out = socket.getOutputStream();
                    out.write(response.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                } catch (IOException e) {
                    return;
                }
            }
        });
        return server;
    }

    @Test
    void http10BodyReadUntilCloseAndInterimContinueSkipped() throws Exception {
        String body = fixture("deepseek-chat.json");
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocket server = rawServer("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n"
                + body, connections);
             OpenAiCompatibleLlmProvider provider = new OpenAiCompatibleLlmProvider(OpenAiConfig.builder()
                     .baseUrl("http://127.0.0.1:" + server.getLocalPort() + "/v1").model("m").maxRetries(0)
                     .circuitBreakerWindow(0).build())) {
            assertThat(provider.call(HELLO, LlmConfig.of(null)).content()).isEqualTo("12 * 7 is 84.");
            assertThat(provider.call(HELLO, LlmConfig.of(null)).content()).isEqualTo("12 * 7 is 84.");
            assertThat(connections).hasValue(2);
        }
    }

    @Test
    void garbageInsteadOfHttpIsReported() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocket server = rawServer("SSH-2.0-OpenSSH_9.6\r\n\r\n", connections);
             OpenAiCompatibleLlmProvider provider = new OpenAiCompatibleLlmProvider(OpenAiConfig.builder()
                     .baseUrl("http://127.0.0.1:" + server.getLocalPort() + "/v1").model("m").maxRetries(0)
                     .circuitBreakerWindow(0).build())) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> provider.call(HELLO, LlmConfig.of(null)))
                    .isInstanceOfSatisfying(io.clusternode.core.error.NodeExecutionException.class, e -> {
                        assertThat(e.code()).isEqualTo(io.clusternode.core.error.ErrorCode.MODEL_UNAVAILABLE);
                        assertThat(e.getMessage()).contains("not an HTTP/1.x response");
                    });
        }
    }

    @Test
    void hostHeaderAndRequestLine() throws Exception {
        try (LoopbackServer server = new LoopbackServer((req, ex) -> ex.json(fixture("deepseek-chat.json")));
             OpenAiCompatibleLlmProvider provider = new OpenAiCompatibleLlmProvider(TestConfigs.fast(server).build())) {
            provider.call(HELLO, LlmConfig.of(null));
            LoopbackServer.Request request = server.lastRequest();
            assertThat(request.headers().get("host")).isEqualTo(server.baseUrl().substring(7, server.baseUrl().length() - 3));
            assertThat(request.headers()).containsEntry("accept", "application/json")
                    .containsEntry("content-length", Integer.toString(request.body().length));
        }
    }
}
