package io.clusternode.memory.redis;

import io.clusternode.core.memory.MemorySpec;
import io.clusternode.core.spi.MemoryProvider;
import io.clusternode.core.spi.MemoryProviderFactory;
import io.clusternode.core.spi.Settings;
import java.net.URI;
import java.net.URISyntaxException;
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
        URI uri;
        try {
            uri = new URI(parsed.beforeQuery());
        } catch (URISyntaxException e) {
            throw parsed.invalid("is not a valid URL" + USAGE);
        }
        if (uri.getHost() == null) {
            throw parsed.invalid("has no host" + USAGE);
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String info = uri.getRawUserInfo();
            int colon = info.indexOf(':');
            user = MemorySpec.decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? null : MemorySpec.decode(info.substring(colon + 1));
            if (colon < 0) {
                // redis://PASSWORD@host is the common shorthand for the default user's password.
                password = user;
                user = null;
            }
        }
        user = user == null || user.isEmpty() ? null : user;
        password = password == null || password.isEmpty() ? settings.get("REDIS_PASSWORD").orElse(null) : password;
        int database = 0;
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (path.length() > 1) {
            try {
                database = Integer.parseInt(path.substring(1));
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
        int port = uri.getPort() < 0 ? 6379 : uri.getPort();
        return new RedisMemory(new RedisConnection(uri.getHost(), port, user, password, database,
                "rediss".equals(uri.getScheme())), options);
    }
}
