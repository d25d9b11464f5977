package io.clusternode.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusternode.core.json.Json;
import io.clusternode.core.spi.ToolProvider;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The everything server over Streamable HTTP and over the older HTTP+SSE transport, on loopback. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class McpHttpTransportTest {

    private static void echoesOver(String url) {
        try (McpToolSource source = McpToolSource.connect(McpServerConfig.parse(url))) {
            ToolProvider echo = source.tools().stream().filter(t -> t.name().equals("echo")).findFirst().orElseThrow();
            assertThat(echo.parameters().at("/properties/message/type").asText()).isEqualTo("string");
            assertThat(echo.execute(Json.object().put("message", "over http"))).isEqualTo("Echo: over http");
        }
    }

    @Test
    void streamableHttp() throws Exception {
        try (EverythingServer server = EverythingServer.start("streamableHttp")) {
            assertThat(McpTransportSpec.parse(server.url()))
                    .isInstanceOfSatisfying(McpTransportSpec.Http.class, http -> assertThat(http.sse()).isFalse());
            echoesOver(server.url());
        }
    }

    @Test
    void sse() throws Exception {
        try (EverythingServer server = EverythingServer.start("sse")) {
            assertThat(McpTransportSpec.parse(server.url()))
                    .isInstanceOfSatisfying(McpTransportSpec.Http.class, http -> assertThat(http.sse()).isTrue());
            echoesOver(server.url());
        }
    }

    @Test
    void anHttpServerThatRestartsIsReconnectedOnTheNextCall() throws Exception {
        int port = EverythingServer.freePort();
        EverythingServer server = EverythingServer.start("streamableHttp", port);
        try (McpToolSource source = McpToolSource.connect(McpServerConfig.parse(server.url()))) {
            ToolProvider echo = source.tools().stream().filter(t -> t.name().equals("echo")).findFirst().orElseThrow();
            assertThat(echo.execute(Json.object().put("message", "one"))).isEqualTo("Echo: one");
            server.close();
            server = EverythingServer.start("streamableHttp", port);
            // The old session is gone with the old server: one call fails, saying so; the next reconnects.
            String second;
            try {
                second = echo.execute(Json.object().put("message", "two"));
            } catch (io.clusternode.core.error.NodeExecutionException e) {
                assertThat(e.getMessage()).contains("it will be restarted on the next call");
                second = echo.execute(Json.object().put("message", "two"));
            }
            assertThat(second).isEqualTo("Echo: two");
        } finally {
            server.close();
        }
    }
}
