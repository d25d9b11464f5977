package io.clusternode.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.memory.WindowMemory;
import io.clusternode.core.model.LlmResponse;
import io.clusternode.core.model.Message;
import io.clusternode.core.model.Usage;
import io.clusternode.core.spi.Settings;
import io.clusternode.core.testing.ScriptedModel;
import io.clusternode.server.metrics.ServerMetrics;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The concurrent-run cap, the time limit, the body limit and graceful shutdown, with a model that waits. */
class LimitsTest {

    /** Messages containing "block" wait until the test releases them; others answer at once. */
    private static final Semaphore ENTERED = new Semaphore(0);
    private static volatile CountDownLatch release = new CountDownLatch(1);

    private static ClusterNodeServer server;
    private static Http http;

    static ClusterNodeServer startServer(int cap) {
        ScriptedModel model = new ScriptedModel("gate", (messages, cfg) -> {
            Message last = messages.get(messages.size() - 1);
            if (last.content().contains("block")) {
                ENTERED.release();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new NodeExecutionException(ErrorCode.CANCELLED, "interrupted");
                }
            }
            return new LlmResponse("done: " + last.content(), null, List.of(), "stop", Usage.of(1, 1), "gate");
        });
        ServerConfig config = ServerConfig.resolve(Map.of(ServerConfig.PORT, "0",
                ServerConfig.MAX_CONCURRENT_RUNS, Integer.toString(cap), ServerConfig.REQUEST_TIMEOUT, "2",
                ServerConfig.MAX_BODY_BYTES, "4096", ServerConfig.AGENTS, "gate"), Settings.empty());
        ServerMetrics metrics = new ServerMetrics();
        return ClusterNodeServer.start(config, AgentCatalog.of(model, WindowMemory.builder().build(), config, metrics),
                metrics, r -> { });
    }

    @BeforeAll
    static void start() {
        server = startServer(1);
        http = new Http(server.port());
    }

    @AfterAll
    static void stop() {
        release.countDown();
        server.close();
    }

    @Test
    void runsOverTheCapGet429WithRetryAfter() throws Exception {
        release = new CountDownLatch(1);
        CompletableFuture<Http.Answer> first = CompletableFuture.supplyAsync(
                () -> http.post("/v1/chat/completions", Http.chat("gate", "block please")));
        assertThat(ENTERED.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
        Http.Answer refused = http.post("/v1/chat/completions", Http.chat("gate", "me too"));
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Retry-After")).isEqualTo("1");
        assertThat(refused.json().path("error").path("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(http.get("/metrics").body()).contains("clusternode_agent_runs_in_flight 1.0");
        release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(http.post("/v1/chat/completions", Http.chat("gate", "after")).status()).isEqualTo(200);
    }

    @Test
    void aRunPastTheTimeLimitGets504IsCancelledAndStoresNothing() {
        release = new CountDownLatch(1);
        String session = "slow-" + System.nanoTime();
        Http.Answer answer = http.post("/v1/chat/completions", Http.chat("gate", "block forever"),
                "X-Session-Id", session);
        assertThat(answer.status()).isEqualTo(504);
        assertThat(answer.json().path("error").path("code").asText()).isEqualTo("timeout");
        assertThat(server.catalog().memory().stats(session)).isEmpty();
        assertThat(http.get("/metrics").body()).contains("outcome=\"timeout\"");
        ENTERED.drainPermits();
        // The permit came back with the cancelled run.
        assertThat(http.post("/v1/chat/completions", Http.chat("gate", "next")).status()).isEqualTo(200);
    }

    @Test
    void aStreamedRunPastTheTimeLimitEndsWithAnErrorEvent() {
        release = new CountDownLatch(1);
        Http.Answer answer = http.post("/v1/chat/completions",
                "{\"model\":\"gate\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"block\"}]}");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.events()).last().asString().contains("\"code\":\"timeout\"");
        ENTERED.drainPermits();
    }

    @Test
    void anAgentAskedOverMcpHasTheSameCapAndTimeLimit() throws Exception {
        release = new CountDownLatch(1);
        try (McpSyncClient client = McpEndpointTest.client(server.port(), null)) {
            client.initialize();
            CompletableFuture<Http.Answer> first = CompletableFuture.supplyAsync(
                    () -> http.post("/v1/chat/completions", Http.chat("gate", "block please")));
            assertThat(ENTERED.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
            McpSchema.CallToolResult refused = client.callTool(new McpSchema.CallToolRequest("ask_gate",
                    Map.of("message", "me too")));
            assertThat(refused.isError()).isTrue();
            assertThat(((McpSchema.TextContent) refused.content().get(0)).text())
                    .isEqualTo("Error: the server is running its maximum of 1 agent runs; ask again shortly");
            release.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);

            release = new CountDownLatch(1);
            McpSchema.CallToolResult late = client.callTool(new McpSchema.CallToolRequest("ask_gate",
                    Map.of("message", "block forever", "session", "mcp-slow")));
            assertThat(late.isError()).isTrue();
            assertThat(((McpSchema.TextContent) late.content().get(0)).text())
                    .startsWith("Error: the agent run took longer than the server's limit of 2 s");
            assertThat(server.catalog().memory().stats("mcp-slow")).isEmpty();
            ENTERED.drainPermits();
            McpSchema.CallToolResult next = client.callTool(new McpSchema.CallToolRequest("ask_gate",
                    Map.of("message", "next")));
            assertThat(((McpSchema.TextContent) next.content().get(0)).text()).isEqualTo("done: next");
        }
    }

    @Test
    void bodiesOverTheLimitGet413() {
        Http.Answer answer = http.post("/v1/chat/completions", Http.chat("gate", "x".repeat(5000)));
        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.json().path("error").path("code").asText()).isEqualTo("request_too_large");
        assertThat(http.post("/v1/chat/completions", Http.chat("gate", "small")).status()).isEqualTo(200);
    }

    @Test
    void closingLetsRunsInFlightFinishAndRefusesNewOnes() throws Exception {
        release = new CountDownLatch(1);
        ClusterNodeServer stopping = startServer(4);
        Http client = new Http(stopping.port());
        CompletableFuture<Http.Answer> inFlight = CompletableFuture.supplyAsync(
                () -> client.post("/v1/chat/completions", Http.chat("gate", "block until stopped")));
        assertThat(ENTERED.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> closed = CompletableFuture.runAsync(stopping::close);
        while (client.get("/health/ready").status() != 503) {
            Thread.onSpinWait();
        }
        Http.Answer refused = client.post("/v1/chat/completions", Http.chat("gate", "new"));
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.json().path("error").path("code").asText()).isEqualTo("shutting_down");
        assertThat(closed).isNotDone();
        release.countDown();
        Http.Answer finished = inFlight.get(10, TimeUnit.SECONDS);
        assertThat(finished.status()).isEqualTo(200);
        assertThat(finished.json().path("choices").get(0).path("message").path("content").asText())
                .isEqualTo("done: block until stopped");
        closed.get(10, TimeUnit.SECONDS);
    }
}
