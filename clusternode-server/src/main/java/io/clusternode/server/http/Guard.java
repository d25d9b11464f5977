package io.clusternode.server.http;

import io.clusternode.server.ServerConfig;
import io.clusternode.server.metrics.ServerMetrics;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * What every request passes first: a request id (the caller's {@code X-Request-Id} when it is a plain token,
 * else a new one) in the response and in the logs' MDC as {@code requestId}; CORS; the API key check; then,
 * once answered, one access-log line (logger {@code io.clusternode.server.access}) and the HTTP metrics.
 * The {@code Authorization} header is never logged.
 */
public final class Guard implements Filter {

    public static final HeaderName REQUEST_ID = HeaderNames.create("X-Request-Id");
    private static final Logger ACCESS = LoggerFactory.getLogger("io.clusternode.server.access");
    private static final Pattern PLAIN_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final ApiKeys keys;
    private final boolean authPlayground;
    private final boolean authMetrics;
    private final List<String> corsOrigins;
    private final ServerMetrics metrics;

    /** The filter for {@code config}'s keys, CORS origins and protected paths. */
    public Guard(ServerConfig config, ServerMetrics metrics) {
        this.keys = new ApiKeys(config.apiKeys());
        this.authPlayground = config.authPlayground();
        this.authMetrics = config.authMetrics();
        this.corsOrigins = config.corsOrigins();
        this.metrics = metrics;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        long start = System.nanoTime();
        String requestId = req.headers().first(REQUEST_ID).filter(id -> PLAIN_ID.matcher(id).matches())
                .orElseGet(Guard::newRequestId);
        res.header(REQUEST_ID, requestId);
        MDC.put("requestId", requestId);
        String path = req.path().path();
        try {
            if (cors(req, res)) {
                return;
            }
            if (needsKey(path) && !keys.accepts(req.headers().first(HeaderNames.AUTHORIZATION).orElse(null))) {
                Responses.error(res, ApiError.unauthorized());
                return;
            }
            chain.proceed();
        } finally {
            long nanos = System.nanoTime() - start;
            int status = res.status().code();
            String route = req.matchingPattern().orElse(status == 404 ? "unmatched" : routeOf(path));
            metrics.httpRequest(route, req.prologue().method().text(), status, nanos);
            if (ACCESS.isInfoEnabled()) {
                ACCESS.info("{} {} {} {} {}B {}ms id={}", req.remotePeer().host(), req.prologue().method().text(),
                        path, status, res.bytesWritten(), nanos / 1_000_000, requestId);
            }
            MDC.remove("requestId");
        }
    }

    /** A random 128-bit id in UUID form; not from SecureRandom, which would be a shared, slower source. */
    static String newRequestId() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    private boolean needsKey(String path) {
        if (!keys.enabled()) {
            return false;
        }
        if (path.startsWith("/v1/") || path.equals("/v1") || path.startsWith("/api/") || path.equals("/api")
                || path.equals("/mcp") || path.startsWith("/mcp/")) {
            return true;
        }
        if (path.equals("/metrics")) {
            return authMetrics;
        }
        return authPlayground && (path.equals("/") || path.startsWith("/playground/"));
    }

    /** Adds CORS headers for an allowed origin; answers a preflight itself (returns true then). */
    private boolean cors(RoutingRequest req, RoutingResponse res) {
        if (corsOrigins.isEmpty()) {
            return false;
        }
        String origin = req.headers().first(HeaderNames.ORIGIN).orElse(null);
        if (origin == null || !(corsOrigins.contains("*") || corsOrigins.contains(origin))) {
            return false;
        }
        res.header(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, corsOrigins.contains("*") ? "*" : origin);
        res.header(HeaderNames.create("Vary"), "Origin");
        res.header(HeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, "X-Request-Id, Retry-After, Mcp-Session-Id");
        if (req.prologue().method().equals(Method.OPTIONS)
                && req.headers().contains(HeaderNames.ACCESS_CONTROL_REQUEST_METHOD)) {
            res.header(HeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "GET, POST, DELETE, OPTIONS");
            res.header(HeaderNames.ACCESS_CONTROL_ALLOW_HEADERS,
                    "Authorization, Content-Type, X-Session-Id, X-Request-Id, Mcp-Session-Id, MCP-Protocol-Version,"
                            + " Last-Event-ID");
            res.header(HeaderNames.ACCESS_CONTROL_MAX_AGE, "600");
            res.status(204).send();
            return true;
        }
        return false;
    }

    /** A bounded route label for requests answered before routing (401, CORS preflight). */
    private static String routeOf(String path) {
        if (path.startsWith("/v1")) {
            return "/v1/*";
        }
        if (path.startsWith("/api")) {
            return "/api/*";
        }
        if (path.startsWith("/mcp")) {
            return "/mcp";
        }
        return "other";
    }
}
