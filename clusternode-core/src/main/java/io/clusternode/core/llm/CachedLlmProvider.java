package io.clusternode.core.llm;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.clusternode.core.json.Json;
import io.clusternode.core.model.LlmConfig;
import io.clusternode.core.model.LlmResponse;
import io.clusternode.core.model.Message;
import io.clusternode.core.model.ToolCall;
import io.clusternode.core.model.ToolDefinition;
import io.clusternode.core.spi.LlmProvider;
import io.clusternode.core.spi.StreamListener;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An opt-in response cache around any chat model: an identical request (same model, messages, tools and
 * sampling parameters) is answered from memory instead of paying for a model call again.
 *
 * <p>Only deterministic requests (temperature 0) are cached unless {@link Builder#cacheNonDeterministic}
 * says otherwise, since replaying one sampled answer for every later request would change what a
 * sampling caller asked for. The cache is bounded by size and time to live (Caffeine). Keys are the
 * SHA-256 of a canonical serialisation of the request, so a key holds 64 hex characters, not the whole
 * conversation. A streamed call that hits replays the cached answer to the listener.
 *
 * <p>Concurrent misses on one key each call the model (no lock is held across the model call, so a slow
 * call never blocks unrelated keys); the last answer wins.
 */
public final class CachedLlmProvider extends ForwardingLlmProvider {

    private final Cache<String, LlmResponse> cache;
    private final boolean cacheNonDeterministic;

    private CachedLlmProvider(Builder builder) {
        super(builder.delegate);
        this.cacheNonDeterministic = builder.cacheNonDeterministic;
        this.cache = Caffeine.newBuilder()
                .maximumSize(builder.maximumSize)
                .expireAfterWrite(builder.timeToLive)
                .ticker(builder.ticker)
                .recordStats()
                .build();
        if (builder.meterRegistry != null) {
            CaffeineCacheMetrics.monitor(builder.meterRegistry, cache, CACHE_NAME,
                    Tags.of("model_kind", builder.delegate.kind()));
        }
    }

    /** The {@code cache} tag of the cache's meters. */
    public static final String CACHE_NAME = "clusternode.llm.responses";

    /** A cache of up to 1,000 answers for 10 minutes around {@code delegate}; see {@link Builder}. */
    public static CachedLlmProvider of(LlmProvider delegate) {
        return builder(delegate).build();
    }

    public static Builder builder(LlmProvider delegate) {
        return new Builder(delegate);
    }

    @Override
    public void close() {
        cache.invalidateAll();
        super.close();
    }

    /** Calls answered from the cache (Caffeine's statistics). */
    public long hits() {
        return cache.stats().hitCount();
    }

    /** Cacheable calls that had to call the model (calls not eligible for caching are not counted). */
    public long misses() {
        return cache.stats().missCount();
    }

    /** Answers currently held. */
    public long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    /** Forgets every cached answer. */
    public void invalidateAll() {
        cache.invalidateAll();
    }

    @Override
    public LlmResponse call(List<Message> messages, LlmConfig config) {
        if (!cacheable(config)) {
            return delegate().call(messages, config);
        }
        String key = key(messages, config);
        LlmResponse cached = cache.getIfPresent(key);
        if (cached != null) {
            return cached;
        }
        LlmResponse response = delegate().call(messages, config);
        cache.put(key, response);
        return response;
    }

    @Override
    public LlmResponse stream(List<Message> messages, LlmConfig config, StreamListener listener) {
        if (!cacheable(config)) {
            return delegate().stream(messages, config, listener);
        }
        String key = key(messages, config);
        LlmResponse cached = cache.getIfPresent(key);
        if (cached != null) {
            if (cached.reasoning() != null && !cached.reasoning().isEmpty()) {
                listener.onReasoning(cached.reasoning());
            }
            if (!cached.content().isEmpty()) {
                listener.onContent(cached.content());
            }
            return cached;
        }
        LlmResponse response = delegate().stream(messages, config, listener);
        cache.put(key, response);
        return response;
    }

    @Override
    public String toString() {
        return "CachedLlmProvider[" + delegate() + ", size=" + cache.estimatedSize() + ", hits=" + hits()
                + ", misses=" + misses() + "]";
    }

    private boolean cacheable(LlmConfig config) {
        return cacheNonDeterministic || (config.temperature() != null && config.temperature() == 0.0);
    }

    /**
     * SHA-256 over a canonical JSON serialisation of everything that shapes the answer. Tool schemas are
     * written with sorted keys so two equal schemas built in another field order share a key.
     */
    String key(List<Message> messages, LlmConfig config) {
        MessageDigest digest = sha256();
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(new DigestSink(digest))) {
            g.writeStartObject();
            g.writeStringField("model", config.model() == null ? delegate().defaultModel() : config.model());
            g.writeArrayFieldStart("messages");
            for (Message m : messages) {
                g.writeStartObject();
                g.writeStringField("role", m.role().wireName());
                g.writeStringField("content", m.content());
                if (m.hasToolCalls()) {
                    g.writeArrayFieldStart("tool_calls");
                    for (ToolCall call : m.toolCalls()) {
                        g.writeStartObject();
                        g.writeStringField("id", call.id());
                        g.writeStringField("name", call.name());
                        g.writeStringField("arguments", call.arguments());
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                }
                if (m.toolCallId() != null) {
                    g.writeStringField("tool_call_id", m.toolCallId());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("tools");
            for (ToolDefinition tool : config.tools()) {
                g.writeStartObject();
                g.writeStringField("name", tool.name());
                g.writeStringField("description", tool.description());
                g.writeFieldName("parameters");
                writeCanonical(g, tool.parameters());
                g.writeEndObject();
            }
            g.writeEndArray();
            writeNullable(g, "temperature", config.temperature());
            writeNullable(g, "top_p", config.topP());
            writeNullable(g, "max_tokens", config.maxTokens());
            g.writeArrayFieldStart("stop");
            for (String s : config.stop()) {
                g.writeString(s);
            }
            g.writeEndArray();
            g.writeStringField("tool_choice", config.toolChoice());
            g.writeStringField("response_format", config.responseFormat().name());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build a cache key", e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void writeNullable(JsonGenerator g, String field, @Nullable Number value) throws IOException {
        g.writeFieldName(field);
        if (value == null) {
            g.writeNull();
        } else {
            g.writeString(value.toString());
        }
    }

    private static void writeCanonical(JsonGenerator g, JsonNode node) throws IOException {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            Iterator<String> it = node.fieldNames();
            it.forEachRemaining(names::add);
            names.sort(null);
            g.writeStartObject();
            for (String name : names) {
                g.writeFieldName(name);
                writeCanonical(g, node.get(name));
            }
            g.writeEndObject();
        } else if (node.isArray()) {
            g.writeStartArray();
            for (JsonNode element : node) {
                writeCanonical(g, element);
            }
            g.writeEndArray();
        } else {
            g.writeTree(node);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Feeds the generator's bytes straight into the digest: the serialisation is never held whole. */
    private static final class DigestSink extends OutputStream {
        private final MessageDigest digest;

        DigestSink(MessageDigest digest) {
            this.digest = digest;
        }

        @Override
        public void write(int b) {
            digest.update((byte) b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            digest.update(b, off, len);
        }
    }

    /** Settings of a response cache. */
    public static final class Builder {
        private final LlmProvider delegate;
        private long maximumSize = 1_000;
        private Duration timeToLive = Duration.ofMinutes(10);
        private boolean cacheNonDeterministic;
        private @Nullable MeterRegistry meterRegistry;
        private Ticker ticker = Ticker.systemTicker();

        private Builder(LlmProvider delegate) {
            this.delegate = Objects.requireNonNull(delegate, "delegate");
        }

        /** Most answers held; the least recently useful are evicted first. */
        public Builder maximumSize(long value) {
            if (value < 1) {
                throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "maximumSize must be at least 1");
            }
            this.maximumSize = value;
            return this;
        }

        /** How long an answer stays valid after it was stored. */
        public Builder timeToLive(Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "timeToLive must be positive");
            }
            this.timeToLive = value;
            return this;
        }

        /** Also cache requests with a temperature above 0 (or none), replaying one sampled answer. */
        public Builder cacheNonDeterministic(boolean value) {
            this.cacheNonDeterministic = value;
            return this;
        }

        /**
         * Publishes the cache's statistics there with Micrometer's Caffeine binder: {@code cache.gets}
         * ({@code result=hit|miss}), {@code cache.puts}, {@code cache.evictions}, {@code cache.size}, tagged
         * {@code cache=}{@value #CACHE_NAME} and {@code model_kind}.
         */
        public Builder meterRegistry(MeterRegistry value) {
            this.meterRegistry = value;
            return this;
        }

        /** The clock of the time to live; tests move a fake one instead of sleeping. */
        Builder ticker(Ticker value) {
            this.ticker = Objects.requireNonNull(value, "ticker");
            return this;
        }

        public CachedLlmProvider build() {
            return new CachedLlmProvider(this);
        }
    }
}
