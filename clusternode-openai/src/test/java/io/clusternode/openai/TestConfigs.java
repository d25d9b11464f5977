package io.clusternode.openai;

import java.time.Duration;

/** Configurations with small timeouts and backoffs, so failure tests stay fast. */
final class TestConfigs {

    private TestConfigs() {
    }

    static OpenAiConfig.Builder fast(LoopbackServer server) {
        return OpenAiConfig.builder()
                .baseUrl(server.baseUrl())
                .model("gpt-4o-mini")
                .connectTimeout(Duration.ofSeconds(2))
                .readTimeout(Duration.ofSeconds(5))
                .maxRetries(2)
                .initialBackoff(Duration.ofMillis(5))
                .maxBackoff(Duration.ofMillis(20))
                .maxRetryAfter(Duration.ofMillis(50))
                .circuitBreakerWindow(0);
    }
}
