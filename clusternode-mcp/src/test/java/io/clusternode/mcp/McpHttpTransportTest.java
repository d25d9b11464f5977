package io.clusternode.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusternode.core.json.Json;
import io.clusternode.core.spi.ToolProvider;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The everything server over Streamable HTTP and over the older HTTP+SSE transport, on loopback. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class McpHttpTransportTest {

    /** Starts the server in the given mode on a free loopback port and waits until it listens. */
    private static Process start(String mode, int port) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(NpmServers.everything(mode)).redirectErrorStream(true);
        builder.environment().put("PORT", String.valueOf(port));
        Process process = builder.start();
        CountDownLatch listening = new CountDownLatch(1);
        Thread.ofVirtual().start(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.contains(String.valueOf(port))) {
                        listening.countDown();
                    }
                }
            } catch (IOException e) {
                // The process ended.
            }
        });
        if (!listening.await(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the everything server (" + mode + ") did not start listening on " + port);
        }
        return process;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void echoesOver(String url) {
        try (McpToolSource source = McpToolSource.connect(McpServerConfig.parse(url))) {
            ToolProvider echo = source.tools().stream().filter(t -> t.name().equals("echo")).findFirst().orElseThrow();
            assertThat(echo.parameters().at("/properties/message/type").asText()).isEqualTo("string");
            assertThat(echo.execute(Json.object().put("message", "over http"))).isEqualTo("Echo: over http");
        }
    }

    @Test
    void streamableHttp() throws Exception {
        int port = freePort();
        Process server = start("streamableHttp", port);
        try {
            assertThat(McpTransportSpec.parse("http://127.0.0.1:" + port + "/mcp"))
                    .isInstanceOfSatisfying(McpTransportSpec.Http.class, http -> assertThat(http.sse()).isFalse());
            echoesOver("http://127.0.0.1:" + port + "/mcp");
        } finally {
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void sse() throws Exception {
        int port = freePort();
        Process server = start("sse", port);
        try {
            assertThat(McpTransportSpec.parse("http://127.0.0.1:" + port + "/sse"))
                    .isInstanceOfSatisfying(McpTransportSpec.Http.class, http -> assertThat(http.sse()).isTrue());
            echoesOver("http://127.0.0.1:" + port + "/sse");
        } finally {
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void anHttpServerThatRestartsIsReconnectedOnTheNextCall() throws Exception {
        int port = freePort();
        Process server = start("streamableHttp", port);
        try (McpToolSource source = McpToolSource.connect(McpServerConfig.parse("http://127.0.0.1:" + port + "/mcp"))) {
            ToolProvider echo = source.tools().stream().filter(t -> t.name().equals("echo")).findFirst().orElseThrow();
            assertThat(echo.execute(Json.object().put("message", "one"))).isEqualTo("Echo: one");
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            server = start("streamableHttp", port);
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
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
