package io.clusternode.memory.redis;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.memory.WindowMemory;
import java.time.Duration;

/**
 * Settings of a {@link RedisMemory}.
 *
 * @param maxMessages non-system messages kept per session (the window)
 * @param ttl         idle time after which a session expires; {@link Duration#ZERO} never expires
 * @param poolSize    pooled connections
 * @param keyPrefix   prepended to every key, so several stores can share one Redis database
 */
public record RedisMemoryOptions(int maxMessages, Duration ttl, int poolSize, String keyPrefix) {

    public static final String DEFAULT_KEY_PREFIX = "clusternode:memory:";
    public static final int DEFAULT_POOL_SIZE = 16;

    public RedisMemoryOptions {
        if (maxMessages < 1) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "max messages must be at least 1, was " + maxMessages);
        }
        if (ttl == null || ttl.isNegative()) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "ttl must be zero (never expire) or positive");
        }
        if (!ttl.isZero() && ttl.toMillis() < 1) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "ttl must be at least a millisecond");
        }
        if (poolSize < 1 || poolSize > 1024) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "pool size must be 1..1024, was " + poolSize);
        }
        if (keyPrefix == null) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "key prefix must not be null (use \"\" for none)");
        }
    }

    /** Window memory's defaults: 100 messages, one hour idle TTL, 16 connections, prefix {@code clusternode:memory:}. */
    public static RedisMemoryOptions defaults() {
        return new RedisMemoryOptions(WindowMemory.DEFAULT_MAX_MESSAGES, WindowMemory.DEFAULT_TTL, DEFAULT_POOL_SIZE,
                DEFAULT_KEY_PREFIX);
    }

    public RedisMemoryOptions withMaxMessages(int value) {
        return new RedisMemoryOptions(value, ttl, poolSize, keyPrefix);
    }

    public RedisMemoryOptions withTtl(Duration value) {
        return new RedisMemoryOptions(maxMessages, value, poolSize, keyPrefix);
    }

    public RedisMemoryOptions withPoolSize(int value) {
        return new RedisMemoryOptions(maxMessages, ttl, value, keyPrefix);
    }

    public RedisMemoryOptions withKeyPrefix(String value) {
        return new RedisMemoryOptions(maxMessages, ttl, poolSize, value);
    }
}
