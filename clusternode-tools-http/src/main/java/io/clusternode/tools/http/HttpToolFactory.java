package io.clusternode.tools.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.json.Json;
import io.clusternode.core.spi.Settings;
import io.clusternode.core.spi.ToolProvider;
import io.clusternode.core.spi.ToolProviderFactory;
import io.clusternode.core.tool.ToolKinds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Tool kind {@value #KIND}. Without options ({@code --tool http}): {@code http_request}, a GET of a public URL
 * the model gives. With options (a tools file entry): {@code name}, {@code description}, {@code method},
 * {@code url}, {@code query}, {@code headers}, {@code body} (text or a JSON object), {@code placeholders}
 * ({@code [{name, description, type, required}]}), {@code auth} ({@code {type: bearer, token: SETTING}},
 * {@code {type: basic, user: SETTING, password: SETTING}} or {@code {type: header, name: HEADER, value: SETTING}} or
 * {@code {type: query, name: PARAMETER, value: SETTING}}:
 * setting names, never the secrets themselves), {@code allow}, {@code timeoutSeconds}, {@code maxResponseBytes},
 * {@code maxResultChars} and {@code optimizeResponse}.
 */
public final class HttpToolFactory implements ToolProviderFactory {

    public static final String KIND = "http";

    private static final Set<String> OPTIONS = Set.of("name", "description", "method", "url", "query",
            "headers", "body", "placeholders", "auth", "allow", "timeoutSeconds", "maxResponseBytes", "maxResultChars",
            "optimizeResponse");

    /** The tool {@code --tool http} gives: a GET of a public URL that the model chooses. */
    public static HttpToolConfig generic() {
        return HttpToolConfig.get("http_request", "Fetches a public web page or JSON API with HTTP GET and returns its"
                + " text (HTML reduced to text, long responses cut). Private and local addresses are refused.",
                "{url}", List.of(new HttpToolConfig.Placeholder("url", "The full http:// or https:// URL to fetch",
                        HttpToolConfig.Type.STRING, true)));
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String description() {
        return "HTTP requests as tools, with {placeholders} the model fills; private addresses refused unless"
                + " allow-listed.";
    }

    @Override
    public List<ToolProvider> create(JsonNode options, Settings settings) {
        return List.of(new HttpRequestTool(config(options, settings)));
    }

    /**
     * The configuration an options object describes ({@link #generic()} for no options).
     *
     * @throws NodeExecutionException {@code INVALID_INPUT} for unknown or invalid options,
     *         {@code MISSING_CREDENTIAL} for an auth setting that is not set
     */
    public static HttpToolConfig config(JsonNode options, Settings settings) {
        ToolKinds.requireKnownOptions("http tool", options, OPTIONS);
        if (!options.has("url")) {
            if (options.size() > (options.has("kind") ? 1 : 0)) {
                throw invalid("'url' is required");
            }
            return generic();
        }
        String name = options.path("name").asText("http_request");
        JsonNode body = options.get("body");
        String bodyText = body == null || body.isNull() ? null : body.isTextual() ? body.asText() : Json.write(body);
        List<HttpToolConfig.Placeholder> placeholders = new ArrayList<>();
        for (JsonNode entry : options.path("placeholders")) {
            String type = entry.path("type").asText("string").toUpperCase(Locale.ROOT);
            HttpToolConfig.Type parsed;
            try {
                parsed = HttpToolConfig.Type.valueOf(type);
            } catch (IllegalArgumentException e) {
                throw invalid("placeholder type must be string, number, integer, boolean or json");
            }
            placeholders.add(new HttpToolConfig.Placeholder(entry.path("name").asText(),
                    entry.path("description").asText(null), parsed, entry.path("required").asBoolean(true)));
        }
        List<String> allow = new ArrayList<>();
        options.path("allow").forEach(entry -> allow.add(entry.asText()));
        return new HttpToolConfig(name, options.path("description").asText(null), options.path("method").asText("GET"),
                options.path("url").asText(), strings(options.get("query")), strings(options.get("headers")), bodyText,
                placeholders, auth(options.get("auth"), settings), allow,
                options.has("timeoutSeconds") ? Duration.ofMillis(Math.round(options.get("timeoutSeconds").asDouble()
                        * 1000)) : null,
                options.path("maxResponseBytes").asLong(0), options.path("maxResultChars").asInt(0),
                options.path("optimizeResponse").asBoolean(true));
    }

    private static Map<String, String> strings(JsonNode values) {
        Map<String, String> result = new LinkedHashMap<>();
        if (values != null) {
            if (!values.isObject()) {
                throw invalid("'query' and 'headers' must be objects of names to values");
            }
            values.properties().forEach(entry -> result.put(entry.getKey(), entry.getValue().asText()));
        }
        return result;
    }

    private static HttpToolConfig.Auth auth(JsonNode auth, Settings settings) {
        if (auth == null || auth.isNull()) {
            return new HttpToolConfig.Auth.None();
        }
        return switch (auth.path("type").asText("")) {
            case "bearer" -> new HttpToolConfig.Auth.Bearer(secret(auth, "token", settings));
            case "basic" -> new HttpToolConfig.Auth.Basic(secret(auth, "user", settings),
                    secret(auth, "password", settings));
            case "header" -> {
                String header = auth.path("name").asText("");
                if (header.isBlank()) {
                    throw invalid("header auth needs the header's 'name'");
                }
                yield new HttpToolConfig.Auth.Header(header, secret(auth, "value", settings));
            }
            case "query" -> {
                String parameter = auth.path("name").asText("");
                if (parameter.isBlank()) {
                    throw invalid("query auth needs the query parameter's 'name'");
                }
                yield new HttpToolConfig.Auth.Query(parameter, secret(auth, "value", settings));
            }
            default -> throw invalid("auth type must be bearer, basic, header or query");
        };
    }

    /** A credential: the option names a setting (environment or configuration file), never holds the secret. */
    private static String secret(JsonNode auth, String field, Settings settings) {
        String setting = auth.path(field).asText("");
        if (setting.isBlank()) {
            throw invalid(auth.path("type").asText() + " auth needs '" + field + "': the name of the setting that holds"
                    + " it");
        }
        return settings.get(setting).orElseThrow(() -> new NodeExecutionException(ErrorCode.MISSING_CREDENTIAL,
                "http tool: the setting " + setting + " (" + field + " of the " + auth.path("type").asText()
                        + " auth) is not set (environment or configuration file)"));
    }

    private static NodeExecutionException invalid(String message) {
        return new NodeExecutionException(ErrorCode.INVALID_INPUT, "http tool: " + message);
    }
}
