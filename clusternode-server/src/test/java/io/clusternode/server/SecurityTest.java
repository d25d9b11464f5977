package io.clusternode.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.spi.Settings;
import io.clusternode.server.http.ApiKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class SecurityTest {

    private static final String KEY = "sk-test-4b1e6f0c9a";
    private static final String ORIGIN = "http://chat.example.test";

    private static ClusterNodeServer server;
    private static Http http;
    private static final List<ILoggingEvent> LINES = new CopyOnWriteArrayList<>();
    private static final AppenderBase<ILoggingEvent> ACCESS = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
            event.prepareForDeferredProcessing();
            LINES.add(event);
        }
    };

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        Path keyFile = dir.resolve("keys.txt");
        Files.writeString(keyFile, "# keys\n" + KEY + "\n\nsk-second-key\n");
        ServerConfig config = ServerConfig.resolve(Map.of(ServerConfig.PORT, "0",
                ServerConfig.API_KEY_FILE, keyFile.toString(), ServerConfig.AUTH_METRICS, "true",
                ServerConfig.CORS_ORIGINS, ORIGIN), Settings.empty());
        server = ClusterNodeServer.start(config, Settings.empty());
        http = new Http(server.port());
        ACCESS.start();
        ((Logger) LoggerFactory.getLogger("io.clusternode.server.access")).addAppender(ACCESS);
    }

    @AfterAll
    static void stop() {
        ((Logger) LoggerFactory.getLogger("io.clusternode.server.access")).detachAppender(ACCESS);
        server.close();
    }

    @Test
    void apiRoutesNeedAValidBearerKey() {
        for (String path : new String[] {"/v1/models", "/api/sessions"}) {
            Http.Answer missing = http.get(path);
            assertThat(missing.status()).isEqualTo(401);
            assertThat(missing.json().path("error").path("code").asText()).isEqualTo("invalid_api_key");
            assertThat(http.get(path, "Authorization", "Bearer sk-wrong").status()).isEqualTo(401);
            assertThat(http.get(path, "Authorization", "Basic " + KEY).status()).isEqualTo(401);
            assertThat(http.get(path, "Authorization", "Bearer " + KEY).status()).isEqualTo(200);
            assertThat(http.get(path, "Authorization", "bearer sk-second-key").status()).isEqualTo(200);
        }
        assertThat(http.post("/v1/chat/completions", Http.chat("clusternode", "hi")).status()).isEqualTo(401);
        assertThat(http.post("/v1/chat/completions", Http.chat("clusternode", "hi"), "Authorization", "Bearer " + KEY)
                .status()).isEqualTo(200);
    }

    @Test
    void metricsCanBeProtectedWhileThePlaygroundAndHealthStayOpen() {
        assertThat(http.get("/metrics").status()).isEqualTo(401);
        assertThat(http.get("/metrics", "Authorization", "Bearer " + KEY).status()).isEqualTo(200);
        assertThat(http.get("/").status()).isEqualTo(200);
        assertThat(http.get("/health/live").status()).isEqualTo(200);
    }

    @Test
    void corsAllowsTheConfiguredOriginOnlyAndAnswersPreflights() {
        Http.Answer preflight = http.send(http.request("/v1/chat/completions", "Origin", ORIGIN,
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "authorization")
                .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody()).build());
        assertThat(preflight.status()).isEqualTo(204);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo(ORIGIN);
        assertThat(preflight.header("Access-Control-Allow-Headers")).contains("Authorization");
        Http.Answer get = http.get("/v1/models", "Origin", ORIGIN, "Authorization", "Bearer " + KEY);
        assertThat(get.header("Access-Control-Allow-Origin")).isEqualTo(ORIGIN);
        assertThat(http.get("/v1/models", "Origin", "http://evil.test", "Authorization", "Bearer " + KEY)
                .header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void requestIdsAreEchoedAndTheAccessLogNeverShowsKeys() {
        Http.Answer answer = http.get("/v1/models", "Authorization", "Bearer " + KEY, "X-Request-Id", "trace-42");
        assertThat(answer.header("X-Request-Id")).isEqualTo("trace-42");
        assertThat(http.get("/v1/models", "X-Request-Id", "bad id with spaces").header("X-Request-Id"))
                .matches("[0-9a-f-]{36}");
        // The line is written once the answer is sent, so it may land just after the client has it.
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (LINES.stream().noneMatch(e -> "trace-42".equals(e.getMDCPropertyMap().get("requestId")))
                && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(LINES).anySatisfy(event -> {
            assertThat(event.getFormattedMessage()).contains("GET /v1/models 200");
            assertThat(event.getMDCPropertyMap()).containsEntry("requestId", "trace-42");
        });
        assertThat(LINES).noneSatisfy(event -> assertThat(event.getFormattedMessage()).contains(KEY));
    }

    @Test
    void aNonLoopbackAddressWithoutKeysRefusesToStart() {
        ServerConfig open = ServerConfig.resolve(Map.of(ServerConfig.HOST, "0.0.0.0", ServerConfig.PORT, "0"),
                Settings.empty());
        assertThatThrownBy(() -> ClusterNodeServer.start(open, Settings.empty()))
                .isInstanceOfSatisfying(NodeExecutionException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_INPUT);
                    assertThat(e.getMessage()).contains("without API keys");
                });
    }

    @Test
    void keysAreComparedWholeAndNeverShown() {
        ApiKeys keys = new ApiKeys(Set.of("abc"));
        assertThat(keys.accepts("Bearer abc")).isTrue();
        assertThat(keys.accepts("Bearer ab")).isFalse();
        assertThat(keys.accepts("Bearer abcd")).isFalse();
        assertThat(keys.accepts(null)).isFalse();
        assertThat(keys.toString()).doesNotContain("abc");
        assertThat(server.config().toString()).doesNotContain(KEY).contains("2 key(s)");
    }
}
