package io.clusternode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code clusternode serve} refuses before it listens (the running server is tested in ServeIT). */
class ServeCommandTest {

    @TempDir
    Path home;

    @Test
    void refusesAPublicAddressWithoutApiKeys() {
        CliRunner.Result result = new CliRunner(home, Map.of()).run("serve", "--host", "0.0.0.0", "--port", "0");
        assertThat(result.code()).isEqualTo(ClusterNodeCli.EXIT_FAILURE);
        assertThat(result.err()).contains("error: INVALID_INPUT: refusing to listen on 0.0.0.0 without API keys");
    }

    @Test
    void describesAnInvalidSettingWithoutEchoingIt() {
        CliRunner.Result result = new CliRunner(home, Map.of("CLUSTERNODE_MAX_BODY_BYTES", "sk-looks-secret"))
                .run("serve", "--port", "0");
        assertThat(result.code()).isEqualTo(ClusterNodeCli.EXIT_FAILURE);
        assertThat(result.err()).contains("CLUSTERNODE_MAX_BODY_BYTES must be a whole number of bytes")
                .doesNotContain("sk-looks-secret");
    }

    @Test
    void theFlagWinsOverTheEnvironmentAndTheFile() throws Exception {
        Path config = home.resolve("server.properties");
        Files.writeString(config, "CLUSTERNODE_HOST=10.1.2.3\n");
        // The file says a public address (refused without keys); the environment says another one; the flag
        // says a third: the error names the flag's address.
        CliRunner.Result result = new CliRunner(home, Map.of("CLUSTERNODE_HOST", "10.9.9.9"))
                .run("serve", "--config", config.toString(), "--host", "0.0.0.0", "--port", "0");
        assertThat(result.err()).contains("refusing to listen on 0.0.0.0");
        CliRunner.Result fromEnv = new CliRunner(home, Map.of("CLUSTERNODE_HOST", "10.9.9.9"))
                .run("serve", "--config", config.toString(), "--port", "0");
        assertThat(fromEnv.err()).contains("refusing to listen on 10.9.9.9");
        CliRunner.Result fromFile = new CliRunner(home, Map.of()).run("serve", "--config", config.toString(),
                "--port", "0");
        assertThat(fromFile.err()).contains("refusing to listen on 10.1.2.3");
    }

    @Test
    void helpListsTheServerOptions() {
        CliRunner.Result result = new CliRunner(home, Map.of()).run("serve", "--help");
        assertThat(result.code()).isZero();
        assertThat(result.out()).contains("--host", "--port", "--api-key-file", "--max-concurrent-runs",
                "--request-timeout", "--cors-origin", "CLUSTERNODE_API_KEYS", "--mcp-endpoint",
                "CLUSTERNODE_MCP_ENDPOINT", "--workflows", "--credentials");
    }

    @Test
    void refusesWorkflowsItCannotServeNamingTheFileAndEachProblem() throws Exception {
        Path flows = Files.createDirectories(home.resolve("flows"));
        Files.writeString(flows.resolve("search.json"), "{\"name\":\"Search\",\"nodes\":[{\"name\":\"SerpAPI\","
                + "\"type\":\"@n8n/n8n-nodes-langchain.toolSerpApi\",\"typeVersion\":1,\"parameters\":{}},"
                + "{\"name\":\"Slack\",\"type\":\"n8n-nodes-base.slack\",\"typeVersion\":2,\"parameters\":{}}],"
                + "\"connections\":{}}");
        CliRunner.Result result = new CliRunner(home, Map.of()).run("serve", "--port", "0", "--workflows",
                flows.toString());
        assertThat(result.code()).isEqualTo(ClusterNodeCli.EXIT_FAILURE);
        assertThat(result.err()).contains("search.json: UNSUPPORTED_NODE: node 'SerpAPI'",
                "search.json: UNSUPPORTED_NODE: node 'Slack'").doesNotContain("\tat ");
    }
}
