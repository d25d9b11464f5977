package io.clusternode.memory.redis;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.memory.MemoryArguments;
import io.clusternode.core.memory.MemoryOptions;
import java.time.Duration;

/**
 * Settings of a {@link RedisMemory}: the common {@link MemoryOptions} plus a pool, a key prefix and a timeout.
 * A value out of range fails with a {@code NodeExecutionException} ({@code INVALID_INPUT}).
 *
 * @param memory    window and idle TTL
 * @param poolSize  pooled connections, 1..1024
 * @param keyPrefix prepended to every key, so several stores can share one Redis database ("" for none)
 * @param timeout   bound on connecting, on each reply and on waiting for a pooled connection, at least 1 ms
 */
public record RedisMemoryOptions(MemoryOptions memory, int poolSize, String keyPrefix, Duration timeout) {

    /** Default key prefix. */
    public static final String DEFAULT_KEY_PREFIX = "clusternode:memory:";
    /** Default pool size. */
    public static final int DEFAULT_POOL_SIZE = 16;
    /** Default timeout: 10 seconds. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public RedisMemoryOptions {
        if (memory == null) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "memory options must not be null");
        }
        MemoryArguments.requirePoolSize(poolSize, 1024);
        if (keyPrefix == null) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "key prefix must not be null (use \"\" for none)");
        }
        if (timeout == null || timeout.toMillis() < 1 || timeout.toMillis() > Integer.MAX_VALUE) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "Redis timeout must be 1 ms .. 24 days");
        }
    }

    /** 100 messages, one hour idle TTL, 16 connections, prefix {@code clusternode:memory:}, 10 s timeout. */
    public static RedisMemoryOptions defaults() {
        return new RedisMemoryOptions(MemoryOptions.defaults(), DEFAULT_POOL_SIZE, DEFAULT_KEY_PREFIX, DEFAULT_TIMEOUT);
    }

    public int maxMessages() {
        return memory.maxMessages();
    }

    public Duration ttl() {
        return memory.ttl();
    }

    public RedisMemoryOptions withMaxMessages(int value) {
        return new RedisMemoryOptions(memory.withMaxMessages(value), poolSize, keyPrefix, timeout);
    }

    public RedisMemoryOptions withTtl(Duration value) {
        return new RedisMemoryOptions(memory.withTtl(value), poolSize, keyPrefix, timeout);
    }

    public RedisMemoryOptions withPoolSize(int value) {
        return new RedisMemoryOptions(memory, value, keyPrefix, timeout);
    }

    public RedisMemoryOptions withKeyPrefix(String value) {
        return new RedisMemoryOptions(memory, poolSize, value, timeout);
    }

    public RedisMemoryOptions withTimeout(Duration value) {
        return new RedisMemoryOptions(memory, poolSize, keyPrefix, value);
    }
}
