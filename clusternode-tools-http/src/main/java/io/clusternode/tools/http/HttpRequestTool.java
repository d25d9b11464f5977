package io.clusternode.tools.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.json.Json;
import io.clusternode.core.model.ToolDefinition;
import io.clusternode.core.secret.Redaction;
import io.clusternode.core.spi.ToolProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.URLEncoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.jsoup.Jsoup;

/**
 * An HTTP request as a tool ({@link HttpToolConfig}). Safe by default: every address the request would reach
 * — after DNS resolution and on every redirect — must be public unless allow-listed; the response is read up
 * to a byte limit within a time limit; credentials go into the request only. The model gets the response
 * optimised (JSON compact, HTML reduced to its text) and cut to a character limit, with a note when cut.
 */
public final class HttpRequestTool implements ToolProvider {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final int MAX_REDIRECTS = 5;
    private static final int ERROR_EXCERPT = 300;

    private final HttpToolConfig config;
    private final ToolDefinition tool;
    private final Map<String, HttpToolConfig.Placeholder> placeholders;
    private final AddressPolicy policy;
    private final OkHttpClient client;

    /**
     * @throws NodeExecutionException {@code INVALID_INPUT} for an invalid name, URL template or allow-list entry
     */
    public HttpRequestTool(HttpToolConfig config) {
        this.config = config;
        if (!config.name().matches("[A-Za-z0-9_-]{1,64}")) {
            throw invalid("a tool name has 1 to 64 letters, digits, '_' or '-'");
        }
        try {
            this.policy = new AddressPolicy(config.allow());
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
        this.placeholders = collectPlaceholders(config);
        this.tool = new ToolDefinition(config.name(), config.description(), schema(placeholders.values()));
        AddressPolicy checked = policy;
        this.client = new OkHttpClient.Builder()
                .followRedirects(false)
                .followSslRedirects(false)
                .callTimeout(config.timeout())
                .dns(host -> {
                    List<InetAddress> addresses = List.of(InetAddress.getAllByName(host));
                    for (InetAddress address : addresses) {
                        checked.check(host, address);
                    }
                    return addresses;
                })
                .build();
    }

    private Map<String, HttpToolConfig.Placeholder> collectPlaceholders(HttpToolConfig config) {
        Map<String, HttpToolConfig.Placeholder> found = new LinkedHashMap<>();
        List<String> templates = new ArrayList<>();
        templates.add(config.url());
        templates.addAll(config.query().values());
        templates.addAll(config.headers().values());
        if (config.body() != null) {
            templates.add(config.body());
        }
        for (String template : templates) {
            Matcher matcher = PLACEHOLDER.matcher(template);
            while (matcher.find()) {
                String name = matcher.group(1);
                HttpToolConfig.Placeholder declared = config.placeholders().stream()
                        .filter(p -> p.name().equals(name)).findFirst()
                        .orElse(new HttpToolConfig.Placeholder(name, null, HttpToolConfig.Type.STRING, true));
                found.putIfAbsent(name, declared);
            }
        }
        for (HttpToolConfig.Placeholder declared : config.placeholders()) {
            if (!found.containsKey(declared.name())) {
                throw invalid("placeholder '" + declared.name() + "' is described but used nowhere (write {"
                        + declared.name() + "} in the url, a query or header value, or the body)");
            }
        }
        return found;
    }

    private static JsonNode schema(Iterable<HttpToolConfig.Placeholder> placeholders) {
        ObjectNode schema = Json.object().put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = Json.MAPPER.createArrayNode();
        for (HttpToolConfig.Placeholder placeholder : placeholders) {
            ObjectNode property = properties.putObject(placeholder.name());
            if (placeholder.type() != HttpToolConfig.Type.JSON) {
                property.put("type", placeholder.type().name().toLowerCase(Locale.ROOT));
            }
            if (placeholder.description() != null && !placeholder.description().isBlank()) {
                property.put("description", placeholder.description());
            }
            if (placeholder.required()) {
                required.add(placeholder.name());
            }
        }
        if (!required.isEmpty()) {
            schema.set("required", required);
        }
        schema.put("additionalProperties", false);
        return schema;
    }

    @Override
    public ToolDefinition toolDefinition() {
        return tool;
    }

    @Override
    public String execute(JsonNode arguments) {
        HttpUrl url = url(arguments);
        Request.Builder request = new Request.Builder().url(url);
        config.headers().forEach((name, template) -> {
            String value = fill(template, arguments, Encoding.PLAIN);
            if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                throw toolError("header '" + name + "' may not contain line breaks");
            }
            request.header(name, value);
        });
        switch (config.auth()) {
            case HttpToolConfig.Auth.None none -> { }
            case HttpToolConfig.Auth.Bearer bearer -> request.header("Authorization", "Bearer " + bearer.token());
            case HttpToolConfig.Auth.Basic basic -> request.header("Authorization",
                    Credentials.basic(basic.user(), basic.password(), StandardCharsets.UTF_8));
            case HttpToolConfig.Auth.Header header -> request.header(header.header(), header.value());
            case HttpToolConfig.Auth.Query query -> request.url(url.newBuilder()
                    .addQueryParameter(query.parameter(), query.value()).build());
        }
        RequestBody body = null;
        if (config.body() != null && !config.method().equals("GET") && !config.method().equals("HEAD")) {
            String text = fill(config.body(), arguments, Encoding.JSON);
            String type = config.headers().getOrDefault("Content-Type", "application/json");
            body = RequestBody.create(text, MediaType.parse(type));
        } else if (config.method().matches("POST|PUT|PATCH")) {
            body = RequestBody.create(new byte[0]);
        }
        request.method(config.method(), body);
        return send(request.build(), 0);
    }

