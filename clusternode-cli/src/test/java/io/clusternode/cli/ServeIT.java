package io.clusternode.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.clusternode.core.json.Json;
import io.clusternode.core.spi.ToolProvider;
import io.clusternode.mcp.McpServerConfig;
import io.clusternode.mcp.McpToolSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code clusternode serve} as users run it: the fat jar in child JVMs. Two servers sharing a Redis memory carry
 * one conversation, SIGTERM stops a server gracefully with exit code 0, and MCP clients get the agents at
 * {@code /mcp}.
 */
class ServeIT {

    private static final Path JAR = Path.of("target", "clusternode.jar");
    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @TempDir
    Path home;

    record Server(Process process, int port, BufferedReader out, Path err) {
    }

    private Server serve(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(JAR.toString());
        command.add("serve");
        command.add("--port");
        command.add("0");
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("HOME", home.toString());
        Path err = home.resolve("err-" + System.nanoTime() + ".txt");
        builder.redirectError(err.toFile());
        Process process = builder.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            Matcher matcher = LISTENING.matcher(line);
            if (matcher.find()) {
                return new Server(process, Integer.parseInt(matcher.group(1)), out, err);
            }
        }
        throw new AssertionError("serve ended without listening; exit code " + process.waitFor());
    }

    /** SIGTERM through kill(1): Process.destroy() would also close our end of the output pipe. */
    private static void terminate(Process process) throws Exception {
        assertThat(new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).start().waitFor()).isZero();
    }

    private static String chat(int port, String session, String text) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                .header("Content-Type", "application/json").header("X-Session-Id", session)
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"clusternode\",\"messages\":[{\"role\":\"user\","
                        + "\"content\":\"" + text + "\"}]}")).build();
        HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    @Test
    void warmUpIsDoneBeforeTheServerSaysItListens() throws Exception {
        Server server = serve("--warm-up=50", "--verbose");
        try {
            // stderr is written and flushed before the server starts, so it is complete when the listening line shows
            assertThat(Files.readString(server.err(), StandardCharsets.UTF_8))
                    .contains("[warm-up] 50 offline agent turns in");
            assertThat(chat(server.port(), "warm", "What is 6 * 7?")).contains("The result is 42.");
        } finally {
            server.process().destroyForcibly();
        }
    }

    @Test
    void sigtermStopsGracefullyWithExitCodeZero() throws Exception {
        Server server = serve();
        try {
            assertThat(chat(server.port(), "sigterm", "hello")).contains("Simulated reply to");
            terminate(server.process());
            assertThat(server.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(server.process().exitValue()).isZero();
            StringBuilder rest = new StringBuilder();
            String line;
            while ((line = server.out().readLine()) != null) {
                rest.append(line).append('\n');
            }
            assertThat(rest.toString()).contains("stopped");
        } finally {
            server.process().destroyForcibly();
        }
    }

    @Test
    void servesItsAgentsAndToolsToMcpClientsAtMcp() throws Exception {
        Server server = serve("--agent", "support=calculator");
        try (McpToolSource source = McpToolSource.connect(McpServerConfig.parse(
                "http://127.0.0.1:" + server.port() + "/mcp"))) {
            assertThat(source.tools()).extracting(ToolProvider::name).containsExactly("calculator", "ask_support");
            ToolProvider calculator = source.tools().get(0);
            assertThat(calculator.execute(Json.object().put("expression", "6 * 7"))).isEqualTo("42");
            assertThat(source.tools().get(1).execute(Json.object().put("message", "What is 12 * 7?")))
                    .isEqualTo("The result is 84.");
        } finally {
            terminate(server.process());
            assertThat(server.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        Server off = serve("--mcp-endpoint", "false");
        try {
            HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + off.port() + "/mcp")).header("Content-Type", "application/json")
                    .header("Accept", "application/json, text/event-stream")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(404);
        } finally {
            terminate(off.process());
            assertThat(off.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void twoServersSharingRedisCarryOneConversation() throws Exception {
        boolean redisUp;
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), 6379)) {
            redisUp = socket.isConnected();
        } catch (IOException e) {
            redisUp = false;
        }
        if (!redisUp && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("Redis is not running on 127.0.0.1:6379 (required when CI=true)");
        }
        assumeTrue(redisUp, "Redis is not running on 127.0.0.1:6379; skipping the scale-out test");
        String memory = "redis://127.0.0.1:6379?prefix=serveit-" + System.nanoTime() + ":";
        Server a = serve("--memory", memory);
        Server b = serve("--memory", memory);
        try {
            String session = "shared-" + System.nanoTime();
            assertThat(chat(a.port(), session, "one")).contains("I received 0 earlier");
            assertThat(chat(b.port(), session, "two")).contains("I received 2 earlier");
            assertThat(chat(a.port(), session, "What is 2 * 21?")).contains("The result is 42.");
            assertThat(chat(b.port(), session, "four")).contains("I received 8 earlier");
        } finally {
            terminate(a.process());
            terminate(b.process());
            assertThat(a.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(b.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(a.process().exitValue()).isZero();
        }
    }
}
