package io.clusternode.openai;

import static io.clusternode.openai.LoopbackServer.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.llm.CallDeadline;
import io.clusternode.core.model.LlmConfig;
import io.clusternode.core.model.Message;
import io.clusternode.core.registry.Providers;
import io.clusternode.core.spi.Settings;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What an operator or attacker could do to a model call: credentials in the base URL, a key pasted into the
 * wrong setting, endpoints that never finish, oversized answers, odd base URLs and keys.
 */
class OpenAiHardeningTest {

    private static final List<Message> HELLO = List.of(Message.user("hello"));
    private static final String SECRET = "pw-SECRET-91c7";

    /** The transport under test; a subclass runs every test again on the other one. */
    OpenAiConfig.Transport transport() {
        return OpenAiConfig.Transport.OKHTTP;
    }

    OpenAiConfig.Builder fast(LoopbackServer server) {
        return TestConfigs.fast(server).transport(transport());
    }

    private static NodeExecutionException failure(ThrowingCallable call) {
        return catchThrowableOfType(NodeExecutionException.class, call);
    }

    @Test
    void credentialsInTheBaseUrlAppearInNoErrorLogOrToString() throws Exception {
        LogCapture logs = new LogCapture();
        List<String> seen = new ArrayList<>();
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (LoopbackServer server = new LoopbackServer((req, ex) ->
                ex.respond(503, "application/json", fixture("error-503.json")))) {
            String withUser = server.baseUrl().replace("http://", "http://bob:" + SECRET + "@");
            for (String baseUrl : List.of(withUser, "http://bob:" + SECRET + "@127.0.0.1:" + closedPort + "/v1")) {
                try (OpenAiCompatibleLlmProvider provider = new OpenAiCompatibleLlmProvider(
                        fast(server).baseUrl(baseUrl).maxRetries(1).build())) {
                    seen.add(provider.toString());
                    seen.add(provider.config().toString());
                    NodeExecutionException e = failure(() -> provider.call(HELLO, LlmConfig.defaults()));
                    seen.add(e.toString());
                    seen.add(String.valueOf(e.getCause()));
                }
            }
        } finally {
            logs.close();
        }
        seen.addAll(logs.lines());
        assertThat(logs.lines()).anySatisfy(line -> assertThat(line).contains("retrying"));
        assertThat(seen).anySatisfy(s -> assertThat(s).contains("bob:***@127.0.0.1"));
        assertThat(seen).anySatisfy(s -> assertThat(s).contains("HTTP 503"));
        assertThat(seen).anySatisfy(s -> assertThat(s).contains("cannot reach"));
        assertThat(seen).noneSatisfy(s -> assertThat(s).contains(SECRET));
    }

