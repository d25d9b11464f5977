package io.clusternode.core.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusternode.core.json.Json;
import io.clusternode.core.model.LlmConfig;
import io.clusternode.core.model.LlmResponse;
import io.clusternode.core.model.Message;
import io.clusternode.core.model.ToolDefinition;
import io.clusternode.core.spi.LlmProvider;
import io.clusternode.core.spi.NodeDefinition;
import io.clusternode.core.spi.StreamListener;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CachedLlmProviderTest {

    private static final LlmConfig DETERMINISTIC = LlmConfig.of("simulated").withTemperature(0.0);

    /** Counts the calls that reach the model. */
    private static final class CountingModel implements LlmProvider {
        final SimulatedLlmProvider simulated = new SimulatedLlmProvider();
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public NodeDefinition definition() {
            return simulated.definition();
        }

        @Override
        public String defaultModel() {
            return simulated.defaultModel();
        }

        @Override
        public LlmResponse call(List<Message> messages, LlmConfig config) {
            calls.incrementAndGet();
            return simulated.call(messages, config);
        }
    }

    @Test
    void identicalDeterministicRequestIsAnsweredFromTheCache() {
        CountingModel model = new CountingModel();
        CachedLlmProvider cached = CachedLlmProvider.of(model);
        List<Message> messages = List.of(Message.system("be brief"), Message.user("hello"));

        LlmResponse first = cached.call(messages, DETERMINISTIC);
        LlmResponse second = cached.call(List.copyOf(new ArrayList<>(messages)), DETERMINISTIC);

        assertThat(second).isEqualTo(first);
        assertThat(model.calls).hasValue(1);
        assertThat(cached.hits()).isEqualTo(1);
        assertThat(cached.misses()).isEqualTo(1);
        assertThat(cached.size()).isEqualTo(1);
    }

    @Test
    void anyDifferenceInModelMessagesToolsOrParametersIsAnotherKey() {
        CountingModel model = new CountingModel();
        CachedLlmProvider cached = CachedLlmProvider.of(model);
        List<Message> messages = List.of(Message.user("hello"));
        JsonNode schema = Json.parse("{\"type\":\"object\",\"properties\":{}}", "schema");

        cached.call(messages, DETERMINISTIC);
        cached.call(List.of(Message.user("hello!")), DETERMINISTIC);
        cached.call(messages, DETERMINISTIC.withModel("other"));
        cached.call(messages, DETERMINISTIC.withMaxTokens(10));
        cached.call(messages, DETERMINISTIC.withStop(List.of("x")));
        cached.call(messages, DETERMINISTIC.withTools(List.of(new ToolDefinition("t", "d", schema))));
        cached.call(List.of(Message.system("s"), Message.user("hello")), DETERMINISTIC);

        assertThat(model.calls).hasValue(7);
        assertThat(cached.hits()).isZero();
        assertThat(cached.misses()).isEqualTo(7);
    }

    @Test
    void toolSchemasWithTheSameContentInAnotherFieldOrderShareAKey() {
        CachedLlmProvider cached = CachedLlmProvider.of(new CountingModel());
        JsonNode a = Json.parse("{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"string\"}}}", "a");
        JsonNode b = Json.parse("{\"properties\":{\"x\":{\"type\":\"string\"}},\"type\":\"object\"}", "b");
        List<Message> messages = List.of(Message.user("hi"));

        String keyA = cached.key(messages, DETERMINISTIC.withTools(List.of(new ToolDefinition("t", "d", a))));
        String keyB = cached.key(messages, DETERMINISTIC.withTools(List.of(new ToolDefinition("t", "d", b))));

        assertThat(keyA).isEqualTo(keyB).hasSize(64);
    }

    @Test
    void nonDeterministicRequestsAreNotCachedUnlessConfigured() {
        CountingModel model = new CountingModel();
        CachedLlmProvider cached = CachedLlmProvider.of(model);
        List<Message> messages = List.of(Message.user("hello"));

        cached.call(messages, LlmConfig.of("simulated"));
        cached.call(messages, LlmConfig.of("simulated"));
        cached.call(messages, LlmConfig.of("simulated").withTemperature(0.7));
        cached.call(messages, LlmConfig.of("simulated").withTemperature(0.7));
        assertThat(model.calls).hasValue(4);
        assertThat(cached.hits()).isZero();
        assertThat(cached.misses()).isZero();

        CountingModel model2 = new CountingModel();
        CachedLlmProvider all = CachedLlmProvider.builder(model2).cacheNonDeterministic(true).build();
        all.call(messages, LlmConfig.of("simulated").withTemperature(0.7));
        all.call(messages, LlmConfig.of("simulated").withTemperature(0.7));
        assertThat(model2.calls).hasValue(1);
        assertThat(all.hits()).isEqualTo(1);
    }

    @Test
    void entriesExpireAfterTheTimeToLive() {
        CountingModel model = new CountingModel();
        AtomicLong now = new AtomicLong();
        CachedLlmProvider cached = CachedLlmProvider.builder(model).timeToLive(Duration.ofSeconds(5))
                .ticker(now::get).build();
        List<Message> messages = List.of(Message.user("hello"));

        cached.call(messages, DETERMINISTIC);
        now.addAndGet(Duration.ofSeconds(4).toNanos());
        cached.call(messages, DETERMINISTIC);
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        cached.call(messages, DETERMINISTIC);

        assertThat(model.calls).hasValue(2);
        assertThat(cached.hits()).isEqualTo(1);
        assertThat(cached.misses()).isEqualTo(2);
    }

    @Test
    void sizeIsBounded() {
        CachedLlmProvider cached = CachedLlmProvider.builder(new CountingModel()).maximumSize(3).build();
        for (int i = 0; i < 20; i++) {
            cached.call(List.of(Message.user("message " + i)), DETERMINISTIC);
        }
        assertThat(cached.size()).isLessThanOrEqualTo(3);
    }

    @Test
    void streamedHitReplaysTheCachedAnswerToTheListener() {
        CountingModel model = new CountingModel();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        CachedLlmProvider cached = CachedLlmProvider.builder(model).meterRegistry(registry).build();
        List<Message> messages = List.of(Message.user("stream me"));
        StringBuilder first = new StringBuilder();
        StringBuilder second = new StringBuilder();

        LlmResponse a = cached.stream(messages, DETERMINISTIC, new StreamListener() {
            @Override
            public void onContent(String delta) {
                first.append(delta);
            }
        });
        LlmResponse b = cached.stream(messages, DETERMINISTIC, new StreamListener() {
            @Override
            public void onContent(String delta) {
                second.append(delta);
            }
        });

        assertThat(model.calls).hasValue(1);
        assertThat(b).isEqualTo(a);
        assertThat(second.toString()).isEqualTo(first.toString()).isEqualTo(a.content()).isNotEmpty();
        // Caffeine's own statistics, published by Micrometer's Caffeine binder.
        assertThat(registry.get("cache.gets").tags("cache", CachedLlmProvider.CACHE_NAME, "result", "hit")
                .functionCounter().count()).isEqualTo(1.0);
        assertThat(registry.get("cache.gets").tags("cache", CachedLlmProvider.CACHE_NAME, "result", "miss")
                .functionCounter().count()).isEqualTo(1.0);
        assertThat(registry.get("cache.size").tag("cache", CachedLlmProvider.CACHE_NAME).gauge().value()).isEqualTo(1.0);
    }

    @Test
    void failuresAreNotCached() {
        AtomicInteger calls = new AtomicInteger();
        LlmProvider failingOnce = new LlmProvider() {
            final SimulatedLlmProvider simulated = new SimulatedLlmProvider();

            @Override
            public NodeDefinition definition() {
                return simulated.definition();
            }

            @Override
            public String defaultModel() {
                return "simulated";
            }

            @Override
            public LlmResponse call(List<Message> messages, LlmConfig config) {
                if (calls.incrementAndGet() == 1) {
                    throw new io.clusternode.core.error.NodeExecutionException(
                            io.clusternode.core.error.ErrorCode.MODEL_UNAVAILABLE, "down");
                }
                return simulated.call(messages, config);
            }
        };
        CachedLlmProvider cached = CachedLlmProvider.of(failingOnce);
        List<Message> messages = List.of(Message.user("hi"));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> cached.call(messages, DETERMINISTIC))
                .hasMessage("down");
        assertThat(cached.call(messages, DETERMINISTIC).content()).isNotEmpty();
        assertThat(cached.call(messages, DETERMINISTIC).content()).isNotEmpty();
        assertThat(calls).hasValue(2);
    }
}