    private String send(Request request, int redirects) {
        checkLiteralHost(request.url());
        try (Response response = client.newCall(request).execute()) {
            if (response.isRedirect()) {
                String location = response.header("Location");
                HttpUrl next = location == null ? null : request.url().resolve(location);
                if (next == null) {
                    throw toolError("HTTP " + response.code() + " from " + shown(request.url())
                            + " redirects to no valid location");
                }
                if (redirects >= MAX_REDIRECTS) {
                    throw toolError("more than " + MAX_REDIRECTS + " redirects from " + shown(request.url()));
                }
                Request.Builder follow = request.newBuilder().url(next);
                if (!next.host().equals(request.url().host())) {
                    // Credentials are for the configured host only.
                    follow.removeHeader("Authorization");
                    if (config.auth() instanceof HttpToolConfig.Auth.Header header) {
                        follow.removeHeader(header.header());
                    }
                }
                if (response.code() == 303 || (response.code() <= 302 && !request.method().equals("HEAD"))) {
                    follow.method("GET", null);
                }
                return send(follow.build(), redirects + 1);
            }
            String text = read(response);
            if (!response.isSuccessful()) {
                throw toolError("HTTP " + response.code() + " from " + request.method() + " " + shown(request.url())
                        + (text.isBlank() ? "" : ": " + Redaction.line(text.length() > ERROR_EXCERPT
                        ? text.substring(0, ERROR_EXCERPT) : text)));
            }
            return text.isEmpty() ? "HTTP " + response.code() + " (no content)" : text;
        } catch (AddressPolicy.Refused e) {
            throw toolError("request to " + shown(request.url()) + " refused: " + e.getMessage());
        } catch (InterruptedIOException e) {
            throw new NodeExecutionException(ErrorCode.TIMEOUT, "http tool '" + config.name() + "': no complete"
                    + " response from " + shown(request.url()) + " within " + config.timeout().toMillis() + " ms");
        } catch (IOException e) {
            throw toolError("request to " + shown(request.url()) + " failed: " + Redaction.line(e.toString()));
        }
    }

    /** OkHttp connects to an IP address without asking the resolver, so such hosts are checked here. */
    private void checkLiteralHost(HttpUrl url) {
        if (!AddressPolicy.isLiteral(url.host())) {
            return;
        }
        try {
            policy.check(url.host(), InetAddress.getByName(url.host()));
        } catch (AddressPolicy.Refused e) {
            throw toolError("request to " + shown(url) + " refused: " + e.getMessage());
        } catch (java.net.UnknownHostException e) {
            throw toolError("request to " + shown(url) + " refused: the address is malformed");
        }
    }

