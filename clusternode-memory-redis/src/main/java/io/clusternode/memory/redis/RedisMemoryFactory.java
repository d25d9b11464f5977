package io.clusternode.memory.redis;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.spi.MemoryProvider;
import io.clusternode.core.spi.MemoryProviderFactory;
import io.clusternode.core.spi.Settings;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code redis://[[USER]:PASSWORD@]HOST[:PORT][/DB][?prefix=P&ttl=SECONDS&max=N&pool=N]} ({@code rediss://} for
 * TLS): a {@link RedisMemory}. A missing password falls back to the setting {@code REDIS_PASSWORD}; missing
 * {@code max} / {@code ttl} to {@code MEMORY_MAX_MESSAGES} / {@code MEMORY_TTL_SECONDS}.
 */
public final class RedisMemoryFactory implements MemoryProviderFactory {

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

    /** Parses a specification without connecting. */
    public static RedisMemory parse(String spec, Settings settings) {
        URI uri;
        try {
            uri = new URI(spec);
        } catch (URISyntaxException e) {
            throw invalid(spec, "is not a valid URL");
        }
        if (uri.getHost() == null) {
            throw invalid(spec, "has no host");
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String info = uri.getRawUserInfo();
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? null : decode(info.substring(colon + 1));
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
            database = integer("database", path.substring(1));
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw invalid(spec, "has parameter '" + decode(pair) + "' without a value; use KEY=VALUE");
                }
                parameters.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
            }
        }
        RedisMemoryOptions options = RedisMemoryOptions.defaults();
        String max = parameters.remove("max");
        max = max != null ? max : settings.get("MEMORY_MAX_MESSAGES").orElse(null);
        if (max != null) {
            options = options.withMaxMessages(integer("max", max));
        }
        String ttl = parameters.remove("ttl");
        ttl = ttl != null ? ttl : settings.get("MEMORY_TTL_SECONDS").orElse(null);
        if (ttl != null) {
            options = options.withTtl(Duration.ofSeconds(integer("ttl", ttl)));
        }
        String pool = parameters.remove("pool");
        if (pool != null) {
            options = options.withPoolSize(integer("pool", pool));
        }
        String prefix = parameters.remove("prefix");
        if (prefix != null) {
            options = options.withKeyPrefix(prefix);
        }
        if (!parameters.isEmpty()) {
            throw invalid(spec, "has unknown parameter(s) " + parameters.keySet() + "; known: prefix, ttl, max, pool");
        }
        int port = uri.getPort() < 0 ? 6379 : uri.getPort();
        return new RedisMemory(new RedisConnection(uri.getHost(), port, user, password, database,
                "rediss".equals(uri.getScheme())), options);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static int integer(String name, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "Redis memory parameter '" + name
                    + "' must be a whole number, was '" + value + "'");
        }
    }

    private static NodeExecutionException invalid(String spec, String problem) {
        String redacted = spec.replaceAll("(://[^@/?]*)@", "://***@").replaceFirst("://\\*\\*\\*@", "://***@");
        return new NodeExecutionException(ErrorCode.INVALID_INPUT, "Redis memory '" + redacted + "' " + problem
                + "; use redis://[:PASSWORD@]HOST[:PORT][/DB][?prefix=P&ttl=SECONDS&max=N]");
    }
}
