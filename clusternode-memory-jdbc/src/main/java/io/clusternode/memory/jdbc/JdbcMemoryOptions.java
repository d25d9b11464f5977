package io.clusternode.memory.jdbc;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.memory.WindowMemory;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Settings shared by the SQL memories.
 *
 * @param maxMessages non-system messages kept per session (the window)
 * @param ttl         idle time after which a session expires; {@link Duration#ZERO} never expires
 * @param poolSize    connections in the pool (for SQLite: reader connections; writes use one more)
 * @param tablePrefix prepended to every table name, so several stores can share one database
 */
public record JdbcMemoryOptions(int maxMessages, Duration ttl, int poolSize, String tablePrefix) {

    public static final int DEFAULT_POOL_SIZE = 4;
    public static final String DEFAULT_TABLE_PREFIX = "clusternode_";

    private static final Pattern PREFIX = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,30}");

    public JdbcMemoryOptions {
        if (maxMessages < 1) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "max messages must be at least 1, was " + maxMessages);
        }
        if (ttl == null || ttl.isNegative()) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "ttl must be zero (never expire) or positive");
        }
        if (poolSize < 1 || poolSize > 256) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "pool size must be 1..256, was " + poolSize);
        }
        if (tablePrefix == null || !PREFIX.matcher(tablePrefix).matches()) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "table prefix '" + tablePrefix
                    + "' must be a letter or '_' followed by up to 30 letters, digits or '_'");
        }
    }

    /** Window memory's defaults: 100 messages, one hour idle TTL, 4 connections, prefix {@code clusternode_}. */
    public static JdbcMemoryOptions defaults() {
        return new JdbcMemoryOptions(WindowMemory.DEFAULT_MAX_MESSAGES, WindowMemory.DEFAULT_TTL, DEFAULT_POOL_SIZE,
                DEFAULT_TABLE_PREFIX);
    }

    public JdbcMemoryOptions withMaxMessages(int value) {
        return new JdbcMemoryOptions(value, ttl, poolSize, tablePrefix);
    }

    public JdbcMemoryOptions withTtl(Duration value) {
        return new JdbcMemoryOptions(maxMessages, value, poolSize, tablePrefix);
    }

    public JdbcMemoryOptions withPoolSize(int value) {
        return new JdbcMemoryOptions(maxMessages, ttl, value, tablePrefix);
    }

    public JdbcMemoryOptions withTablePrefix(String value) {
        return new JdbcMemoryOptions(maxMessages, ttl, poolSize, value);
    }
}