    /** The body as text for the model: bounded in bytes read and characters returned, optimised by type. */
    private String read(Response response) throws IOException {
        ResponseBody body = response.body();
        byte[] bytes;
        boolean cut;
        try (InputStream in = body.byteStream()) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, config.maxResponseBytes() + 1));
        }
        cut = bytes.length > config.maxResponseBytes();
        int length = cut ? (int) config.maxResponseBytes() : bytes.length;
        MediaType type = body.contentType();
        Charset charset = type == null ? StandardCharsets.UTF_8 : type.charset(StandardCharsets.UTF_8);
        String text = new String(bytes, 0, length, charset);
        String subtype = type == null ? "" : type.subtype().toLowerCase(Locale.ROOT);
        if (config.optimizeResponse() && !cut) {
            if (subtype.equals("json") || subtype.endsWith("+json")) {
                try {
                    text = Json.parse(text, "the response").toString();
                } catch (NodeExecutionException e) {
                    // Not valid JSON after all: handed on as it came.
                }
            } else if (subtype.equals("html") || subtype.equals("xhtml+xml")) {
                text = Jsoup.parse(text).text();
            }
        } else if (config.optimizeResponse() && (subtype.equals("html") || subtype.equals("xhtml+xml"))) {
            text = Jsoup.parse(text).text();
        }
        String note = cut ? "\n[truncated: the response was longer than " + config.maxResponseBytes() + " bytes]" : "";
        if (text.length() > config.maxResultChars()) {
            note = "\n[truncated: " + text.length() + " characters of response text; only the first "
                    + config.maxResultChars() + " are shown]";
            text = text.substring(0, config.maxResultChars());
        }
        return text + note;
    }

    private enum Encoding { PLAIN, PATH, JSON }

    private HttpUrl url(JsonNode arguments) {
        String template = config.url();
        boolean whole = PLACEHOLDER.matcher(template).matches();
        String filled = fill(template, arguments, whole ? Encoding.PLAIN : Encoding.PATH);
        HttpUrl parsed = HttpUrl.parse(filled);
        if (parsed == null) {
            throw toolError("'" + Redaction.url(filled) + "' is not an http:// or https:// URL");
        }
        HttpUrl.Builder url = parsed.newBuilder();
        config.query().forEach((name, value) -> {
            Matcher only = PLACEHOLDER.matcher(value);
            if (only.matches() && missing(arguments, only.group(1))) {
                return;
            }
            url.addQueryParameter(name, fill(value, arguments, Encoding.PLAIN));
        });
        return url.build();
    }

    private static boolean missing(JsonNode arguments, String name) {
        JsonNode value = arguments.get(name);
        return value == null || value.isNull();
    }

    private String fill(String template, JsonNode arguments, Encoding encoding) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            JsonNode value = arguments.get(name);
            String text;
            if (value == null || value.isNull()) {
                if (placeholders.get(name).required()) {
                    throw toolError("argument '" + name + "' is required");
                }
                text = encoding == Encoding.JSON ? "null" : "";
            } else if (encoding == Encoding.JSON) {
                // Inside a JSON body: a string's characters escaped (the template holds the quotes), others as JSON.
                text = value.isTextual() ? Json.write(value.textValue()).substring(1).replaceAll("\"$", "")
                        : value.toString();
            } else {
                text = value.isTextual() ? value.textValue() : value.toString();
                if (encoding == Encoding.PATH) {
                    text = URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
                }
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(text));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static String shown(HttpUrl url) {
        return Redaction.url(url.toString());
    }

    private NodeExecutionException toolError(String message) {
        return new NodeExecutionException(ErrorCode.TOOL_ERROR, "http tool '" + config.name() + "': " + message);
    }

    private NodeExecutionException invalid(String message) {
        return new NodeExecutionException(ErrorCode.INVALID_INPUT, "http tool '" + config.name() + "': " + message);
    }

    /** Releases the connection pool's threads. */
    @Override
    public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    @Override
    public String toString() {
        return "HttpRequestTool[" + config.name() + " " + config.method() + " " + Redaction.url(config.url()) + ", auth "
                + config.auth() + "]";
    }
}
