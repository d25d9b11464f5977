package io.clusternode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusternode.core.json.Json;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {

    @TempDir
    Path home;

    private CliRunner cli;

    /** Chat trigger and webhook into an agent with the simulated model, window memory and calculator. */
    static final String BOT = """
            {"name": "bot", "nodes": [
              {"name": "Chat", "type": "@n8n/n8n-nodes-langchain.chatTrigger", "typeVersion": 1.1, "parameters": {}},
              {"name": "Hook", "type": "n8n-nodes-base.webhook", "typeVersion": 2, "parameters": {"path": "bot"}},
              {"name": "Prepare", "type": "n8n-nodes-base.set", "typeVersion": 3.4, "parameters": {"assignments":
                {"assignments": [{"name": "chatInput", "type": "string", "value": "={{ $json.body.message }}"},
                                 {"name": "sessionId", "type": "string", "value": "={{ $json.body.sessionId }}"}]}}},
              {"name": "Agent", "type": "@n8n/n8n-nodes-langchain.agent", "typeVersion": 1.8,
               "parameters": {"promptType": "define", "text": "={{ $json.chatInput }}"}},
              {"name": "Model", "type": "clusternode.lmChatSimulated", "typeVersion": 1, "parameters": {}},
              {"name": "Memory", "type": "@n8n/n8n-nodes-langchain.memoryBufferWindow", "typeVersion": 1.3, "parameters": {}},
              {"name": "Calculator", "type": "@n8n/n8n-nodes-langchain.toolCalculator", "typeVersion": 1, "parameters": {}},
              {"name": "Respond", "type": "n8n-nodes-base.respondToWebhook", "typeVersion": 1.1, "parameters": {}}
            ], "connections": {
              "Chat": {"main": [[{"node": "Agent", "type": "main", "index": 0}]]},
              "Hook": {"main": [[{"node": "Prepare", "type": "main", "index": 0}]]},
              "Prepare": {"main": [[{"node": "Agent", "type": "main", "index": 0}]]},
              "Agent": {"main": [[{"node": "Respond", "type": "main", "index": 0}]]},
              "Model": {"ai_languageModel": [[{"node": "Agent", "type": "ai_languageModel", "index": 0}]]},
              "Memory": {"ai_memory": [[{"node": "Agent", "type": "ai_memory", "index": 0}]]},
              "Calculator": {"ai_tool": [[{"node": "Agent", "type": "ai_tool", "index": 0}]]}
            }}""";

    @BeforeEach
    void setUp() {
        cli = new CliRunner(home, Map.of());
    }

    private Path write(String name, String text) throws Exception {
        Path file = home.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    @Test
    void chatMessagePrintsItemsAsJsonOrText() throws Exception {
        Path bot = write("bot.json", BOT);
        CliRunner.Result json = cli.run("run", bot.toString(), "-m", "What is 12 * 7?", "--session", "alice");
        assertThat(json.code()).as(json.err()).isZero();
        assertThat(Json.parse(json.out(), "out")).isEqualTo(Json.parse(
                "[{\"json\": {\"output\": \"The result is 84.\"}, \"pairedItem\": {\"item\": 0}}]", "x"));
        CliRunner.Result text = cli.run("run", bot.toString(), "-m", "What is 2 + 3?", "--output", "text");
        assertThat(text.out()).isEqualTo("The result is 5." + System.lineSeparator());
    }

    @Test
    void webhookInputAndVerboseTrace() throws Exception {
        Path bot = write("bot.json", BOT);
        CliRunner.Result result = cli.run("run", bot.toString(), "--input",
                "{\"body\": {\"message\": \"What is 6 * 7?\", \"sessionId\": \"s1\"}}", "--output", "text", "--verbose");
        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("The result is 42." + System.lineSeparator());
        assertThat(result.err()).contains("[node] Hook (webhook v2)").contains("[node] Prepare done: 1 item in")
                .contains("tool calculator {\"expression\":\"6 * 7\"} -> 42").contains("[node] Respond done");
    }

    @Test
    void interactiveChatKeepsOneSession() throws Exception {
        Path bot = write("bot.json", BOT);
        CliRunner.Result result = cli.runWithInput("hello\nhello again\n/exit\n", "run", bot.toString(), "--session", "s");
        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.out().lines()).containsExactly(
                "Simulated reply to \"hello\" (I received 0 earlier conversation messages).",
                "Simulated reply to \"hello again\" (I received 2 earlier conversation messages).");
    }

    @Test
    void unsupportedNodesFailAtLoadOneLineEach() throws Exception {
        Path file = write("serp.json", BOT.replace("\"@n8n/n8n-nodes-langchain.toolCalculator\"",
                "\"@n8n/n8n-nodes-langchain.toolSerpApi\"").replace("\"Calculator\"", "\"SerpAPI\""));
        CliRunner.Result result = cli.run("run", file.toString(), "-m", "hi");
        assertThat(result.code()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err().lines()).containsExactly(
                "error: UNSUPPORTED_NODE: node 'SerpAPI' (@n8n/n8n-nodes-langchain.toolSerpApi v1) is not supported");
    }

    @Test
    void validateListsEveryNode() throws Exception {
        Path bot = write("bot.json", BOT);
        CliRunner.Result ok = cli.run("workflow", "validate", bot.toString());
        assertThat(ok.code()).isZero();
        assertThat(ok.out()).contains("supported   node 'Agent' (@n8n/n8n-nodes-langchain.agent v1.8) - main")
                .contains("supported   node 'Calculator' (@n8n/n8n-nodes-langchain.toolCalculator v1) - tool")
                .contains("ok: the workflow can run");
        Path bad = write("bad.json", BOT.replace("\"@n8n/n8n-nodes-langchain.toolCalculator\"", "\"x.unknown\""));
        CliRunner.Result refused = cli.run("workflow", "validate", bad.toString());
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.out()).contains("unsupported node 'Calculator' (x.unknown v1) - unknown node type");
        assertThat(refused.err()).contains("error: UNSUPPORTED_NODE: node 'Calculator' (x.unknown v1) is not supported");
    }

    @Test
    void malformedWorkflowAndBadInputAreOneLine() throws Exception {
        Path broken = write("broken.json", "{\"nodes\": [");
        CliRunner.Result result = cli.run("run", broken.toString());
        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err().lines()).hasSize(1).first().asString().startsWith("error: INVALID_JSON: workflow broken.json");
        Path bot = write("bot.json", BOT);
        assertThat(cli.run("run", bot.toString(), "--input", "[1]").err()).contains("--input must be a JSON object");
    }

    @Test
    void secretsNeverReachOutput() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path flow = write("gpt.json", BOT.replace("{\"name\": \"Model\", \"type\": \"clusternode.lmChatSimulated\", \"typeVersion\": 1, \"parameters\": {}}",
                "{\"name\": \"Model\", \"type\": \"@n8n/n8n-nodes-langchain.lmChatOpenAi\", \"typeVersion\": 1.2,"
                        + " \"parameters\": {\"options\": {\"maxRetries\": 0, \"timeout\": 2000}},"
                        + " \"credentials\": {\"openAiApi\": {\"id\": \"1\", \"name\": \"main\"}}}"));
        Path creds = write("creds.json", "{\"openAiApi\": {\"apiKey\": \"sk-SECRET-42\", \"url\": \"http://127.0.0.1:" + port + "/v1\"}}");
        CliRunner.Result result = cli.run("run", flow.toString(), "-m", "hi", "--credentials", creds.toString(), "--verbose");
        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).contains("error: ").doesNotContain("sk-SECRET-42");
        assertThat(result.out()).doesNotContain("sk-SECRET-42");
        CliRunner.Result missing = cli.run("run", flow.toString(), "-m", "hi");
        assertThat(missing.err()).contains("MISSING_CREDENTIAL").contains("node 'Model' needs credential 'openAiApi'");
    }

    /** BOT with its calculator replaced by the given tool node (named Weather). */
    private static String withTool(String toolNode) {
        return BOT.replace("{\"name\": \"Calculator\", \"type\": \"@n8n/n8n-nodes-langchain.toolCalculator\", \"typeVersion\": 1, \"parameters\": {}}",
                toolNode).replace("\"Calculator\": {\"ai_tool\"", "\"Weather\": {\"ai_tool\"");
    }

    private static String weatherTool(int port) {
        return """
                {"name": "Weather", "type": "@n8n/n8n-nodes-langchain.toolHttpRequest", "typeVersion": 1.1,
                 "parameters": {"toolDescription": "Weather for a city", "url": "http://127.0.0.1:%d/weather/{city}",
                   "authentication": "genericCredentialType", "genericAuthType": "httpHeaderAuth"},
                 "credentials": {"httpHeaderAuth": {"id": "1", "name": "key"}}}""".formatted(port);
    }

    @Test
    void validateListsTheHttpAndMcpToolNodesAsSupported() throws Exception {
        Path v1 = write("v1.json", withTool(weatherTool(8080)));
        assertThat(cli.run("workflow", "validate", v1.toString()).out())
                .contains("supported   node 'Weather' (@n8n/n8n-nodes-langchain.toolHttpRequest v1.1) - tool")
                .contains("ok: the workflow can run");
        Path v4 = write("v4.json", withTool("""
                {"name": "Weather", "type": "n8n-nodes-base.httpRequestTool", "typeVersion": 4.2,
                 "parameters": {"url": "=https://api.example.com/{{ $fromAI('city') }}", "options": {}}}"""));
        assertThat(cli.run("workflow", "validate", v4.toString()).out())
                .contains("supported   node 'Weather' (n8n-nodes-base.httpRequestTool v4.2) - tool");
        Path mcp = write("mcp.json", withTool("""
                {"name": "Weather", "type": "@n8n/n8n-nodes-langchain.mcpClientTool", "typeVersion": 1.2,
                 "parameters": {"endpointUrl": "http://127.0.0.1:1/mcp", "include": "except", "excludeTools": ["x"]}}"""));
        CliRunner.Result mcpResult = cli.run("workflow", "validate", mcp.toString());
        assertThat(mcpResult.code()).isZero();
        assertThat(mcpResult.out()).contains("supported   node 'Weather' (@n8n/n8n-nodes-langchain.mcpClientTool v1.2) - tool");
        Path oauth = write("oauth1.json", withTool(weatherTool(8080).replace("httpHeaderAuth\"}", "oAuth1Api\"}")));
        CliRunner.Result refused = cli.run("workflow", "validate", oauth.toString());
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.out()).contains("unsupported node 'Weather'").contains("generic credential type 'oAuth1Api'");
    }

    @Test
    void httpToolRunsWithTheAllowListFromTheEnvironmentAndKeepsItsCredentialSecret() throws Exception {
        java.util.List<String> keys = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer api = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        api.createContext("/", exchange -> {
            keys.add(exchange.getRequestURI().getPath() + " " + exchange.getRequestHeaders().getFirst("X-Api-Key"));
            byte[] out = "sunny".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        api.start();
        try {
            Path flow = write("weather.json", withTool(weatherTool(api.getAddress().getPort())));
            Path creds = write("creds.json", "{\"httpHeaderAuth\": {\"name\": \"X-Api-Key\", \"value\": \"hk-SECRET-77\"}}");
            CliRunner.Result refused = cli.run("run", flow.toString(), "-m", "use Weather for Paris", "--credentials",
                    creds.toString(), "--output", "text");
            assertThat(refused.code()).as(refused.err()).isZero();
            assertThat(refused.out()).contains("refused").contains("CLUSTERNODE_HTTP_ALLOW").doesNotContain("hk-SECRET-77");
            assertThat(keys).isEmpty();

            CliRunner allowed = new CliRunner(home, Map.of("CLUSTERNODE_HTTP_ALLOW", "127.0.0.1"));
            CliRunner.Result result = allowed.run("run", flow.toString(), "-m", "use Weather for Paris", "--credentials",
                    creds.toString(), "--output", "text", "--verbose");
            assertThat(result.code()).as(result.err()).isZero();
            assertThat(result.out()).isEqualTo("The result is sunny." + System.lineSeparator());
            assertThat(result.err()).contains("tool Weather {\"city\":\"Paris\"} -> sunny");
            assertThat(keys).containsExactly("/weather/Paris hk-SECRET-77");
            assertThat(result.out() + result.err()).doesNotContain("hk-SECRET-77");
        } finally {
            api.stop(0);
        }
    }
}
