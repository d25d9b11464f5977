package io.clusternode.memory.redis;

import io.clusternode.core.memory.MemorySpec;
import io.clusternode.core.spi.MemoryProvider;
import io.clusternode.core.spi.MemoryProviderFactory;
import io.clusternode.core.spi.Settings;
import java.time.Duration;

/**
 * {@code redis://[[USER]:PASSWORD@]HOST[:PORT][/DB][?prefix=P&ttl=SECONDS&max=N&pool=N&timeout=SECONDS]}
 * ({@code rediss://} for TLS): a {@link RedisMemory}. A missing password falls back to the setting
 * {@code REDIS_PASSWORD}; missing {@code max} / {@code ttl} to {@code MEMORY_MAX_MESSAGES} /
 * {@code MEMORY_TTL_SECONDS}.
 */
public final class RedisMemoryFactory implements MemoryProviderFactory {

    private static final String USAGE = "; use redis://[:PASSWORD@]HOST[:PORT][/DB][?prefix=P&ttl=SECONDS&max=N]";

    @Override
    public boolean accepts(String spec) {
        return spec.startsWith("redis://") || spec.startsWith("rediss://");
    }

    @Override
    public String description() {
        return "redis://[:PASSWORD@]HOST[:PORT][/DB][?prefix=P&ttl=SECONDS&max=N]  shared memory in Redis";
    }

    @Override
    public MemoryProvider create(String spec, Settings settings) {
        return parse(spec, settings);
    }

    /**
     * Parses a specification without connecting.
     *
     * @throws io.clusternode.core.error.NodeExecutionException with {@code INVALID_INPUT} for a malformed URL or a
     *                                                          bad, unknown or repeated parameter; messages show
     *                                                          the specification redacted
     */
    public static RedisMemory parse(String spec, Settings settings) {
        MemorySpec parsed = MemorySpec.parse(spec, "Redis");
        MemorySpec.Server server = parsed.server(USAGE.substring(2));
        String user = server.user();
        String password = server.password();
        if (user != null && password == null) {
            // redis://PASSWORD@host is the common shorthand for the default user's password.
            password = user;
            user = null;
        }
        user = user == null || user.isEmpty() ? null : user;
        password = password == null || password.isEmpty() ? settings.get("REDIS_PASSWORD").orElse(null) : password;
        int database = 0;
        if (!server.path().isEmpty()) {
            try {
                database = Integer.parseInt(server.path());
            } catch (NumberFormatException e) {
                throw parsed.invalid("has a database that is not a number" + USAGE);
            }
        }
        RedisMemoryOptions defaults = RedisMemoryOptions.defaults();
        RedisMemoryOptions options = new RedisMemoryOptions(parsed.options(settings),
                parsed.takeInt(MemorySpec.POOL).orElse(defaults.poolSize()),
                parsed.take(MemorySpec.PREFIX).orElse(defaults.keyPrefix()),
                parsed.takeInt("timeout").map(s -> Duration.ofSeconds(s)).orElse(defaults.timeout()));
        parsed.requireNoneLeft("prefix, ttl, max, pool, timeout");
        int port = server.port() < 0 ? 6379 : server.port();
        return new RedisMemory(new RedisConnection(server.host(), port, user, password, database,
                "rediss".equals(server.scheme())), options);
    }
}
