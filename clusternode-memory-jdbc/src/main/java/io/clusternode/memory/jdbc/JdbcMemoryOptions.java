package io.clusternode.memory.jdbc;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.memory.MemoryArguments;
import io.clusternode.core.memory.MemoryOptions;
import io.clusternode.core.memory.MemorySpec;
import io.clusternode.core.spi.Settings;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Settings of the SQL memories: the common {@link MemoryOptions} plus a pool and a table prefix.
 * A value out of range fails with a {@code NodeExecutionException} ({@code INVALID_INPUT}).
 *
 * @param memory      window and idle TTL
 * @param poolSize    connections in the pool, 1..256 (for SQLite: reader connections; writes use one more)
 * @param tablePrefix prepended to every table name, so several stores can share one database
 */
public record JdbcMemoryOptions(MemoryOptions memory, int poolSize, String tablePrefix) {

    /** Default pool size. */
    public static final int DEFAULT_POOL_SIZE = 8;
    /** Default table prefix. */
    public static final String DEFAULT_TABLE_PREFIX = "clusternode_";

    private static final Pattern PREFIX = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,30}");

    public JdbcMemoryOptions {
        if (memory == null) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "memory options must not be null");
        }
        MemoryArguments.requirePoolSize(poolSize, 256);
        if (tablePrefix == null || !PREFIX.matcher(tablePrefix).matches()) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT,
                    "table prefix must be a letter or '_' followed by up to 30 letters, digits or '_'");
        }
    }

    /** 100 messages, one hour idle TTL, {@value #DEFAULT_POOL_SIZE} connections, prefix {@code clusternode_}. */
    public static JdbcMemoryOptions defaults() {
        return new JdbcMemoryOptions(MemoryOptions.defaults(), DEFAULT_POOL_SIZE, DEFAULT_TABLE_PREFIX);
    }

    /**
     * Takes {@code max}, {@code ttl}, {@code pool} and {@code prefix} out of a specification (settings fill in
     * {@code max} and {@code ttl}).
     *
     * @throws NodeExecutionException with {@code INVALID_INPUT} for a bad value
     */
    public static JdbcMemoryOptions from(MemorySpec spec, Settings settings) {
        JdbcMemoryOptions options = defaults();
        options = new JdbcMemoryOptions(spec.options(settings), options.poolSize, options.tablePrefix);
        options = options.withPoolSize(spec.takeInt(MemorySpec.POOL).orElse(options.poolSize));
        return options.withTablePrefix(spec.take(MemorySpec.PREFIX).orElse(options.tablePrefix));
    }

    public int maxMessages() {
        return memory.maxMessages();
    }

    public Duration ttl() {
        return memory.ttl();
    }

    public JdbcMemoryOptions withMaxMessages(int value) {
        return new JdbcMemoryOptions(memory.withMaxMessages(value), poolSize, tablePrefix);
    }

    public JdbcMemoryOptions withTtl(Duration value) {
        return new JdbcMemoryOptions(memory.withTtl(value), poolSize, tablePrefix);
    }

    public JdbcMemoryOptions withPoolSize(int value) {
        return new JdbcMemoryOptions(memory, value, tablePrefix);
    }

    public JdbcMemoryOptions withTablePrefix(String value) {
        return new JdbcMemoryOptions(memory, poolSize, value);
    }
}
