package io.clusternode.memory.jdbc;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.spi.Settings;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The query parameters of a memory specification ({@code ?max=100&ttl=3600&pool=4&prefix=cn_}): the memory's
 * own ones are taken out, the rest stay for the driver. Settings ({@code MEMORY_MAX_MESSAGES},
 * {@code MEMORY_TTL_SECONDS}) fill in what the specification leaves out.
 */
final class SpecParameters {

    static final String MAX = "max";
    static final String TTL = "ttl";
    static final String POOL = "pool";
    static final String PREFIX = "prefix";

    private SpecParameters() {
    }

    /** Decoded {@code key=value} pairs of a query string, in order. */
    static Map<String, String> parse(String query, String spec) {
        Map<String, String> values = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return values;
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "memory parameter '" + pair + "' in '"
                        + redact(spec) + "' must be KEY=VALUE");
            }
            values.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
        }
        return values;
    }

    static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** Takes the memory's own parameters out of {@code parameters} and applies them to the defaults. */
    static JdbcMemoryOptions options(Map<String, String> parameters, Settings settings) {
        JdbcMemoryOptions options = JdbcMemoryOptions.defaults();
        String max = parameters.remove(MAX);
        max = max != null ? max : settings.get("MEMORY_MAX_MESSAGES").orElse(null);
        if (max != null) {
            options = options.withMaxMessages(integer(MAX, max));
        }
        String ttl = parameters.remove(TTL);
        ttl = ttl != null ? ttl : settings.get("MEMORY_TTL_SECONDS").orElse(null);
        if (ttl != null) {
            options = options.withTtl(Duration.ofSeconds(integer(TTL, ttl)));
        }
        String pool = parameters.remove(POOL);
        if (pool != null) {
            options = options.withPoolSize(integer(POOL, pool));
        }
        String prefix = parameters.remove(PREFIX);
        if (prefix != null) {
            options = options.withTablePrefix(prefix);
        }
        return options;
    }

    private static int integer(String name, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "memory parameter '" + name
                    + "' must be a whole number, was '" + value + "'");
        }
    }

    /** The specification with any password replaced, for messages. */
    static String redact(String spec) {
        String redacted = spec.replaceAll("(://[^:/@?]*:)[^@/?]*@", "$1***@");
        return redacted.replaceAll("(?i)([?&]password=)[^&]*", "$1***");
    }
}
