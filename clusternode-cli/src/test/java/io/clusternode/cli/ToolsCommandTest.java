package io.clusternode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clusternode.core.json.Json;
import io.clusternode.mcp.NpmServers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToolsCommandTest {

    @TempDir
    Path home;

    private CliRunner cli() {
        return new CliRunner(home, Map.of("WEATHER_TOKEN", "t0ken"));
    }

    private static String everything() {
        return NpmServers.everything("stdio").stream().map(w -> "\"" + w + "\"").collect(Collectors.joining(" "));
    }

    @Test
    void withoutOptionsAnAgentGetsTheCalculatorAndTheClock() {
        CliRunner.Result result = cli().run("tools", "list");
        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.out()).startsWith("calculator - Evaluates an arithmetic expression")
                .contains("current_datetime - Returns the current date")
                .contains("\"expression\" : {")
                .endsWith("2 tools" + System.lineSeparator());
    }

    @Test
    void jsonIsWhatTheModelGets() {
        CliRunner.Result result = cli().run("tools", "list", "--tool", "calculator", "--json");
        assertThat(result.code()).as(result.err()).isZero();
        JsonNode tools = Json.parse(result.out(), "output");
        assertThat(tools).hasSize(1);
        assertThat(tools.get(0).path("name").asText()).isEqualTo("calculator");
        assertThat(tools.get(0).at("/parameters/required/0").asText()).isEqualTo("expression");
    }

    @Test
    void anUnknownKindNamesTheKnownOnesAndTheModuleToAdd() {
        CliRunner.Result unknown = cli().run("tools", "list", "--tool", "nope");
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).startsWith("error: INVALID_INPUT: unknown tool kind 'nope'; known kinds: "
                + "calculator, datetime, http, mcp, weather");
        CliRunner.Result kinds = cli().run("tools", "kinds");
        assertThat(kinds.out()).contains("calculator - ").contains("mcp - The tools of an MCP server")
                .contains("weather - Made-up weather, for tests.");
    }

    @Test
    void theHttpKindGivesAGetOfAPublicUrl() {
        CliRunner.Result result = cli().run("tools", "list", "--tool", "http", "--json");
        assertThat(result.code()).as(result.err()).isZero();
        JsonNode tools = Json.parse(result.out(), "output");
        assertThat(tools.get(0).path("name").asText()).isEqualTo("http_request");
        assertThat(tools.get(0).at("/parameters/required/0").asText()).isEqualTo("url");
    }

    @Test
    void aJarOnTheClassPathAddsAToolKind() {
        CliRunner.Result result = cli().run("tools", "list", "--tool", "weather");
        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.out()).startsWith("get_weather - Current weather in a city").contains("\"city\" : {")
                .contains("\"description\" : \"the city's name\"");
    }

    @Test
    void anMcpServerOnTheCommandLineGivesAllItsTools() {
        CliRunner.Result result = cli().run("tools", "list", "--tool", "calculator", "--mcp", everything());
        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.out()).contains("calculator - ").contains("echo - Echoes back the input string")
                .contains("get-sum - ").contains("\"description\" : \"Message to echo\"");
    }

    @Test
    void aYamlToolsFileSelectsServerToolsAndConfiguresKinds() throws IOException {
        Path file = home.resolve("tools.yaml");
        Files.writeString(file, """
                tools:
                  - kind: calculator
                  - kind: weather
                    unit: F
                  - kind: mcp
                    command: [%s]
                    include: selected
                    includeTools: [echo, get-sum]
                    timeoutSeconds: 5
                """.formatted(NpmServers.everything("stdio").stream().map(w -> "\"" + w + "\"")
                .collect(Collectors.joining(", "))));
        CliRunner.Result result = cli().run("tools", "list", "--tools-file", file.toString(), "--json");
        assertThat(result.code()).as(result.err()).isZero();
        assertThat(Json.parse(result.out(), "output").findValuesAsText("name"))
                .containsExactly("calculator", "get_weather", "echo", "get-sum");
    }

    @Test
    void aJsonToolsFileWithAMistakeIsOneClearLine() throws IOException {
        Path file = home.resolve("tools.json");
        Files.writeString(file, "{\"tools\":[{\"kind\":\"mcp\",\"command\":\"x\",\"include\":\"some\"}]}");
        CliRunner.Result result = cli().run("tools", "list", "--tools-file", file.toString());
        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("error: INVALID_INPUT: mcp tool: 'include' must be all, selected or except"
                + System.lineSeparator());
        Files.writeString(file, "{\"tools\":[{\"kind\":\"calculator\",\"precision\":2}]}");
        assertThat(cli().run("tools", "list", "--tools-file", file.toString()).err())
                .isEqualTo("error: INVALID_INPUT: calculator tool: unknown option(s) precision; it takes none"
                        + System.lineSeparator());
        Files.writeString(file, "{\"tools\":[{\"kind\":\"mcp\",\"comand\":\"x\"}]}");
        assertThat(cli().run("tools", "list", "--tools-file", file.toString()).err())
                .startsWith("error: INVALID_INPUT: mcp tool: unknown option(s) comand; known: command, ");
        Files.writeString(file, "{\"tools\":[{\"command\":\"x\"}]}");
        assertThat(cli().run("tools", "list", "--tools-file", file.toString()).err())
                .contains("tool 1 needs a 'kind'");
        Files.writeString(file, "{\"tools\":[{\"kind\":\"mcp\",\"url\":\"http://127.0.0.1:9/mcp\","
                + "\"headers\":{\"Authorization\":\"Bearer ${MCP_TOKEN}\"}}]}");
        assertThat(cli().run("tools", "list", "--tools-file", file.toString()).err())
                .isEqualTo("error: MISSING_CREDENTIAL: MCP headers 'Authorization' needs the setting MCP_TOKEN, which"
                        + " is not set (environment or configuration file)" + System.lineSeparator());
    }

    @Test
    void theOfflineModelCallsACustomToolOrAnMcpToolItIsToldToUse() {
        CliRunner.Result weather = cli().run("chat", "--tool", "weather", "-m", "use get_weather for Paris");
        assertThat(weather.code()).as(weather.err()).isZero();
        assertThat(weather.out()).isEqualTo("The result is 21 C and sunny in Paris." + System.lineSeparator());
        CliRunner.Result echo = cli().run("chat", "--mcp", everything(), "-m", "use echo with hello");
        assertThat(echo.code()).as(echo.err()).isZero();
        assertThat(echo.out()).isEqualTo("The result is Echo: hello." + System.lineSeparator());
    }

    @Test
    void chatUsesTheToolsGiven() {
        CliRunner.Result result = cli().run("chat", "--verbose", "--tool", "calculator", "--mcp", everything(),
                "-m", "What is 6 * 7?");
        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.out()).contains("The result is 42.");
        assertThat(result.err()).contains("[tool] calculator");
    }
}
