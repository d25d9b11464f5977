package io.clusternode.openai;

import static io.clusternode.openai.LoopbackServer.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.model.LlmConfig;
import io.clusternode.core.model.Message;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OpenAiResilienceTest {

    /** The transport under test; a subclass runs every test again on the other one. */
    OpenAiConfig.Transport transport() {
        return OpenAiConfig.Transport.OKHTTP;
    }

    OpenAiConfig.Builder fast(LoopbackServer server) {
        return TestConfigs.fast(server).transport(transport());
    }

    private static final List<Message> HELLO = List.of(Message.user("hello"));

    private static NodeExecutionException failure(ThrowingCallable call) {
        return (NodeExecutionException) org.assertj.core.api.Assertions.catchThrowable(call);
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS) // a hang guard: without the cap the test would wait an hour
    void rateLimitIsRetriedHonouringACappedRetryAfter() throws Exception {
        AtomicInteger seen = new AtomicInteger();
        try (LoopbackServer server = new LoopbackServer((req, ex) -> {
            if (seen.incrementAndGet() == 1) {
                ex.respond(429, "application/json", fixture("error-429.json"), "Retry-After", "3600");
            } else {
                ex.json(fixture("deepseek-chat.json"));
            }
        });
             OpenAiCompatibleLlmProvider provider = new OpenAiCompatibleLlmProvider(fast(server).build())) {
            assertThat(provider.call(HELLO, LlmConfig.defaults()).content()).isEqualTo("12 * 7 is 84.");
            assertThat(server.requests()).hasSize(2);
            assertThat(server.requests().get(1).text()).isEqualTo(server.requests().get(0).text());
        }
    }

    @Test
    void retryAfterIsReadAsSecondsOrAnHttpDate() {
        assertThat(RetryAfter.nanos("2"))
                .isEqualTo(Duration.ofSeconds(2).toNanos());
        assertThat(RetryAfter.nanos("0.5"))
                .isEqualTo(Duration.ofMillis(500).toNanos());
        String inAMinute = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().plusSeconds(60));
        assertThat(RetryAfter.nanos(inAMinute))
                .isBetween(Duration.ofSeconds(50).toNanos(), Duration.ofSeconds(61).toNanos());
        assertThat(RetryAfter.nanos("soon")).isEqualTo(-1);
        assertThat(RetryAfter.nanos(null)).isEqualTo(-1);
    }

    @Test
    void persistentRateLimitSurfacesAsRateLimitedAfterTheRetries() throws Exception {
        try (LoopbackServer server = new LoopbackServer((req, ex) ->
                ex.respond(429, "application/json", fixture("error-429.json"), "Retry-After", "0"));
             OpenAiCompatibleLlmProvider provider = new OpenAiCompatibleLlmProvider(fast(server).build())) {
            NodeExecutionException e = failure(() -> provider.call(HELLO, LlmConfig.defaults()));
            assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
            assertThat(e.getMessage()).contains("HTTP 429").contains("Rate limit reached").contains("after 3 attempts");
            assertThat(server.requests()).hasSize(3);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 504})
    void serverErrorsAreRetriedThenReportedWithTheEndpointsMessage(int status) throws Exception {
        try (LoopbackServer server = new LoopbackServer((req, ex) ->
                ex.respond(status, "application/json", fixture("error-503.json")));
             OpenAiCompatibleLlmProvider provider = new OpenAiCompatibleLlmProvider(fast(server).build())) {
            NodeExecutionException e = failure(() -> provider.call(HELLO, LlmConfig.defaults()));
            assertThat(e.code()).isEqualTo(ErrorCode.MODEL_UNAVAILABLE);
            assertThat(e.getMessage()).contains("HTTP " + status)
                    .contains("The server is overloaded. Please try again later.")
                    .contains(server.baseUrl() + "/chat/completions");
            assertThat(server.requests()).hasSize(3);
        }
    }

    @Test
    void transientServerErrorThenSuccess() throws Exception {
        AtomicInteger seen = new AtomicInteger();
        try (LoopbackServer server = new LoopbackServer((req, ex) -> {
            if (seen.incrementAndGet() <= 2) {
                ex.respond(503, "text/plain", "upstream busy");
            } else {
                ex.json(fixture("deepseek-chat.json"));
            }
        });
             OpenAiCompatibleLlmProvider provider = new OpenAiCompatibleLlmProvider(fast(server).build())) {
            assertThat(provider.call(HELLO, LlmConfig.defaults()).content()).isEqualTo("12 * 7 is 84.");
            assertThat(server.requests()).hasSize(3);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 404, 422})
    void rejectedRequestsAreNotRetried(int status) throws Exception {
        try (LoopbackServer server = new LoopbackServer((req, ex) -> ex.respond(status, "application/json",
                "{\"error\":{\"message\":\"Model Not Exist\",\"type\":\"invalid_request_error\"}}"));
             OpenAiCompatibleLlmProvider provider = new OpenAiCompatibleLlmProvider(fast(server).build())) {
            NodeExecutionException e = failure(() -> provider.call(HELLO, LlmConfig.defaults()));
            assertThat(e.code()).isEqualTo(ErrorCode.MODEL_REQUEST_REJECTED);
            assertThat(e.getMessage()).contains("HTTP " + status).contains("Model Not Exist");
            assertThat(server.requests()).hasSize(1);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {401, 403})
    void authenticationFailuresAreNotRetriedAndNameTheKeySetting(int status) throws Exception {
        try (LoopbackServer server = new LoopbackServer((req, ex) ->
                ex.respond(status, "application/json", fixture("error-401.json")));
             OpenAiCompatibleLlmProvider provider = new OpenAiCompatibleLlmProvider(
                     fast(server).apiKey("sk-wrong-123456").build())) {
            NodeExecutionException e = failure(() -> provider.call(HELLO, LlmConfig.defaults()));
            assertThat(e.code()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
            assertThat(e.getMessage()).contains("HTTP " + status).contains("Authentication Fails")
                    .contains("OPENAI_API_KEY").doesNotContain("sk-wrong-123456");
            assertThat(server.requests()).hasSize(1);
        }
    }

    @Test
    void malformedBodyIsAProtocolError() throws Exception {
        try (LoopbackServer server = new LoopbackServer((req, ex) ->
                ex.json("{\"choices\":[{\"message\":{\"content\":\"cut off"));
             OpenAiCompatibleLlmProvider provider = new OpenAiCompatibleLlmProvider(fast(server).build())) {
            NodeExecutionException e = failure(() -> provider.call(HELLO, LlmConfig.defaults()));
            assertThat(e.code()).isEqualTo(ErrorCode.MODEL_PROTOCOL_ERROR);
            assertThat(e.getMessage()).contains("not valid chat-completions JSON");
        }
        try (LoopbackServer server = new LoopbackServer((req, ex) -> ex.json("{\"id\":\"x\",\"object\":\"list\"}"));
             OpenAiCompatibleLlmProvider provider = new OpenAiCompatibleLlmProvider(fast(server).build())) {
            NodeExecutionException e = failure(() -> provider.call(HELLO, LlmConfig.defaults()));
            assertThat(e.code()).isEqualTo(ErrorCode.MODEL_PROTOCOL_ERROR);
            assertThat(e.getMessage()).contains("without choices");
        }
        try (LoopbackServer server = new LoopbackServer((req, ex) -> ex.json("[1,2]"));
             OpenAiCompatibleLlmProvider provider = new OpenAiCompatibleLlmProvider(fast(server).build())) {
            assertThat(failure(() -> provider.call(HELLO, LlmConfig.defaults())).code())
                    .isEqualTo(ErrorCode.MODEL_PROTOCOL_ERROR);
        }
    }

    @Test
    void slowEndpointHitsTheReadTimeoutAndIsRetried() throws Exception {
        try (LoopbackServer server = new LoopbackServer((req, ex) -> {
            Thread.sleep(3_000);
            ex.json(fixture("deepseek-chat.json"));
        });
             OpenAiCompatibleLlmProvider provider = new OpenAiCompatibleLlmProvider(fast(server)
                     .readTimeout(Duration.ofMillis(200)).maxRetries(1).build())) {
            NodeExecutionException e = failure(() -> provider.call(HELLO, LlmConfig.defaults()));
            assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
            assertThat(e.getMessage()).contains("read timeout").contains("200 ms");
            assertThat(server.requests()).hasSize(2);
        }
    }

    @Test
    void connectionResetIsRetried() throws Exception {
        AtomicInteger seen = new AtomicInteger();
        try (LoopbackServer server = new LoopbackServer((req, ex) -> {
            if (seen.incrementAndGet() == 1) {
                ex.reset();
            } else {
                ex.json(fixture("deepseek-chat.json"));
            }
        });
             OpenAiCompatibleLlmProvider provider = new OpenAiCompatibleLlmProvider(fast(server).build())) {
            assertThat(provider.call(HELLO, LlmConfig.defaults()).content()).isEqualTo("12 * 7 is 84.");
            assertThat(server.requests()).hasSize(2);
            assertThat(server.connections()).isEqualTo(2);
        }
    }

    @Test
    void unreachableEndpointIsModelUnavailable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (OpenAiCompatibleLlmProvider provider = new OpenAiCompatibleLlmProvider(OpenAiConfig.builder()
                .baseUrl("http://127.0.0.1:" + port + "/v1").model("m").maxRetries(1)
                .initialBackoff(Duration.ofMillis(1)).circuitBreakerWindow(0).build())) {
            NodeExecutionException e = failure(() -> provider.call(HELLO, LlmConfig.defaults()));
            assertThat(e.code()).isEqualTo(ErrorCode.MODEL_UNAVAILABLE);
            assertThat(e.getMessage()).contains("cannot reach").contains("127.0.0.1:" + port);
        }
    }

    @Test
    void deadEndpointOpensTheCircuitAndThenFailsFast() throws Exception {
        try (LoopbackServer server = new LoopbackServer((req, ex) ->
                ex.respond(503, "application/json", fixture("error-503.json")));
             OpenAiCompatibleLlmProvider provider = new OpenAiCompatibleLlmProvider(fast(server)
                     .maxRetries(1).circuitBreakerWindow(4).circuitBreakerFailureRate(50)
                     .circuitBreakerOpenDuration(Duration.ofMinutes(5)).build())) {
            assertThat(provider.circuitState()).isEqualTo("CLOSED");
            assertThat(failure(() -> provider.call(HELLO, LlmConfig.defaults())).code())
                    .isEqualTo(ErrorCode.MODEL_UNAVAILABLE);
            assertThat(failure(() -> provider.call(HELLO, LlmConfig.defaults())).code())
                    .isEqualTo(ErrorCode.MODEL_UNAVAILABLE);
            assertThat(server.requests()).hasSize(4);
            assertThat(provider.circuitState()).isEqualTo("OPEN");

            NodeExecutionException open = failure(() -> provider.call(HELLO, LlmConfig.defaults()));
            assertThat(open.code()).isEqualTo(ErrorCode.CIRCUIT_OPEN);
            assertThat(open.getMessage()).contains("circuit breaker").contains("open");
            assertThat(server.requests()).hasSize(4);
        }
    }

    @Test
    void rejectedRequestsDoNotOpenTheCircuit() throws Exception {
        try (LoopbackServer server = new LoopbackServer((req, ex) ->
                ex.respond(400, "application/json", "{\"error\":{\"message\":\"bad\"}}"));
             OpenAiCompatibleLlmProvider provider = new OpenAiCompatibleLlmProvider(fast(server)
                     .circuitBreakerWindow(2).build())) {
            for (int i = 0; i < 5; i++) {
                assertThat(failure(() -> provider.call(HELLO, LlmConfig.defaults())).code())
                        .isEqualTo(ErrorCode.MODEL_REQUEST_REJECTED);
            }
            assertThat(provider.circuitState()).isEqualTo("CLOSED");
            assertThat(server.requests()).hasSize(5);
        }
    }

    @Test
    void configValidationAndMaskedToString() {
        assertThatThrownBy(() -> OpenAiConfig.of("", null, "m")).hasMessageContaining("base URL");
        assertThatThrownBy(() -> OpenAiConfig.of("http://x", null, " ")).hasMessageContaining("model");
        assertThatThrownBy(() -> OpenAiConfig.builder().baseUrl("http://x").model("m").maxRetries(-1).build())
                .hasMessageContaining("maxRetries");
        assertThatThrownBy(() -> OpenAiConfig.builder().baseUrl("http://x").model("m")
                .readTimeout(Duration.ZERO).build()).hasMessageContaining("readTimeout");
        OpenAiConfig config = OpenAiConfig.of("http://127.0.0.1:1/v1/", "sk-abc", "m");
        assertThat(config.baseUrl()).isEqualTo("http://127.0.0.1:1/v1");
        assertThat(config.chatCompletionsUri()).hasToString("http://127.0.0.1:1/v1/chat/completions");
        assertThat(config.toString()).contains("apiKey=****").doesNotContain("sk-abc");
        assertThat(OpenAiConfig.of("http://x", null, "m").toString()).contains("apiKey=none");
    }
}