    @ParameterizedTest
    @ValueSource(strings = {"DEEPSEEK_BASE_URL", "DEEPSEEK_TIMEOUT_SECONDS", "DEEPSEEK_CALL_TIMEOUT_SECONDS",
        "DEEPSEEK_MAX_RETRIES", "DEEPSEEK_HTTP_CLIENT", "DEEPSEEK_MAX_RESPONSE_BYTES"})
    void aKeyPastedIntoAnotherSettingIsDescribedNotEchoed(String setting) {
        String key = "sk-" + SECRET;
        NodeExecutionException e = failure(() -> Providers.model("deepseek",
                Settings.of(Map.of("DEEPSEEK_API_KEY", "sk-real-key", setting, key))));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
        assertThat(e.getMessage()).startsWith(setting + " must be ").doesNotContain(SECRET);
        if (setting.equals("DEEPSEEK_TIMEOUT_SECONDS")) {
            assertThat(e.getMessage()).isEqualTo("DEEPSEEK_TIMEOUT_SECONDS must be a number of seconds greater than zero");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"OPENAI_MAX_RETRIES=2147483647", "OPENAI_CIRCUIT_BREAKER_WINDOW=2000000000",
        "OPENAI_INITIAL_BACKOFF_MS=9223372036854775807", "OPENAI_TIMEOUT_SECONDS=1e300", "OPENAI_TIMEOUT_SECONDS=NaN",
        "OPENAI_CALL_TIMEOUT_SECONDS=0", "OPENAI_MAX_RESPONSE_BYTES=0", "OPENAI_CIRCUIT_BREAKER_FAILURE_RATE=101"})
    void outOfRangeSettingsAreInvalidInputNotAnInternalError(String setting) {
        String[] pair = setting.split("=", 2);
        NodeExecutionException e = failure(() -> Providers.model("openai", Settings.of(Map.of(pair[0], pair[1]))));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
        assertThat(e.getMessage()).startsWith(pair[0] + " must be");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sk-abc\r\nX-Injected: 1", "sk-abc\n", "sk-ab c", "sk-clé-secrète", "sk-\u0000"})
    void anApiKeyWithLineBreaksOrNonAsciiIsInvalidInputThatDoesNotEchoIt(String key) {
        // A trailing line break is stripped like other surrounding blanks; one inside the key is not.
        if (key.equals("sk-abc\n")) {
            assertThat(OpenAiConfig.of("http://127.0.0.1:9/v1", key, "m").apiKey()).isEqualTo("sk-abc");
            return;
        }
        NodeExecutionException fromSettings = failure(() -> Providers.model("openai",
                Settings.of(Map.of("OPENAI_API_KEY", key))));
        assertThat(fromSettings.code()).isEqualTo(ErrorCode.INVALID_INPUT);
        assertThat(fromSettings.getMessage()).startsWith("OPENAI_API_KEY must be").doesNotContain("sk-");
        NodeExecutionException fromBuilder = failure(() -> OpenAiConfig.of("http://127.0.0.1:9/v1", key, "m"));
        assertThat(fromBuilder.code()).isEqualTo(ErrorCode.INVALID_INPUT);
        assertThat(fromBuilder.getMessage()).contains("API key").doesNotContain("sk-");
    }

    @Test
    void aBaseUrlWithAQueryStringKeepsTheQueryAfterThePath() throws Exception {
        try (LoopbackServer server = new LoopbackServer((req, ex) -> ex.json(fixture("deepseek-chat.json")));
             OpenAiCompatibleLlmProvider provider = new OpenAiCompatibleLlmProvider(
                     fast(server).baseUrl(server.baseUrl() + "/?api-version=2024-06-01").build())) {
            provider.call(HELLO, LlmConfig.defaults());
            assertThat(server.lastRequest().path()).isEqualTo("/v1/chat/completions?api-version=2024-06-01");
        }
        assertThat(OpenAiConfig.of("https://h.example/openai/deployments/x?api-version=1", null, "m")
                .chatCompletionsUri()).hasToString("https://h.example/openai/deployments/x/chat/completions?api-version=1");
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS) // a hang guard: without a call deadline this never ends
    void keepAliveCommentsForeverEndAtTheCallDeadline() throws Exception {
        try (LoopbackServer server = new LoopbackServer((req, ex) -> {
            ex.startChunked(200, "text/event-stream");
            for (int i = 0; i < 400; i++) {
                ex.chunk(": keep-alive\n\n");
                Thread.sleep(50);
            }
        });
             OpenAiCompatibleLlmProvider provider = new OpenAiCompatibleLlmProvider(fast(server)
                     .readTimeout(Duration.ofSeconds(2)).callTimeout(Duration.ofMillis(700)).build())) {
            NodeExecutionException e = failure(() ->
                    provider.stream(HELLO, LlmConfig.defaults(), new OpenAiStreamingTest.Recorder()));
            assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
            assertThat(e.getMessage()).contains("did not finish within 700 ms");
            assertThat(server.requests()).hasSize(1);
        }
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void aCallerDeadlineShorterThanTheCallTimeoutWins() throws Exception {
        try (LoopbackServer server = new LoopbackServer((req, ex) -> {
            Thread.sleep(10_000);
            ex.json(fixture("deepseek-chat.json"));
        });
             OpenAiCompatibleLlmProvider provider = new OpenAiCompatibleLlmProvider(fast(server).build())) {
            NodeExecutionException e = failure(() -> CallDeadline.within(System.nanoTime() + 400_000_000L,
                    () -> provider.call(HELLO, LlmConfig.defaults())));
            assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
            assertThat(e.getMessage()).contains("did not finish within");
            assertThat(server.requests()).hasSize(1);
            NodeExecutionException none = failure(() -> CallDeadline.within(System.nanoTime() - 1,
                    () -> provider.call(HELLO, LlmConfig.defaults())));
            assertThat(none.code()).isEqualTo(ErrorCode.TIMEOUT);
            assertThat(server.requests()).hasSize(1);
        }
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void retriesShareOneBudgetSoASilentServerCostsOneReadTimeout() throws Exception {
        try (LoopbackServer server = new LoopbackServer((req, ex) -> Thread.sleep(10_000));
             OpenAiCompatibleLlmProvider provider = new OpenAiCompatibleLlmProvider(fast(server)
                     .readTimeout(Duration.ofMillis(400)).maxRetries(3).retryBudget(Duration.ofMillis(300)).build())) {
            NodeExecutionException e = failure(() -> provider.call(HELLO, LlmConfig.defaults()));
            assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
            assertThat(e.getMessage()).contains("read timeout").doesNotContain("attempts");
            // The defaults keep that shape: the budget ends before the first read timeout does.
            assertThat(OpenAiConfig.DEFAULT_RETRY_BUDGET).isLessThan(OpenAiConfig.DEFAULT_READ_TIMEOUT);
            assertThat(server.requests()).hasSize(1);
        }
    }

    @Test
    void aRetryAfterReachingPastTheBudgetIsNotWaitedFor() throws Exception {
        try (LoopbackServer server = new LoopbackServer((req, ex) ->
                ex.respond(429, "application/json", fixture("error-429.json"), "Retry-After", "20"));
             OpenAiCompatibleLlmProvider provider = new OpenAiCompatibleLlmProvider(fast(server)
                     .maxRetryAfter(Duration.ofSeconds(30)).retryBudget(Duration.ofSeconds(5)).build())) {
            NodeExecutionException e = failure(() -> provider.call(HELLO, LlmConfig.defaults()));
            assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
            assertThat(server.requests()).hasSize(1);
        }
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void anInterruptDuringARetryPauseIsCancelled() throws Exception {
        try (LoopbackServer server = new LoopbackServer((req, ex) ->
                ex.respond(503, "application/json", fixture("error-503.json"), "Retry-After", "10"));
             OpenAiCompatibleLlmProvider provider = new OpenAiCompatibleLlmProvider(fast(server)
                     .maxRetryAfter(Duration.ofSeconds(30)).build())) {
            java.util.concurrent.atomic.AtomicReference<Throwable> thrown = new java.util.concurrent.atomic.AtomicReference<>();
            Thread caller = Thread.ofVirtual().start(() -> {
                try {
                    provider.call(HELLO, LlmConfig.defaults());
                } catch (RuntimeException e) {
                    thrown.set(e);
                }
            });
            while (server.requests().isEmpty()) {
                Thread.sleep(10);
            }
            Thread.sleep(100);
            caller.interrupt();
            caller.join();
            assertThat(thrown.get()).isInstanceOfSatisfying(NodeExecutionException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED));
            assertThat(server.requests()).hasSize(1);
        }
    }

    @Test
    void aStreamedAnswerOverTheLimitIsLimitExceededAndNotRetried() throws Exception {
        StringBuilder sse = new StringBuilder();
        String piece = "x".repeat(1000);
        for (int i = 0; i < 100; i++) {
            sse.append("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"").append(piece).append("\"}}]}\n\n");
        }
        sse.append("data: [DONE]\n\n");
        try (LoopbackServer server = new LoopbackServer((req, ex) -> ex.sse(sse.toString(), 8192));
             OpenAiCompatibleLlmProvider provider = new OpenAiCompatibleLlmProvider(
                     fast(server).maxResponseBytes(50_000).build())) {
            NodeExecutionException e = failure(() ->
                    provider.stream(HELLO, LlmConfig.defaults(), new OpenAiStreamingTest.Recorder()));
            assertThat(e.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
            assertThat(e.getMessage()).contains("50000 bytes");
            assertThat(server.requests()).hasSize(1);
        }
    }

    @Test
    void oneOverlongSseLineIsLimitExceededAndDownloadedOnce() throws Exception {
        String line = "data: " + "y".repeat(300_000);
        try (LoopbackServer server = new LoopbackServer((req, ex) -> ex.sse(line, 8192));
             OpenAiCompatibleLlmProvider provider = new OpenAiCompatibleLlmProvider(
                     fast(server).maxRetries(3).maxResponseBytes(100_000).build())) {
            OpenAiStreamingTest.Recorder recorder = new OpenAiStreamingTest.Recorder();
            NodeExecutionException e = failure(() -> provider.stream(HELLO, LlmConfig.defaults(), recorder));
            assertThat(e.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
            assertThat(recorder.pieces).isEmpty();
            assertThat(server.requests()).hasSize(1);
        }
    }

    @Test
    void aJsonAnswerOverTheLimitIsLimitExceededAndNotRetried() throws Exception {
        String big = "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\""
                + "z".repeat(200_000) + "\"},\"finish_reason\":\"stop\"}]}";
        try (LoopbackServer server = new LoopbackServer((req, ex) -> ex.json(big));
             OpenAiCompatibleLlmProvider provider = new OpenAiCompatibleLlmProvider(
                     fast(server).maxRetries(3).maxResponseBytes(100_000).build())) {
            NodeExecutionException e = failure(() -> provider.call(HELLO, LlmConfig.defaults()));
            assertThat(e.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
            assertThat(server.requests()).hasSize(1);
            // Within the limit, the same endpoint is fine.
        }
        try (LoopbackServer server = new LoopbackServer((req, ex) -> ex.json(big));
             OpenAiCompatibleLlmProvider provider = new OpenAiCompatibleLlmProvider(
                     fast(server).maxResponseBytes(300_000).build())) {
            assertThat(provider.call(HELLO, LlmConfig.defaults()).content()).hasSize(200_000);
        }
    }
}
