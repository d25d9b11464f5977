package io.clusternode.core.memory;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.secret.Redaction;
import io.clusternode.core.spi.Settings;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A memory specification as users type it ({@code sqlite:./chat.db?max=50}, {@code redis://h:6379?ttl=600}),
 * split into the part before the query and its decoded parameters. The memory's own parameters are taken out
 * one by one ({@link #options}, {@link #takeInt}, {@link #take}); what remains is for the driver or an error
 * ({@link #requireNoneLeft}).
 *
 * <p>Every message built here shows the specification only through {@link Redaction#url}, and describes bad
 * values without echoing them.
 */
public final class MemorySpec {

    /** Query parameter: non-system messages kept per session. */
    public static final String MAX = "max";
    /** Query parameter: idle TTL in seconds (0 never expires). */
    public static final String TTL = "ttl";
    /** Query parameter: connection pool size. */
    public static final String POOL = "pool";
    /** Query parameter: table or key prefix. */
    public static final String PREFIX = "prefix";
    /** Setting used when the specification has no {@code max}. */
    public static final String MAX_SETTING = "MEMORY_MAX_MESSAGES";
    /** Setting used when the specification has no {@code ttl}. */
    public static final String TTL_SETTING = "MEMORY_TTL_SECONDS";

    private final String spec;
    private final String backend;
    private final String beforeQuery;
    private final Map<String, String> parameters;

    private MemorySpec(String spec, String backend, String beforeQuery, Map<String, String> parameters) {
        this.spec = spec;
        this.backend = backend;
        this.beforeQuery = beforeQuery;
        this.parameters = parameters;
    }

    /**
     * Splits a specification at its first {@code ?} and decodes the {@code KEY=VALUE} parameters after it.
     *
     * @param spec    the specification
     * @param backend the backend's name for messages, e.g. {@code "SQLite"}
     * @throws NodeExecutionException with {@code INVALID_INPUT} for a parameter without a value or given twice
     */
    public static MemorySpec parse(String spec, String backend) {
        int question = spec.indexOf('?');
        String query = question < 0 ? "" : spec.substring(question + 1);
        int fragment = query.indexOf('#');
        if (fragment >= 0) {
            query = query.substring(0, fragment);
        }
        MemorySpec parsed = new MemorySpec(spec, backend, question < 0 ? spec : spec.substring(0, question),
                new LinkedHashMap<>());
        for (String pair : query.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw parsed.invalid("has a parameter without a value; use KEY=VALUE");
            }
            String key = decode(pair.substring(0, eq));
            if (parsed.parameters.putIfAbsent(key, decode(pair.substring(eq + 1))) != null) {
                throw parsed.invalid("gives parameter '" + Redaction.line(key, 40) + "' twice");
            }
        }
        return parsed;
    }

    /** Percent-decodes one part of a URL ({@code +} stays a plus). */
    public static String decode(String text) {
        try {
            return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT,
                    "a memory specification has an invalid percent escape");
        }
    }

    /** The specification as typed. Holds secrets: print {@link #redacted()} instead. */
    public String spec() {
        return spec;
    }

    /** The specification fit to print. */
    // Redaction.url returns null only for a null argument, and spec is never null (parse reads it).
    @SuppressWarnings("NullAway")
    public String redacted() {
        return Redaction.url(spec);
    }

    /** Everything before the first {@code ?}. */
    public String beforeQuery() {
        return beforeQuery;
    }

    /**
     * The server part of a URL specification ({@code scheme://[user[:password]@]host[:port][/path]}, an optional
     * {@code jdbc:} in front ignored).
     *
     * @param host     the host
     * @param port     the port, or -1 when none is given
     * @param user     the decoded user, or null
     * @param password the decoded password, or null when the user info has no colon
     * @param path     the path without its leading slash, "" when none
     * @param scheme   the scheme, e.g. {@code postgresql} or {@code rediss}
     */
    public record Server(String host, int port, @Nullable String user, @Nullable String password, String path,
                         String scheme) {

        /** Shows no password. */
        @Override
        public String toString() {
            return "Server[" + scheme + "://" + (user == null ? "" : user + "@") + host + ":" + port + "/" + path
                    + (password == null ? "" : ", password=" + Redaction.MASK) + "]";
        }
    }

    /**
     * Parses the part before the query as a URL with a host.
     *
     * @param usage what to suggest in the error, e.g. {@code "use redis://HOST:PORT"}
     * @throws NodeExecutionException with {@code INVALID_INPUT} when it is no valid URL or has no host or scheme
     */
    public Server server(String usage) {
        String url = beforeQuery.startsWith("jdbc:") ? beforeQuery.substring("jdbc:".length()) : beforeQuery;
        java.net.URI uri;
        try {
            uri = new java.net.URI(url);
        } catch (java.net.URISyntaxException e) {
            throw invalid("is not a valid URL; " + usage);
        }
        if (uri.getHost() == null) {
            throw invalid("has no host; " + usage);
        }
        if (uri.getScheme() == null) {
            // "//host/db" parses with a host but no scheme; Server promises one.
            throw invalid("has no scheme; " + usage);
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String info = uri.getRawUserInfo();
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? null : decode(info.substring(colon + 1));
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        return new Server(uri.getHost(), uri.getPort(), user, password, path.startsWith("/") ? path.substring(1) : path,
                uri.getScheme());
    }

    /** Takes a parameter out, if present. */
    public Optional<String> take(String name) {
        return Optional.ofNullable(parameters.remove(name));
    }

    /**
     * Takes a whole-number parameter out, if present.
     *
     * @throws NodeExecutionException with {@code INVALID_INPUT} when it is not a whole number
     */
    public Optional<Integer> takeInt(String name) {
        return take(name).map(value -> integer(value, "memory parameter '" + name + "'"));
    }

    /**
     * Takes {@code max} and {@code ttl} out, falling back to the settings {@value #MAX_SETTING} and
     * {@value #TTL_SETTING}, then to the defaults.
     *
     * @throws NodeExecutionException with {@code INVALID_INPUT} for a value that is not a whole number or out
     *                                of range
     */
    public MemoryOptions options(Settings settings) {
        MemoryOptions options = MemoryOptions.defaults();
        Optional<Integer> max = takeInt(MAX);
        if (max.isEmpty()) {
            max = settings.get(MAX_SETTING).map(value -> integer(value, MAX_SETTING));
        }
        if (max.isPresent()) {
            options = options.withMaxMessages(max.get());
        }
        Optional<Integer> ttl = takeInt(TTL);
        if (ttl.isEmpty()) {
            ttl = settings.get(TTL_SETTING).map(value -> integer(value, TTL_SETTING));
        }
        if (ttl.isPresent()) {
            options = options.withTtl(Duration.ofSeconds(ttl.get()));
        }
        return options;
    }

    /** The parameters not taken yet, in order (a copy). */
    public Map<String, String> remaining() {
        return new LinkedHashMap<>(parameters);
    }

    /**
     * Fails unless every parameter was taken.
     *
     * @param known the backend's parameters, for the message
     * @throws NodeExecutionException with {@code INVALID_INPUT} naming the unknown parameters
     */
    public void requireNoneLeft(String known) {
        if (!parameters.isEmpty()) {
            throw invalid("has unknown parameter(s) " + Redaction.line(String.join(", ", parameters.keySet()), 120)
                    + "; known: " + known);
        }
    }

    /** An {@code INVALID_INPUT} error about this specification, which it shows redacted. */
    public NodeExecutionException invalid(String problem) {
        return new NodeExecutionException(ErrorCode.INVALID_INPUT, backend + " memory '" + redacted() + "' " + problem);
    }

    private static int integer(String value, String what) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, what + " must be a whole number");
        }
    }

    @Override
    public String toString() {
        return "MemorySpec[" + redacted() + "]";
    }
}
