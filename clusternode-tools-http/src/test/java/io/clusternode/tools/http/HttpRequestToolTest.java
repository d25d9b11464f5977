package io.clusternode.tools.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.clusternode.core.error.ErrorCode;
import io.clusternode.core.error.NodeExecutionException;
import io.clusternode.core.json.Json;
import io.clusternode.core.spi.Settings;
import io.clusternode.core.spi.ToolProvider;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpRequestToolTest {

    /** One request as the loopback server saw it. */
    record Seen(String method, String uri, String authorization, String apiKey, String body) {
    }

    private HttpServer server;
    private String base;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                exchange.getRequestHeaders().getFirst("Authorization"), exchange.getRequestHeaders().getFirst("X-Api-Key"),
                body));
        String path = exchange.getRequestURI().getPath();
        switch (path) {
            case "/redirect-metadata" -> redirect(exchange, "http://169.254.169.254/latest/meta-data/");
            case "/redirect-private" -> redirect(exchange, "http://10.1.2.3/admin");
            case "/redirect-local" -> redirect(exchange, "/weather/Lyon");
            case "/page" -> respond(exchange, 200, "text/html; charset=utf-8", "<html><head><title>T</title>"
                    + "<style>p{color:red}</style><script>alert(1)</script></head><body><h1>Weather</h1>"
                    + "<p>Sunny &amp; 21&deg;C</p></body></html>");
            case "/big" -> respond(exchange, 200, "text/plain", "x".repeat(5 * 1024 * 1024));
            case "/slow" -> {
                try {
                    Thread.sleep(5000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                respond(exchange, 200, "text/plain", "late");
            }
            case "/missing" -> respond(exchange, 404, "application/json", "{\"error\":\"no such city\"}");
            default -> respond(exchange, 200, "application/json", "{ \"city\" : \"" + path.substring(path.lastIndexOf('/')
                    + 1) + "\", \"query\" : \"" + exchange.getRequestURI().getRawQuery() + "\" }");
        }
    }

    private static void redirect(HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().add("Location", location);
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private static void respond(HttpExchange exchange, int status, String type, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        } catch (IOException e) {
            // The client stopped reading (a size limit): nothing to do.
        }
    }

    private HttpToolConfig weather() {
        return HttpToolConfig.get("get_weather", "Current weather in a city", base + "/weather/{city}",
                        List.of(new HttpToolConfig.Placeholder("city", "the city's name", HttpToolConfig.Type.STRING, true),
                                new HttpToolConfig.Placeholder("units", "metric or imperial", HttpToolConfig.Type.STRING,
                                        false)))
                .withRequest("GET", Map.of("units", "{units}"), null, null);
    }

    private static JsonNode args(String json) {
        return Json.parse(json, "arguments");
    }

    private static void refused(ToolProvider tool, JsonNode arguments, String... fragments) {
        assertThatThrownBy(() -> tool.execute(arguments)).isInstanceOfSatisfying(NodeExecutionException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.TOOL_ERROR);
            assertThat(e.getMessage()).contains(fragments);
        });
    }

    @Test
    void placeholdersBecomeTypedDescribedArguments() {
        HttpRequestTool tool = new HttpRequestTool(weather());
        assertThat(tool.parameters()).isEqualTo(Json.parse("""
                {"type":"object","properties":{
                  "city":{"type":"string","description":"the city's name"},
                  "units":{"type":"string","description":"metric or imperial"}},
                 "required":["city"],"additionalProperties":false}""", "expected"));
    }

    @Test
    void aLoopbackTargetIsRefusedWithoutAnAllowListEntry() {
        refused(new HttpRequestTool(weather()), args("{\"city\":\"Paris\"}"),
                "http tool 'get_weather': request to " + base + "/weather/Paris refused: the address of 127.0.0.1"
                        + " (127.0.0.1) is a loopback address, which the HTTP tool refuses unless it is allow-listed");
        refused(new HttpRequestTool(HttpToolFactory.generic()), args("{\"url\":\"http://localhost:"
                + server.getAddress().getPort() + "/weather/x\"}"), "the address of localhost", "is a loopback address");
        assertThat(seen).isEmpty();
    }

    @Test
    void theCloudMetadataAddressIsRefusedBeforeAnyConnection() {
        HttpRequestTool generic = new HttpRequestTool(HttpToolFactory.generic());
        refused(generic, args("{\"url\":\"http://169.254.169.254/latest/meta-data/\"}"),
                "(169.254.169.254) is a link-local address");
        refused(generic, args("{\"url\":\"http://10.0.0.1/\"}"), "(10.0.0.1) is a private address");
        refused(generic, args("{\"url\":\"http://[::1]/\"}"), "is a loopback address");
        refused(generic, args("{\"url\":\"file:///etc/passwd\"}"), "is not an http:// or https:// URL");
    }

    @Test
    void aRedirectToAPrivateAddressIsRefusedEvenFromAnAllowedHost() {
        HttpRequestTool generic = new HttpRequestTool(HttpToolFactory.generic().withAllow(List.of("127.0.0.1")));
        refused(generic, args("{\"url\":\"" + base + "/redirect-metadata\"}"),
                "request to http://169.254.169.254/latest/meta-data/ refused", "is a link-local address");
        refused(generic, args("{\"url\":\"" + base + "/redirect-private\"}"), "(10.1.2.3) is a private address");
        assertThat(seen).extracting(Seen::uri).containsExactly("/redirect-metadata", "/redirect-private");
        // A redirect within the allowed host is followed.
        assertThat(generic.execute(args("{\"url\":\"" + base + "/redirect-local\"}")))
                .isEqualTo("{\"city\":\"Lyon\",\"query\":\"null\"}");
    }

    @Test
    void anAllowListedLoopbackTargetWorksWithPlaceholdersInPathAndQuery() {
        HttpRequestTool tool = new HttpRequestTool(weather().withAllow(List.of("127.0.0.0/8")));
        assertThat(tool.execute(args("{\"city\":\"São Paulo\",\"units\":\"metric\"}")))
                .isEqualTo("{\"city\":\"São Paulo\",\"query\":\"units=metric\"}");
        assertThat(seen.get(0).uri()).isEqualTo("/weather/S%C3%A3o%20Paulo?units=metric");
        // An optional placeholder left out drops its query parameter.
        assertThat(tool.execute(args("{\"city\":\"Oslo\"}"))).isEqualTo("{\"city\":\"Oslo\",\"query\":\"null\"}");
    }

    @Test
    void aPostBodyGetsTheArgumentsAsJsonAndCredentialsStayOutOfSight() {
        HttpToolConfig config = new HttpToolConfig("create_ticket", "Opens a support ticket", "POST",
                base + "/tickets", null, Map.of("X-Request", "ticket for {customer}"),
                "{\"title\":\"{title}\",\"priority\":{priority}}",
                List.of(new HttpToolConfig.Placeholder("title", "one line", HttpToolConfig.Type.STRING, true),
                        new HttpToolConfig.Placeholder("priority", "1 (high) to 3", HttpToolConfig.Type.INTEGER, true),
                        new HttpToolConfig.Placeholder("customer", null, HttpToolConfig.Type.STRING, true)),
                new HttpToolConfig.Auth.Bearer("s3cr3t-token"), List.of("127.0.0.1"), null, 0, 0, true);
        HttpRequestTool tool = new HttpRequestTool(config);
        tool.execute(args("{\"title\":\"Printer \\\"on fire\\\"\",\"priority\":1,\"customer\":\"ACME\"}"));
        Seen request = seen.get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.authorization()).isEqualTo("Bearer s3cr3t-token");
        assertThat(Json.parse(request.body(), "body")).isEqualTo(Json.parse(
                "{\"title\":\"Printer \\\"on fire\\\"\",\"priority\":1}", "expected"));
        assertThat(tool.toString() + tool.toolDefinition() + config).doesNotContain("s3cr3t");

        HttpToolConfig missing = config.withRequest("GET", null, null, null);
        HttpRequestTool failing = new HttpRequestTool(new HttpToolConfig("lookup", null, "GET", base + "/missing", null,
                null, null, null, new HttpToolConfig.Auth.Header("X-Api-Key", "k3y-value"), List.of("127.0.0.1"), null,
                0, 0, true));
        assertThatThrownBy(() -> failing.execute(args("{}"))).satisfies(e -> assertThat(e.getMessage())
                .isEqualTo("http tool 'lookup': HTTP 404 from GET " + base + "/missing: {\"error\":\"no such city\"}")
                .doesNotContain("k3y"));
        assertThat(seen.get(1).apiKey()).isEqualTo("k3y-value");
        assertThat(missing.auth().toString()).isEqualTo("Bearer[***]");
    }

    @Test
    void htmlIsReducedToItsTextAndLongResponsesAreCut() {
        HttpRequestTool generic = new HttpRequestTool(HttpToolFactory.generic().withAllow(List.of("127.0.0.1")));
        assertThat(generic.execute(args("{\"url\":\"" + base + "/page\"}"))).isEqualTo("T Weather Sunny & 21°C");

        HttpRequestTool bounded = new HttpRequestTool(HttpToolFactory.generic().withAllow(List.of("127.0.0.1"))
                .withLimits(Duration.ofSeconds(10), 1_000_000, 500));
        String text = bounded.execute(args("{\"url\":\"" + base + "/big\"}"));
        assertThat(text).startsWith("xxxx").endsWith("\n[truncated: 1000000 characters of response text; only the"
                + " first 500 are shown]").hasSizeLessThan(600);
    }

    @Test
    void aSlowServerIsATimeout() {
        HttpRequestTool slow = new HttpRequestTool(HttpToolFactory.generic().withAllow(List.of("127.0.0.1"))
                .withLimits(Duration.ofMillis(500), 0, 0));
        assertThatThrownBy(() -> slow.execute(args("{\"url\":\"" + base + "/slow\"}")))
                .isInstanceOfSatisfying(NodeExecutionException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.TIMEOUT);
                    assertThat(e.getMessage()).isEqualTo("http tool 'http_request': no complete response from " + base
                            + "/slow within 500 ms");
                });
    }

    @Test
    void theFactoryReadsCredentialsFromSettingsByName() {
        JsonNode options = Json.parse("""
                {"kind":"http","name":"get_weather","url":"%s/weather/{city}","allow":["127.0.0.1"],
                 "placeholders":[{"name":"city","description":"the city"}],
                 "auth":{"type":"bearer","token":"WEATHER_TOKEN"}}""".formatted(base), "options");
        ToolProvider tool = new HttpToolFactory().create(options, Settings.of(Map.of("WEATHER_TOKEN", "tok-123")))
                .get(0);
        assertThat(tool.execute(args("{\"city\":\"Rome\"}"))).contains("\"city\":\"Rome\"");
        assertThat(seen.get(0).authorization()).isEqualTo("Bearer tok-123");
        assertThatThrownBy(() -> new HttpToolFactory().create(options, Settings.empty()))
                .isInstanceOfSatisfying(NodeExecutionException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.MISSING_CREDENTIAL);
                    assertThat(e.getMessage()).contains("WEATHER_TOKEN");
                });
        assertThat(new HttpToolFactory().create(Json.object(), Settings.empty()).get(0).name()).isEqualTo("http_request");
    }

    @Test
    void queryAuthAddsItsParameterAfterTheOthersInOrderAndMessagesMaskIt() {
        JsonNode options = Json.parse("""
                {"kind":"http","name":"search","url":"%s/search/{q}","allow":["127.0.0.1"],
                 "query":{"z":"last","a":"first"},
                 "auth":{"type":"query","name":"api_key","value":"SEARCH_KEY"}}""".formatted(base), "options");
        ToolProvider tool = new HttpToolFactory().create(options, Settings.of(Map.of("SEARCH_KEY", "qk-secret-9")))
                .get(0);
        assertThat(tool.execute(args("{\"q\":\"cats\"}"))).contains("\"query\":\"z=last&a=first&api_key=qk-secret-9\"");
        assertThat(tool.toString()).contains("Query[api_key=***]").doesNotContain("qk-secret-9");

        HttpRequestTool failing = new HttpRequestTool(new HttpToolConfig("lookup", null, "GET", base + "/missing", null,
                null, null, null, new HttpToolConfig.Auth.Query("api_key", "qk-secret-9"), List.of("127.0.0.1"), null,
                0, 0, true));
        assertThatThrownBy(() -> failing.execute(args("{}"))).satisfies(e -> assertThat(e.getMessage())
                .contains("HTTP 404").contains("api_key=***").doesNotContain("qk-secret-9"));
    }
}
