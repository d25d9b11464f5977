package io.clusternode.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.sun.net.httpserver.HttpServer;
import io.clusternode.core.agent.AiAgent;
import io.clusternode.core.json.Json;
import io.clusternode.core.model.AgentConfig;
import io.clusternode.core.model.LlmResponse;
import io.clusternode.core.model.Message;
import io.clusternode.core.model.Role;
import io.clusternode.core.model.ToolCall;
import io.clusternode.core.model.Usage;
import io.clusternode.core.spi.Settings;
import io.clusternode.core.spi.ToolProvider;
import io.clusternode.core.testing.DocExamples;
import io.clusternode.core.testing.ScriptedModel;
import io.clusternode.core.tool.P;
import io.clusternode.core.tool.Tool;
import io.clusternode.core.tool.Tools;
import io.clusternode.mcp.McpServerConfig;
import io.clusternode.mcp.McpToolFactory;
import io.clusternode.mcp.McpToolSource;
import io.clusternode.mcp.NpmServers;
import io.clusternode.mcp.ToolFilter;
import io.clusternode.tools.http.HttpRequestTool;
import io.clusternode.tools.http.HttpToolConfig;
import io.clusternode.tools.http.HttpToolFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/tools.md (and the README's tool example) honest: each example below runs, and the page shows
 * exactly its text in the block after {@code <!-- tested: NAME -->}, so neither can change alone.
 */
class ToolsDocExamplesTest {

    private static final Path DOC = Path.of("..", "docs", "tools.md");
    private static final Path README = Path.of("..", "README.md");
    private static final Path THIS_SOURCE = Path.of("src", "test", "java", "io", "clusternode", "cli",
            "ToolsDocExamplesTest.java");

    /** A model that calls the named tool with the given arguments, then answers with the tool's result. */
    private static ScriptedModel callsTool(String tool, String arguments) {
        return new ScriptedModel("m", (messages, config) -> {
            Message last = messages.get(messages.size() - 1);
            return last.role() == Role.USER
                    ? new LlmResponse("", null, List.of(new ToolCall("c1", tool, arguments)), "tool_calls",
                            Usage.of(1, 1), "m")
                    : new LlmResponse(last.content(), null, List.of(), "stop", Usage.of(1, 1), "m");
        });
    }

    @Test
    @SuppressWarnings("UnusedMethod") // Weather.temperature is called by the agent through Tools.from
    void annotated() {
        ScriptedModel model = callsTool("temperature", "{\"city\":\"Paris\"}");
        // BEGIN annotated
        class Weather {
            @Tool("Current temperature in a city, in degrees Celsius")
            String temperature(@P("the city's name, e.g. Paris") String city) {
                return city + ": 21 °C";
            }
        }

        AiAgent agent = AiAgent.builder()
                .model(model)
                .tools(Tools.from(new Weather()))   // one tool per @Tool method
                .build();
        // END annotated
        assertThat(agent.execute(List.of(Message.user("How warm is Paris?")), AgentConfig.defaults()).content())
                .isEqualTo("Paris: 21 °C");
        assertThat(agent.toolDefinitions().get(0).parameters().at("/properties/city/description").asText())
                .isEqualTo("the city's name, e.g. Paris");
    }

    @Test
    void record() {
        // BEGIN record
        record City(@P("the city's name") String name, Optional<String> unit) {
        }

        ToolProvider weather = Tools.of("get_weather", "Current weather in a city", City.class,
                city -> Map.of("city", city.name(), "temperature", 21, "unit", city.unit().orElse("C")));
        // END record
        assertThat(Json.parse(weather.execute(Json.object().put("name", "Rome")), "result"))
                .isEqualTo(Json.parse("{\"city\":\"Rome\",\"temperature\":21,\"unit\":\"C\"}", "expected"));
        assertThat(weather.parameters().path("required").toString()).isEqualTo("[\"name\"]");
    }

    @Test
    void http() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = "{\"temperature\": 21}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
            // BEGIN http
            HttpToolConfig weather = HttpToolConfig.get("get_weather", "Current weather in a city",
                    baseUrl + "/weather/{city}",
                    List.of(new HttpToolConfig.Placeholder("city", "the city's name", HttpToolConfig.Type.STRING, true)));
            ToolProvider tool = new HttpRequestTool(weather);
            // END http
            // The example's server is on loopback: refused until allow-listed.
            assertThatThrownBy(() -> tool.execute(Json.object().put("city", "Oslo")))
                    .hasMessageContaining("is a loopback address");
            assertThat(new HttpRequestTool(weather.withAllow(List.of("127.0.0.1")))
                    .execute(Json.object().put("city", "Oslo"))).isEqualTo("{\"temperature\":21}");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void mcp() {
        ScriptedModel model = callsTool("echo", "{\"message\":\"hi\"}");
        String everything = String.join(" ", NpmServers.everything("stdio"));
        // BEGIN mcp
        try (McpToolSource server = McpToolSource.connect(McpServerConfig.parse(everything)
                .withFilter(ToolFilter.selected(Set.of("echo", "get-sum")))
                .withCallTimeout(Duration.ofSeconds(30)))) {
            AiAgent agent = AiAgent.builder().model(model).tools(server.tools()).build();
            System.out.println(agent.execute(List.of(Message.user("Say hi")), AgentConfig.defaults()).content());
        }
        // END mcp
        assertThat(model.requests().get(0).config().tools()).extracting(t -> t.name()).containsExactly("echo", "get-sum");
        assertThat(model.lastRequest().messages().get(2).content()).isEqualTo("Echo: hi");
    }

    @Test
    void theToolsFileExampleIsValid() throws IOException {
        Matcher block = Pattern.compile("<!-- tested: tools-file -->\\R```yaml\\R(.*?)\\R```", Pattern.DOTALL)
                .matcher(Files.readString(DOC, StandardCharsets.UTF_8));
        assertThat(block.find()).isTrue();
        JsonNode tools = new ObjectMapper(new YAMLFactory()).readTree(block.group(1)).path("tools");
        Settings settings = Settings.of(Map.of("WEATHER_API_TOKEN", "t", "MCP_TOKEN", "m"));
        assertThat(tools).hasSize(4);
        assertThat(tools.get(0).path("kind").asText()).isEqualTo("calculator");
        HttpToolConfig http = HttpToolFactory.config(tools.get(1), settings);
        assertThat(new HttpRequestTool(http).parameters().path("required").toString()).isEqualTo("[\"city\"]");
        assertThat(McpToolFactory.config(tools.get(2), settings).filter().mode()).isEqualTo(ToolFilter.Mode.EXCEPT);
        McpServerConfig remote = McpToolFactory.config(tools.get(3), settings);
        assertThat(remote.filter()).isEqualTo(ToolFilter.selected(Set.of("search")));
        assertThat(remote.callTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(remote.toString()).doesNotContain("Bearer m");
    }

    @Test
    void theDocsShowExactlyTheTestedExamples() throws IOException {
        DocExamples.assertPageShowsRegions(THIS_SOURCE, DOC, 4);
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        assertThat(DocExamples.block(Files.readString(README, StandardCharsets.UTF_8), "README.md", "annotated"))
                .as("README tool example").isEqualTo(DocExamples.block(doc, "tools.md", "annotated"));
    }
}
