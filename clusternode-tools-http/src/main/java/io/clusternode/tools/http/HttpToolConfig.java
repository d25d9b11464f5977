package io.clusternode.tools.http;

import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP request offered as a tool, with n8n's HTTP Request tool semantics: the URL, query values, header
 * values and body may hold {@code {placeholders}} that the model fills; each placeholder becomes a typed,
 * described argument in the tool's schema.
 *
 * @param name the tool's name
 * @param description what the request does, for the model
 * @param method GET, POST, PUT, PATCH, DELETE or HEAD
 * @param url the URL template, e.g. {@code https://api.example.com/weather/{city}}
 * @param query query parameters (values are templates); a parameter whose value is one optional placeholder
 *        the model left out is omitted
 * @param headers request headers (values are templates)
 * @param body the body template (JSON placeholders: strings are escaped, other types inserted as JSON), or null
 * @param placeholders the placeholders' descriptions and types; a placeholder used but not listed is a
 *        required string
 * @param auth credentials sent with every request, never shown to the model or printed
 * @param allow host names, addresses or CIDR ranges that may be private (loopback, RFC 1918, link-local)
 * @param timeout the whole request's time limit, redirects included
 * @param maxResponseBytes the most bytes read from a response body
 * @param maxResultChars the most characters handed to the model
 * @param optimizeResponse true to keep JSON compact and reduce HTML to its text
 */
public record HttpToolConfig(String name, String description, String method, String url, Map<String, String> query,
        Map<String, String> headers, String body, List<Placeholder> placeholders, Auth auth, List<String> allow,
        Duration timeout, long maxResponseBytes, int maxResultChars, boolean optimizeResponse) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final long DEFAULT_MAX_RESPONSE_BYTES = 2L * 1024 * 1024;
    public static final int DEFAULT_MAX_RESULT_CHARS = 20_000;

    /** The JSON types a placeholder may have. */
    public enum Type { STRING, NUMBER, INTEGER, BOOLEAN, JSON }

    /**
     * A value the model fills.
     *
     * @param name as written between braces
     * @param description what to put there, for the model
     * @param type its JSON type
     * @param required false when the model may leave it out (it is then left empty, or its query parameter
     *        omitted)
     */
    public record Placeholder(String name, String description, Type type, boolean required) {
        public Placeholder {
            Objects.requireNonNull(name, "name");
            type = type == null ? Type.STRING : type;
        }
    }

    /** Credentials, from settings; their values never reach the model, a message, a log or {@code toString()}. */
    public sealed interface Auth {
        /** No credentials. */
        record None() implements Auth {
        }

        /** {@code Authorization: Bearer TOKEN}. */
        record Bearer(String token) implements Auth {
            @Override
            public String toString() {
                return "Bearer[***]";
            }
        }

        /** HTTP basic authentication. */
        record Basic(String user, String password) implements Auth {
            @Override
            public String toString() {
                return "Basic[***]";
            }
        }

        /** A query parameter of the API's choosing, e.g. {@code api_key}; messages show its value masked. */
        record Query(String parameter, String value) implements Auth {
            @Override
            public String toString() {
                return "Query[" + parameter + "=***]";
            }
        }

        /** A header of the API's choosing, e.g. {@code X-Api-Key}. */
        record Header(String header, String value) implements Auth {
            @Override
            public String toString() {
                return "Header[" + header + ": ***]";
            }
        }
    }

    public HttpToolConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        description = description == null ? "Sends an HTTP request to " + url + " and returns the response." : description;
        method = method == null ? "GET" : method.toUpperCase(java.util.Locale.ROOT);
        if (!List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD").contains(method)) {
            throw new NodeExecutionException(ErrorCode.INVALID_INPUT, "http tool '" + name
                    + "': method must be GET, POST, PUT, PATCH, DELETE or HEAD");
        }
        // Query parameters and headers are sent in the order given.
        query = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(query == null ? Map.of() : query));
        headers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(headers == null ? Map.of()
                : headers));
        placeholders = List.copyOf(placeholders == null ? List.of() : placeholders);
        auth = auth == null ? new Auth.None() : auth;
        allow = List.copyOf(allow == null ? List.of() : allow);
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        maxResponseBytes = maxResponseBytes <= 0 ? DEFAULT_MAX_RESPONSE_BYTES : maxResponseBytes;
        maxResultChars = maxResultChars <= 0 ? DEFAULT_MAX_RESULT_CHARS : maxResultChars;
    }

    /** A GET of a URL template with the defaults: no credentials, nothing allow-listed. */
    public static HttpToolConfig get(String name, String description, String url, List<Placeholder> placeholders) {
        return new HttpToolConfig(name, description, "GET", url, null, null, null, placeholders, null, null, null, 0, 0,
                true);
    }

    public HttpToolConfig withAllow(List<String> value) {
        return new HttpToolConfig(name, description, method, url, query, headers, body, placeholders, auth, value,
                timeout, maxResponseBytes, maxResultChars, optimizeResponse);
    }

    public HttpToolConfig withAuth(Auth value) {
        return new HttpToolConfig(name, description, method, url, query, headers, body, placeholders, value, allow,
                timeout, maxResponseBytes, maxResultChars, optimizeResponse);
    }

    public HttpToolConfig withRequest(String newMethod, Map<String, String> newQuery, Map<String, String> newHeaders,
            String newBody) {
        return new HttpToolConfig(name, description, newMethod, url, newQuery, newHeaders, newBody, placeholders, auth,
                allow, timeout, maxResponseBytes, maxResultChars, optimizeResponse);
    }

    public HttpToolConfig withLimits(Duration newTimeout, long newMaxResponseBytes, int newMaxResultChars) {
        return new HttpToolConfig(name, description, method, url, query, headers, body, placeholders, auth, allow,
                newTimeout, newMaxResponseBytes, newMaxResultChars, optimizeResponse);
    }
}
