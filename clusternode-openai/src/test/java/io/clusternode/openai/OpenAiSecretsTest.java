package io.clusternode.openai;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.llm.CachedLlmProvider;
import io.clusternode.core.model.LlmConfig;
import io.clusternode.core.model.Message;
import io.clusternode.core.registry.Providers;
import io.clusternode.core.spi.LlmProvider;
import io.clusternode.core.spi.Settings;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The API key must appear in no log line, exception, toString() or metric, whatever goes wrong. */
class OpenAiSecretsTest {

    private static final String KEY = "sk-SECRET-7f3a9c2e1b";

    @Test
    void theKeyAppearsNowhereButTheAuthorizationHeader() throws Exception {
        LogCapture logs = new LogCapture();
        List<String> seen = new ArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        try (LoopbackServer server = new LoopbackServer((req, ex) -> {
            switch (calls.incrementAndGet() % 4) {
                // An endpoint that echoes the key back in its error message.
                case 1 -> ex.respond(401, "application/json",
                        "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + "\"}}");
                case 2 -> ex.respond(503, "application/json",
                        "{\"error\":{\"message\":\"overloaded, key " + KEY + "\"}}", "Retry-After", "0");
                case 3 -> ex.respond(400, "text/plain", "bad request for " + KEY);
                default -> ex.reset();
            }
        })) {
            Settings settings = Settings.of(Map.of("DEEPSEEK_API_KEY", KEY, "DEEPSEEK_BASE_URL", server.baseUrl(),
                    "DEEPSEEK_MAX_RETRIES", "2", "DEEPSEEK_INITIAL_BACKOFF_MS", "1",
                    "DEEPSEEK_CIRCUIT_BREAKER_WINDOW", "3", "DEEPSEEK_CIRCUIT_BREAKER_FAILURE_RATE", "100"));
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            try (LlmProvider model = Providers.model("deepseek:deepseek-chat", settings);
                 CachedLlmProvider cached = CachedLlmProvider.builder(model).meterRegistry(registry).build()) {
                seen.add(settings.toString());
                seen.add(model.toString());
                seen.add(cached.toString());
                seen.add(((OpenAiCompatibleLlmProvider) model).config().toString());
                for (int i = 0; i < 8; i++) {
                    try {
                        cached.call(List.of(Message.user("q" + i)), LlmConfig.defaults().withTemperature(0.0));
                    } catch (NodeExecutionException e) {
                        seen.add(e.toString());
                        seen.add(stackTrace(e));
                    }
                }
                for (Meter meter : registry.getMeters()) {
                    seen.add(meter.getId().toString());
                    meter.measure().forEach(m -> seen.add(m.toString()));
                }
            }
            try (LlmProvider slow = new OpenAiCompatibleLlmProvider(TestConfigs.fast(server).apiKey(KEY)
                    .baseUrl("http://127.0.0.1:1/v1").connectTimeout(Duration.ofMillis(200)).maxRetries(0).build())) {
                try {
                    slow.call(List.of(Message.user("x")), LlmConfig.defaults());
                } catch (NodeExecutionException e) {
                    seen.add(e.toString());
                    seen.add(stackTrace(e));
                }
            }
            assertThat(server.requests()).isNotEmpty()
                    .allSatisfy(r -> assertThat(r.headers()).containsEntry("authorization", "Bearer " + KEY));
        } finally {
            logs.close();
        }
        seen.addAll(logs.lines());
        assertThat(seen).anySatisfy(s -> assertThat(s).contains("HTTP 401"));
        assertThat(seen).anySatisfy(s -> assertThat(s).contains("HTTP 503"));
        assertThat(seen).anySatisfy(s -> assertThat(s).contains("HTTP 400"));
        assertThat(logs.lines()).isNotEmpty();
        assertThat(seen).noneSatisfy(s -> assertThat(s).contains(KEY));
        assertThat(seen).noneSatisfy(s -> assertThat(s).contains("SECRET-7f3a"));
    }

    private static String stackTrace(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
