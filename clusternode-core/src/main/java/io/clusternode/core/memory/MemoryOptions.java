package io.clusternode.core.memory;

import java.time.Duration;

/**
 * The settings every memory backend has; backends compose it with their own (pool size, table or key prefix).
 * A value out of range fails with a {@code NodeExecutionException} ({@code INVALID_INPUT}).
 *
 * @param maxMessages non-system messages kept per session (the window), at least 1
 * @param ttl         idle time after which a session expires; {@link Duration#ZERO} never expires
 */
public record MemoryOptions(int maxMessages, Duration ttl) {

    /** Default window: 100 non-system messages. */
    public static final int DEFAULT_MAX_MESSAGES = 100;
    /** Default idle TTL: one hour. */
    public static final Duration DEFAULT_TTL = Duration.ofHours(1);

    public MemoryOptions {
        MemoryArguments.requireMaxMessages(maxMessages);
        MemoryArguments.requireTtl(ttl);
    }

    /** 100 messages, one hour idle TTL. */
    public static MemoryOptions defaults() {
        return new MemoryOptions(DEFAULT_MAX_MESSAGES, DEFAULT_TTL);
    }

    public MemoryOptions withMaxMessages(int value) {
        return new MemoryOptions(value, ttl);
    }

    public MemoryOptions withTtl(Duration value) {
        return new MemoryOptions(maxMessages, value);
    }

    /** The TTL in milliseconds, {@link Long#MAX_VALUE} for never. */
    public long ttlMillis() {
        return ttl.isZero() ? Long.MAX_VALUE : ttl.toMillis();
    }
}
